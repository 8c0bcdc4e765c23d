#!/usr/bin/env bash
# Builds the Windows release on Linux, into dist/:
#   cdop.exe                  console program: scripts and headless commands
#                             (with no command it opens the desktop app)
#   CDOP Case Manager.exe     GUI program, for the Start menu
#   CDOP-Case-Manager-VERSION-windows-amd64.zip
#   CDOP-Case-Manager-VERSION-windows-amd64.msi
# Both executables carry the icon, a version resource and a manifest
# (go-winres), are built -trimpath with the migrated_fynedo and
# accessibility tags, and stamped with FyneApp.toml's version.
#
# Signing: set CDOP_SIGN_PFX (a PKCS#12 code-signing certificate) and
# CDOP_SIGN_PASSWORD (its password; or CDOP_SIGN_PASSWORD_FILE), and
# optionally CDOP_SIGN_TIMESTAMP_URL, to sign both executables and the MSI
# with osslsigncode. Without a certificate the artefacts are left unsigned,
# and the signing step is proved on copies with a throwaway self-signed
# certificate (dist/signing-check/, NOT trusted by Windows).
#
# Run it with `make package-windows`. Heavy steps run under nice.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
started=$SECONDS

GO=${GO:-go}
. packaging/lib.sh
VERSION=${VERSION:-$(fyneapp_version)}
NAME="CDOP Case Manager"
COMPANY="CDOP Case Manager contributors"
COPYRIGHT="Copyright © 2026 CDOP Case Manager contributors"
WINRES=github.com/tc-hib/go-winres@v0.3.3
TAGS=migrated_fynedo,accessibility
dist=$root/dist
base="CDOP-Case-Manager-$VERSION-windows-amd64"


# --- tools (installed idempotently when we may, else the apt line to run) ---
ensure_packages package-windows gcc-mingw-w64-x86-64:x86_64-w64-mingw32-gcc wixl:wixl osslsigncode:osslsigncode \
  zip:zip openssl:openssl imagemagick:/usr/bin/convert
[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "FyneApp.toml's Version $VERSION is not MAJOR.MINOR.PATCH" >&2; exit 1; }

mkdir -p "$dist"
work=$(mktemp -d)
syso=$root/cmd/cdop/rsrc_windows_amd64.syso
cleanup() { rm -rf "$work" "$syso"; }
trap cleanup EXIT

# --- resources: icon, version information, manifest -----------------------
# kind is cli or gui; file is the executable's name.
winres_json() {
  local file=$1 description=$2
  cat <<JSON
{
  "RT_GROUP_ICON": { "APP": { "0000": "icon.png" } },
  "RT_MANIFEST": { "#1": { "0409": {
    "description": "$description",
    "minimum-os": "win10",
    "execution-level": "as invoker",
    "dpi-awareness": "per monitor v2",
    "long-path-aware": true,
    "use-common-controls-v6": true
  } } },
  "RT_VERSION": { "#1": { "0000": {
    "fixed": { "file_version": "$VERSION.0", "product_version": "$VERSION.0" },
    "info": { "0409": {
      "CompanyName": "$COMPANY",
      "FileDescription": "$description",
      "FileVersion": "$VERSION",
      "InternalName": "cdop",
      "LegalCopyright": "$COPYRIGHT",
      "OriginalFilename": "$file",
      "ProductName": "$NAME",
      "ProductVersion": "$VERSION"
    } }
  } } }
}
JSON
}

build() { # build OUTPUT.exe DESCRIPTION EXTRA_LDFLAGS
  local out=$1 description=$2 extra=$3
  cp "$root/icons/icon.png" "$work/icon.png"
  winres_json "$out" "$description" > "$work/winres.json"
  (cd "$work" && "$GO" run "$WINRES" make --in winres.json --arch amd64 --out rsrc)
  cp "$work/rsrc_windows_amd64.syso" "$syso"
  say "building $out"
  GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc CXX=x86_64-w64-mingw32-g++ \
    nice -n 10 "$GO" build -trimpath -tags "$TAGS" \
    -ldflags "-s -w -X casemanager/release.stamped=$VERSION $extra" \
    -o "$dist/$out" ./cmd/cdop
  rm -f "$syso"
}

say "CDOP Case Manager $VERSION for Windows (amd64)"
t0=$SECONDS
build "cdop.exe" "$NAME (command line)" ""
build "$NAME.exe" "$NAME" "-H=windowsgui"
say "built both executables in $((SECONDS - t0)) s"

# --- documents ---------------------------------------------------------------
sed 's/$/\r/' LICENSE > "$dist/LICENSE.txt"
sed 's/$/\r/' THIRD_PARTY_NOTICES > "$dist/THIRD_PARTY_NOTICES.txt"
sed 's/$/\r/' packaging/windows/README.txt > "$dist/README.txt"

# --- signing -------------------------------------------------------------------
sign() { # sign PFX PASSWORD_FILE FILE...
  local pfx=$1 passfile=$2; shift 2
  local ts=()
  [ -n "${CDOP_SIGN_TIMESTAMP_URL:-}" ] && ts=(-ts "$CDOP_SIGN_TIMESTAMP_URL")
  for f in "$@"; do
    osslsigncode sign -pkcs12 "$pfx" -readpass "$passfile" -h sha256 \
      -n "$NAME" "${ts[@]}" -in "$f" -out "$f.signed" >/dev/null
    mv "$f.signed" "$f"
  done
}
signed=no
if [ -n "${CDOP_SIGN_PFX:-}" ]; then
  passfile=${CDOP_SIGN_PASSWORD_FILE:-}
  if [ -z "$passfile" ]; then
    passfile=$work/pass
    (umask 077; printf '%s' "${CDOP_SIGN_PASSWORD:?set CDOP_SIGN_PASSWORD or CDOP_SIGN_PASSWORD_FILE}" > "$passfile")
  fi
  say "signing with $CDOP_SIGN_PFX"
  sign "$CDOP_SIGN_PFX" "$passfile" "$dist/cdop.exe" "$dist/$NAME.exe"
  signed=yes
fi

# --- zip -----------------------------------------------------------------------
say "zip"
rm -f "$dist/$base.zip"
(cd "$dist" && zip -q -X "$base.zip" "cdop.exe" "$NAME.exe" LICENSE.txt THIRD_PARTY_NOTICES.txt README.txt)

# --- MSI -----------------------------------------------------------------------
# wixl reads the files relative to the .wxs, so they are staged beside it.
say "MSI"
stage=$work/msi
mkdir -p "$stage"
cp packaging/windows/cdop.wxs "$dist/cdop.exe" "$dist/$NAME.exe" "$dist/LICENSE.txt" \
  "$dist/THIRD_PARTY_NOTICES.txt" "$dist/README.txt" "$stage/"
/usr/bin/convert "$root/icons/icon.png" -define icon:auto-resize=256,64,48,32,16 "$stage/cdop.ico"
rm -f "$dist/$base.msi"
(cd "$stage" && wixl --arch x64 -D Version="$VERSION" -D Dist=. -D Icon=cdop.ico -o "$dist/$base.msi" cdop.wxs)
# cdop.exe's folder on the system PATH (removed again on uninstall): wixl
# has no <Environment>, so the row and its two standard actions are added
# here, as WiX would write them.
msibuild "$dist/$base.msi" \
  -q 'CREATE TABLE `Environment` (`Environment` CHAR(72) NOT NULL, `Name` CHAR(255) NOT NULL LOCALIZABLE, `Value` CHAR(255) LOCALIZABLE, `Component_` CHAR(72) NOT NULL PRIMARY KEY `Environment`)' \
  -q "INSERT INTO \`Environment\` (\`Environment\`, \`Name\`, \`Value\`, \`Component_\`) VALUES ('PathEntry', '=-*PATH', '[~];[INSTALLDIR]', 'ConsoleExe')" \
  -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('RemoveEnvironmentStrings', 3300)" \
  -q "INSERT INTO \`InstallExecuteSequence\` (\`Action\`, \`Sequence\`) VALUES ('WriteEnvironmentStrings', 5200)"
if [ $signed = yes ]; then
  sign "$CDOP_SIGN_PFX" "$passfile" "$dist/$base.msi"
fi

# --- without a certificate: prove the signing step on copies ----------------
if [ $signed = no ]; then
  check=$dist/signing-check
  rm -rf "$check"; mkdir -p "$check"
  openssl req -x509 -newkey rsa:3072 -sha256 -nodes -days 2 -subj "/CN=CDOP Case Manager TEST SIGNING (untrusted)" \
    -addext "extendedKeyUsage=codeSigning" -keyout "$work/test.key" -out "$check/test-cert.pem" 2>/dev/null
  (umask 077; openssl rand -hex 16 > "$work/test.pass")
  openssl pkcs12 -export -inkey "$work/test.key" -in "$check/test-cert.pem" -passout "file:$work/test.pass" -out "$work/test.pfx"
  cp "$dist/cdop.exe" "$dist/$base.msi" "$check/"
  sign "$work/test.pfx" "$work/test.pass" "$check/cdop.exe" "$check/$base.msi"
  for f in "$check/cdop.exe" "$check/$base.msi"; do
    osslsigncode verify -CAfile "$check/test-cert.pem" -in "$f" >/dev/null || { echo "signature check failed: $f" >&2; exit 1; }
  done
  cat > "$check/NOTE.txt" <<NOTE
These copies are signed with a throwaway self-signed certificate made by
package.sh, only to prove the signing step. Windows does NOT trust it:
never ship them. The artefacts in dist/ are unsigned; to sign them, set
CDOP_SIGN_PFX and CDOP_SIGN_PASSWORD (see README).
NOTE
  say "signing step proved on copies in dist/signing-check (throwaway certificate: NOT trusted)"
  say "the artefacts in dist/ are UNSIGNED: Windows SmartScreen will warn about them"
fi

say "done in $((SECONDS - started)) s:"
(cd "$dist" && ls -l "cdop.exe" "$NAME.exe" "$base.zip" "$base.msi" | awk '{printf "    %10d  %s", $5, $9; for (i = 10; i <= NF; i++) printf " %s", $i; printf "\n"}')
