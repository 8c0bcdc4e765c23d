#!/usr/bin/env bash
# tools/screenshots.sh [OUTDIR]
#
# Drives the real desktop app under Xvfb on a demo database, at a 1366×768
# and a 1024×640 screen: signs in, checks that the window opened within 90%
# of the screen, and saves a PNG of each main screen (dashboard, register,
# a case page, meetings, recommendations, annual report, dataset extract,
# agencies, settings, new notification) as OUTDIR/SIZE-NN-name.png
# (OUTDIR defaults to dist/screenshots); then moves and resizes the window,
# quits with Ctrl+Q and opens the app again, checking that the window is
# where it was left (SIZE-99-reopened.png shows the screen it reopened
# on). Exit 1 when a window is larger than 90% of its screen or does not
# reopen where it was left. Needs Xvfb, xdotool and ImageMagick (installed
# with apt-get when missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-dist/screenshots}
mkdir -p "$out"
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "screenshots.sh needs: apt-get install ${need[*]}" >&2; exit 1
  fi
fi

work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; [ -n "${KEEP:-}" ] || rm -rf "$work"' EXIT
export CDOP_USER=screenshots CDOP_PASSWORD='screenshots only, synthetic data'
go build -tags migrated_fynedo -o "$work/cdop" ./cmd/cdop
"$work/cdop" --db "$work/demo.db" demo >/dev/null 2>&1

status=0
shoot() { # SIZE NAME: save the window of the app as OUTDIR/SIZE-NAME.png
  import -window "$wid" "$out/$1-$2.png"
}
for size in 1366x768 1024x640; do
  sw=${size%x*}; sh=${size#*x}
  disp=:$((70 + RANDOM % 200))
  Xvfb "$disp" -screen 0 "${size}x24" >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  export DISPLAY=$disp LIBGL_ALWAYS_SOFTWARE=1
  export HOME=$work/home-$size # fresh preferences: the window opens as on first use
  mkdir -p "$HOME"
  "$work/cdop" --db "$work/demo.db" >"$work/app-$size.log" 2>&1 &
  app=$!
  wid=""
  for _ in $(seq 1 150); do
    wid=$(xdotool search --pid "$app" 2>/dev/null | tail -1 || true)
    [ -n "$wid" ] && break
    sleep 0.1
  done
  [ -n "$wid" ] || { echo "no window at $size"; cat "$work/app-$size.log"; exit 1; }
  sleep 2
  xdotool type --delay 20 "$CDOP_USER"; xdotool key Tab
  xdotool type --delay 20 "$CDOP_PASSWORD"; xdotool key Return
  sleep 3
  read -r ww wh < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/WIDTH/{w=$2} /HEIGHT/{h=$2} END{print w, h}')
  if [ "$ww" -gt $((sw * 9 / 10 + 1)) ] || [ "$wh" -gt $((sh * 9 / 10 + 1)) ]; then
    echo "FAIL: at $size the window is ${ww}x${wh}, more than 90% of the screen"; status=1
  else
    echo "ok: at $size the window is ${ww}x${wh}"
  fi
  step=0
  visit() { # KEYS NAME
    xdotool key "$1"; sleep 2; step=$((step + 1)); shoot "$size" "$(printf %02d $step)-$2"
  }
  shoot "$size" "00-dashboard"
  visit ctrl+2 register
  xdotool mousemove --window "$wid" 450 168 click 1; sleep 2; step=$((step + 1)); shoot "$size" "$(printf %02d $step)-case"
  visit ctrl+3 meetings
  visit ctrl+4 recommendations
  visit ctrl+5 annual-report
  visit ctrl+6 dataset-extract
  visit ctrl+7 agencies
  visit ctrl+comma settings
  visit ctrl+n new-notification
  visit ctrl+7 agencies
  # Moved, resized and quit, the window opens again where it was left,
  # on the screen last shown.
  xdotool windowmove "$wid" 40 30; xdotool windowsize "$wid" $((sw * 85 / 100)) $((sh * 88 / 100)); sleep 1
  # (no smaller than the screen on show needs: the app keeps its least size)
  left=$(xdotool getwindowgeometry --shell "$wid" | awk -F= '/^X/{x=$2} /^Y/{y=$2} /WIDTH/{w=$2} /HEIGHT/{h=$2} END{print x, y, w, h}')
  xdotool key ctrl+q; sleep 2
  if kill -0 "$app" 2>/dev/null; then echo "FAIL: Ctrl+Q did not quit at $size"; status=1; kill "$app"; fi
  wait "$app" 2>/dev/null || true
  "$work/cdop" --db "$work/demo.db" >>"$work/app-$size.log" 2>&1 &
  app=$!
  wid=""
  for _ in $(seq 1 150); do
    wid=$(xdotool search --pid "$app" 2>/dev/null | tail -1 || true)
    [ -n "$wid" ] && break
    sleep 0.1
  done
  sleep 2
  xdotool type --delay 20 "$CDOP_USER"; xdotool key Tab
  xdotool type --delay 20 "$CDOP_PASSWORD"; xdotool key Return
  sleep 3
  read -r wx wy ww wh < <(xdotool getwindowgeometry --shell "$wid" | awk -F= '/^X/{x=$2} /^Y/{y=$2} /WIDTH/{w=$2} /HEIGHT/{h=$2} END{print x, y, w, h}')
  if [ "$wx $wy $ww $wh" != "$left" ]; then
    echo "FAIL: at $size the window reopened at $wx $wy ${ww}x${wh}; it was left at $left (x y width height)"; status=1
  else
    echo "ok: at $size the window reopened where it was left"
  fi
  shoot "$size" "99-reopened" # on Agencies, the screen last shown
  kill "$app" 2>/dev/null || true; wait "$app" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true; wait "$xvfb" 2>/dev/null || true
done
echo "screenshots in $out"
exit $status
