#!/usr/bin/env bash
# Builds the macOS release, on a Mac only (Xcode command line tools, Go):
#   dist/CDOP Case Manager.app                    universal (Apple silicon and Intel)
#   dist/CDOP-Case-Manager-VERSION-macos.dmg     the .app, a link to Applications, the licences
# Each architecture is packaged by `fyne package -os darwin` (from
# cmd/cdop, where FyneApp.toml is) with the accessibility tag and
# FyneApp.toml's version stamped in; lipo joins the two.
#
# Signing (optional): CDOP_MAC_SIGN_IDENTITY names a "Developer ID
# Application: ... (TEAMID)" identity in the keychain; the app is signed
# with the hardened runtime and a timestamp, and so is the .dmg.
# Notarisation (optional, needs signing): CDOP_MAC_NOTARY_PROFILE names a
# notarytool keychain profile (xcrun notarytool store-credentials), or
# CDOP_MAC_NOTARY_APPLE_ID, CDOP_MAC_NOTARY_TEAM_ID and
# CDOP_MAC_NOTARY_PASSWORD (an app-specific password) are given; the ticket
# is stapled to the .dmg.
# Without an identity the app is signed ad hoc: it runs, but Gatekeeper
# says the developer cannot be verified (see README).
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
if [ "$(uname -s)" != Darwin ]; then
  echo "package-darwin runs on a Mac only (it needs Xcode's clang, lipo, codesign and hdiutil);" >&2
  echo "use the macOS workflow (.github/workflows/macos.yml) or a Mac with the Xcode command line tools." >&2
  exit 1
fi
GO=${GO:-go}
. packaging/lib.sh
VERSION=${VERSION:-$(fyneapp_version)}
NAME="CDOP Case Manager"
FYNE_TOOL=fyne.io/tools/cmd/fyne@v1.7.4
dist=$root/dist
dmg=$dist/CDOP-Case-Manager-$VERSION-macos.dmg

work=$(mktemp -d)
# fyne package adds one to Build in FyneApp.toml; a release leaves the source as it was.
cp cmd/cdop/FyneApp.toml "$work/FyneApp.toml"
cleanup() { cp "$work/FyneApp.toml" "$root/cmd/cdop/FyneApp.toml"; rm -rf "$work"; }
trap cleanup EXIT

say "fyne tool ($FYNE_TOOL)"
GOBIN=$work/bin "$GO" install "$FYNE_TOOL"

for arch in arm64 amd64; do
  say "packaging for $arch"
  (cd cmd/cdop && GOARCH=$arch CGO_ENABLED=1 GOFLAGS="-ldflags=-X=casemanager/release.stamped=$VERSION" \
    "$work/bin/fyne" package -os darwin --release --tags accessibility --app-version "$VERSION")
  mkdir -p "$work/$arch"
  rm -rf "$work/$arch/$NAME.app"
  mv "cmd/cdop/$NAME.app" "$work/$arch/"
done

say "universal app"
mkdir -p "$dist"
app=$dist/$NAME.app
rm -rf "$app"
cp -R "$work/arm64/$NAME.app" "$app"
for exe in "$app"/Contents/MacOS/*; do
  lipo -create -output "$exe" "$work/arm64/$NAME.app/Contents/MacOS/$(basename "$exe")" \
    "$work/amd64/$NAME.app/Contents/MacOS/$(basename "$exe")"
  lipo -info "$exe"
done
cp LICENSE THIRD_PARTY_NOTICES "$app/Contents/Resources/"

if [ -n "${CDOP_MAC_SIGN_IDENTITY:-}" ]; then
  say "signing with $CDOP_MAC_SIGN_IDENTITY"
  codesign --force --deep --options runtime --timestamp --sign "$CDOP_MAC_SIGN_IDENTITY" "$app"
else
  say "no CDOP_MAC_SIGN_IDENTITY: signing ad hoc (Gatekeeper will not trust it)"
  codesign --force --deep --sign - "$app"
fi
codesign --verify --deep --strict "$app"

say "disk image"
stage=$work/dmg
mkdir -p "$stage"
cp -R "$app" "$stage/"
ln -s /Applications "$stage/Applications"
cp LICENSE "$stage/LICENSE.txt"
cp THIRD_PARTY_NOTICES "$stage/THIRD_PARTY_NOTICES.txt"
rm -f "$dmg"
hdiutil create -volname "$NAME $VERSION" -srcfolder "$stage" -ov -format UDZO "$dmg"

if [ -n "${CDOP_MAC_SIGN_IDENTITY:-}" ]; then
  codesign --force --timestamp --sign "$CDOP_MAC_SIGN_IDENTITY" "$dmg"
  notary=()
  if [ -n "${CDOP_MAC_NOTARY_PROFILE:-}" ]; then
    notary=(--keychain-profile "$CDOP_MAC_NOTARY_PROFILE")
  elif [ -n "${CDOP_MAC_NOTARY_APPLE_ID:-}" ]; then
    notary=(--apple-id "$CDOP_MAC_NOTARY_APPLE_ID" --team-id "${CDOP_MAC_NOTARY_TEAM_ID:?}" --password "${CDOP_MAC_NOTARY_PASSWORD:?}")
  fi
  if [ ${#notary[@]} -gt 0 ]; then
    say "notarising"
    xcrun notarytool submit "$dmg" "${notary[@]}" --wait
    xcrun stapler staple "$dmg"
    spctl --assess --type open --context context:primary-signature --verbose "$dmg"
  else
    say "signed but not notarised: set CDOP_MAC_NOTARY_PROFILE (or the Apple ID variables)"
  fi
fi
ls -l "$dmg"
