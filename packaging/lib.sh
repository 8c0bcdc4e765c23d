# Shared by the release scripts: source it from the repository's root.

# fyneapp_version prints the Version in cmd/cdop/FyneApp.toml, the one
# place it is set (the Makefile reads it the same way).
fyneapp_version() {
  sed -n 's/^[[:space:]]*Version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' cmd/cdop/FyneApp.toml
}

say() { printf '==> %s\n' "$*"; }

# ensure_packages TARGET CHECK... installs the Debian packages whose check
# fails, each CHECK being "PACKAGE:COMMAND" (present when COMMAND, a path
# or a name on PATH, is found). As root it installs them (idempotently);
# otherwise it prints the apt line to run and exits.
ensure_packages() {
  local target=$1; shift
  local need=() pkg cmd
  for check in "$@"; do
    pkg=${check%%:*} cmd=${check#*:}
    if [[ $cmd == /* ]]; then [ -e "$cmd" ] && continue; else command -v "$cmd" >/dev/null && continue; fi
    need+=($pkg)
  done
  [ ${#need[@]} -eq 0 ] && return 0
  local line="apt-get install -y --no-install-recommends ${need[*]}"
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    say "installing: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $line -qq >/dev/null
  else
    echo "$target needs: sudo $line" >&2
    exit 1
  fi
}
