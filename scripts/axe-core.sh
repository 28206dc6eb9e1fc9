#!/usr/bin/env bash
# axe-core from npm for the browser tests' accessibility check (WCAG A and AA, contrast among it):
# installed here under tests/.npm (git-ignored), and handed to the page by the test itself, so
# no page ever loads it from elsewhere. Without npm the test skips and says so.
set -euo pipefail
VERSION=4.10.3
DEST="$(dirname "$0")/../tests/.npm"
if [ -f "$DEST/node_modules/axe-core/axe.min.js" ] && grep -q "\"version\": \"$VERSION\"" "$DEST/node_modules/axe-core/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "note: npm is missing (Debian package npm); the accessibility test skips" >&2
  exit 0
fi
mkdir -p "$DEST"
npm install --prefix "$DEST" --no-save --no-audit --no-fund --no-package-lock --loglevel=error "axe-core@$VERSION" >/dev/null \
  || echo "note: could not install axe-core@$VERSION from npm; the accessibility test skips" >&2
