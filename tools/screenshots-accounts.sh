#!/usr/bin/env bash
# tools/screenshots-accounts.sh [OUTDIR]
#
# Drives the real desktop app under Xvfb, at a 1366×768 and a 1024×640
# screen, through the information-governance screens, saving a PNG of each
# step as OUTDIR/SIZE-NN-name.png (OUTDIR defaults to dist/screenshots-accounts)
# for a person to look at:
#   on a new database: the first administrator's form (a short password,
#   two that differ), the recovery key shown once, the Users screen (a user
#   refused for want of a role, added, disabled, given a new password), the
#   Audit log (filtered by user, by a date that is not one, by action);
#   Lock, a wrong password, the fifth wrong one and the lockout after it;
#   on the demo database: a case with a dialog (Export PDF) open, locked (the sign-in
#   form alone, no dialog, no child's name), and "Forgotten password?"
#   with the recovery key `cdop demo` printed.
# Needs Xvfb, xdotool and ImageMagick, as tools/screenshots.sh does.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/screenshots-accounts}
mkdir -p "$out"
for tool in Xvfb xdotool import; do
  command -v "$tool" >/dev/null || { echo "screenshots-accounts.sh needs Xvfb, xdotool and ImageMagick (see tools/screenshots.sh)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
go build -tags migrated_fynedo -o "$work/cdop" ./cmd/cdop
admin='Alex Admin' adminpw='correct horse battery staple'
demouser=screenshots demopw='screenshots only, synthetic data'
CDOP_USER=$demouser CDOP_PASSWORD=$demopw "$work/cdop" --db "$work/demo.db" demo >"$work/demo.out" 2>&1
recovery=$(grep -Eo '([0-9A-Z]{4}-){13}[0-9A-Z]{4}' "$work/demo.out" | head -1)

typ() { xdotool type --delay 20 "$1"; }
key() { xdotool key "$@"; }
pause() { sleep "${1:-1.5}"; }
click() { xdotool mousemove --window "$wid" "$1" "$2" click 1; }
geometry() { read -r ww wh < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/WIDTH/{w=$2} /HEIGHT/{h=$2} END{print w, h}'); }
shoot() { step=$((step + 1)); import -window "$wid" "$out/$size-$(printf %02d $step)-$1.png"; }
open_app() { # DB: start the app on DB and wait for its window
  env -u CDOP_USER -u CDOP_PASSWORD "$work/cdop" --db "$1" >>"$work/app-$size.log" 2>&1 &
  app=$!
  wid=""
  for _ in $(seq 1 150); do
    wid=$(xdotool search --pid "$app" 2>/dev/null | tail -1 || true)
    [ -n "$wid" ] && break
    sleep 0.1
  done
  [ -n "$wid" ] || { echo "no window at $size"; cat "$work/app-$size.log"; exit 1; }
  pause 2.5
  geometry
}
close_app() { kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true; }
nav() { # ENTRY: click a navigation entry (the who-is-signed-in block shows only on a tall window)
  local y
  case $1 in users) y=492 ;; audit) y=532 ;; esac
  [ "$wh" -lt 640 ] && y=$((y - 118))
  click 60 "$y"; pause 2
}

for size in 1366x768 1024x640; do
  step=0
  disp=:$((70 + RANDOM % 200))
  Xvfb "$disp" -screen 0 "${size}x24" >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  export DISPLAY=$disp LIBGL_ALWAYS_SOFTWARE=1 HOME=$work/home-$size
  mkdir -p "$HOME"
  # A new database: init makes the file; its first user comes from the form.
  env -u CDOP_USER -u CDOP_PASSWORD "$work/cdop" --db "$work/new-$size.db" init >/dev/null 2>&1 || true
  open_app "$work/new-$size.db"
  shoot first-admin
  typ "$admin"; key Tab; typ short; key Tab; typ short; key Return; pause; shoot first-admin-short
  key shift+Tab; key ctrl+a; typ "$adminpw"; key Tab; key ctrl+a; typ "${adminpw}x"; key Return; pause; shoot first-admin-differ
  key ctrl+a; typ "$adminpw"; key Return; pause 3; shoot recovery-key
  key Tab space; pause 0.5; key Tab space; pause 3; shoot signed-in
  nav users; shoot users
  click $((ww - 70)) 51; pause; shoot add-user
  typ "Casey Coordinator"; key Tab Tab Tab Tab Tab; typ "casey first password"; key Return; pause 2; shoot add-user-no-role
  key Escape; pause  # cancelled; again with a role
  click $((ww - 70)) 51; pause
  typ "Casey Coordinator"; key Tab; key space; for _ in 1 2 3 4; do key Tab; sleep 0.3; done
  typ "casey first password"; key Return; pause 2; shoot user-added
  # Casey's row is the second (under the message bar): Disable, then New password.
  geometry
  row2=249; [ "$wh" -lt 640 ] && row2=271
  click $((ww - 200)) $row2; pause 2; shoot user-disabled
  click $((ww - 96)) $row2; pause; shoot new-password
  typ "casey second password"; key Return; pause 2; shoot new-password-set
  nav audit; shoot audit-log
  geometry
  # The filters: six columns across the screen right of the navigation.
  col=$(((ww - 212) / 6))
  click $((212 + col / 2)) 125; typ "Casey Coordinator"; key Return; pause; shoot audit-by-user
  key ctrl+a BackSpace; click $((212 + col * 5 / 2)) 125; typ "31/02/2026"; key Return; pause; shoot audit-bad-date
  key ctrl+a; typ "$(date +%d/%m/%Y)"; click $((212 + col * 9 / 2)) 173; typ user; key Return; pause; shoot audit-by-date-and-action
  key ctrl+l; pause 2; shoot locked
  typ "not the password"; key Return; pause 2; shoot wrong-password
  for i in 2 3 4 5; do typ "not the password $i"; key Return; pause 2; done
  shoot fifth-wrong-password
  typ "$adminpw"; key Return; pause 2; shoot locked-out
  close_app

  # The demo database: what the lock hides, and the recovery key.
  cp "$work/demo.db" "$work/demo-$size.db" # recovery changes the password: a copy each
  open_app "$work/demo-$size.db"
  pause 2
  typ "$demouser"; key Tab; typ "$demopw"; key Return; pause 4
  key ctrl+2; pause 2; shoot demo-register
  click 380 169; pause 2.5; shoot demo-case
  geometry
  click $((ww - 70)) 50; pause 2; shoot demo-case-dialog
  key ctrl+l; pause 2; shoot demo-locked
  geometry
  click $((ww / 2)) $(((wh - 420) / 2 + 266)); pause; shoot recovery-form
  typ "$recovery"; key Tab; typ "$demouser"; key Tab; typ "a new password for the demo"; key Return; pause 4; shoot recovered
  close_app
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
done
echo "screenshots in $out: look at each one"
