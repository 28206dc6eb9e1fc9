#!/usr/bin/env bash
# Debian packages the test suite drives for real: PostgreSQL (storage tests start their own
# server in a temporary directory), Chromium (browser tests through Playwright) and npm (axe-core
# for their accessibility check, scripts/axe-core.sh).
# Installs what is missing when it can (root, or passwordless sudo); otherwise says what to install,
# and the tests that need it skip with that reason.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || need+=(postgresql)
for pkg in "$@"; do
  case "$pkg" in
    chromium) command -v chromium >/dev/null 2>&1 || need+=(chromium) ;;
    npm) command -v npm >/dev/null 2>&1 || need+=(npm) ;;
  esac
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "note: install ${need[*]} (Debian packages) to run the tests that need them; they skip otherwise" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
