#!/usr/bin/env bash
# tools/startup-timing.sh [CASES...]
#
# Measures the real desktop window's start-up on demo databases (by default
# of 600, 10,000 and 100,000 cases), under Xvfb at 1366×768 with Mesa's
# software GL, and prints a Markdown table for BENCHMARKS.md:
#
#   first frame     process start → the window's first content drawn
#   sign-in form    process start → the sign-in form drawn
#   sign-in         Enter in the password box → signed in, dashboard shown
#                   (the password's key derivation, reading the case index)
#   register        Ctrl+2 (half a second after signing in) → the register's
#                   table filled with every case
#   Enter → register  the same moment from Enter in the password box
#   RSS at sign-in  the resident memory with the sign-in form on show
#                   (Go, Fyne and Mesa's software GL: the cost of any window)
#   peak RSS        the process's peak resident memory (VmHWM) once the
#                   register is filled
#
# The moments come from the app itself: run with CDOP_TIMING=1 it writes
# "cdop timing: MOMENT SECONDS COUNT" to stderr as each comes (the first
# frame and the sign-in form are marked when Fyne first paints them; no
# name or other identifier is ever written). Each size runs once to warm
# up (the page cache, the day's automatic backup) and then RUNS times
# (default 3), each with fresh preferences (so it opens on the dashboard,
# not the screen last shown); the table gives the median of each figure.
#
# The demo databases are made once and kept in CDOP_TIMING_DIR (default
# /tmp/cdop-startup-timing): the 100,000-case one takes a few minutes and
# about 1 GB (its daily backup as much again). Not part of `make test` or
# CI: it takes minutes. Needs Xvfb and xdotool (installed with apt-get when
# missing and run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${CDOP_TIMING_DIR:-/tmp/cdop-startup-timing}
runs=${RUNS:-3}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(600 10000 100000)
mkdir -p "$dir"
need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "startup-timing.sh needs: apt-get install ${need[*]}" >&2; exit 1
  fi
fi

export CDOP_USER=timing CDOP_PASSWORD='timing only, synthetic data'
go build -tags migrated_fynedo,accessibility -o "$dir/cdop" ./cmd/cdop

# demo N: the database of about N demo cases, made once.
demo() {
  local n=$1 years per db=$dir/demo-$1.db
  if [ ! -f "$db" ]; then
    if [ "$n" -ge 100000 ]; then years=40; elif [ "$n" -ge 10000 ]; then years=10; else years=5; fi
    per=$((n / years))
    echo "making $db ($years years of $per deaths)…" >&2
    rm -f "$db.new"
    "$dir/cdop" --db "$db.new" demo --years "$years" --per-year "$per" >/dev/null
    mv "$db.new" "$db"
  fi
  echo "$db"
}

disp=:$((300 + RANDOM % 200))
Xvfb "$disp" -screen 0 1366x768x24 >/dev/null 2>&1 &
xvfb=$!
app=""
trap '[ -n "$app" ] && kill "$app" 2>/dev/null; kill "$xvfb" 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$disp LIBGL_ALWAYS_SOFTWARE=1 HOME=$dir/home
mkdir -p "$HOME"

# moment LOG NAME: the time the app wrote for NAME, waiting up to 120 s.
moment() {
  local i
  for i in $(seq 1 6000); do
    if grep -q "^cdop timing: $2 " "$1"; then
      grep "^cdop timing: $2 " "$1" | head -1 | awk '{print $4}'
      return
    fi
    kill -0 "$app" 2>/dev/null || { echo "the app exited waiting for $2:" >&2; tail -5 "$1" >&2; exit 1; }
    sleep 0.02
  done
  echo "no $2 in 120 s" >&2; exit 1
}

# measure DB [warm]: one start-up; prints first-frame sign-in-form sign-in register Enter→register (s), RSS at sign-in and peak RSS (MB).
# With warm, the app is left running until the day's automatic backup is made (else each run would start it again).
measure() {
  local db=$1 warm=${2:-} log=$dir/app.log start ff form ret signed key filled hwm rss base
  rm -rf "$HOME" && mkdir -p "$HOME" # fresh preferences: it opens on the dashboard
  : >"$log" # emptied here: the app's own redirection may come after the first look at it
  start=$(date +%s.%N)
  CDOP_TIMING=1 "$dir/cdop" --db "$db" >/dev/null 2>"$log" &
  app=$!
  ff=$(moment "$log" first-frame)
  form=$(moment "$log" sign-in-drawn)
  sleep 0.5
  rss=$(awk '/^VmRSS/{print $2}' "/proc/$app/status")
  xdotool type --delay 10 "$CDOP_USER"; xdotool key Tab
  xdotool type --delay 10 "$CDOP_PASSWORD"
  ret=$(date +%s.%N); xdotool key Return
  signed=$(moment "$log" signed-in)
  sleep 0.5
  key=$(date +%s.%N); xdotool key ctrl+2
  filled=$(moment "$log" register-filled)
  sleep 1
  hwm=$(awk '/^VmHWM/{print $2}' "/proc/$app/status")
  if [ -n "$warm" ]; then
    base=$(basename "$db" .db)
    for _ in $(seq 1 1200); do
      compgen -G "$dir/backups/$base-*-daily.db.sha256" >/dev/null && break
      sleep 0.5
    done
  fi
  kill "$app"; wait "$app" 2>/dev/null || true; app=""
  awk -v s="$start" -v ff="$ff" -v form="$form" -v ret="$ret" -v signed="$signed" -v key="$key" -v filled="$filled" -v hwm="$hwm" -v rss="$rss" \
    'BEGIN{printf "%.2f %.2f %.2f %.2f %.2f %.0f %.0f\n", ff-s, form-s, signed-ret, filled-key, filled-ret, rss/1024, hwm/1024}'
}

median() { sort -n | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'; }

echo "| cases | first frame | sign-in form | sign-in | register filled | Enter → register | RSS at sign-in | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  db=$(demo "$n")
  measure "$db" warm >/dev/null # warm-up: page cache, the day's backup
  results=$dir/results-$n.txt
  : >"$results"
  for _ in $(seq 1 "$runs"); do measure "$db" >>"$results"; done
  echo "$n: $(tr '\n' ';' <"$results")" >&2
  cols=()
  for c in 1 2 3 4 5 6 7; do cols+=("$(awk -v c=$c '{print $c}' "$results" | median)"); done
  printf "| %'d | %s s | %s s | %s s | %s s | %s s | %s MB | %s MB |\n" "$n" "${cols[@]}"
done
