#!/usr/bin/env bash
# Browser end-to-end tests: the real UI (ui/dist) in Chromium against the real
# core behind bandeja-dev-bridge. Builds nothing; exits with Playwright's code.
#
#   BANDEJA_BRIDGE_BIN  bridge binary  (default /var/cache/bandeja/target/debug/bandeja-dev-bridge)
#   BANDEJA_UI_DIST     built UI       (default <repo>/ui/dist)
#   BANDEJA_CHROMIUM    Chromium       (default /usr/bin/chromium)
# Extra arguments go to `playwright test` (e.g. a file name, -g "search").
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tests="$(dirname "$here")"
repo="$(dirname "$tests")"

export BANDEJA_BRIDGE_BIN="${BANDEJA_BRIDGE_BIN:-/var/cache/bandeja/target/debug/bandeja-dev-bridge}"
export BANDEJA_UI_DIST="${BANDEJA_UI_DIST:-$repo/ui/dist}"
chromium="${BANDEJA_CHROMIUM:-/usr/bin/chromium}"

missing=0
if [ ! -x "$BANDEJA_BRIDGE_BIN" ]; then
  echo "e2e: bridge binary not found or not executable: $BANDEJA_BRIDGE_BIN" >&2
  echo "     build it: CARGO_TARGET_DIR=/var/cache/bandeja/target cargo build -p bandeja-api --bin bandeja-dev-bridge" >&2
  echo "     (or point BANDEJA_BRIDGE_BIN at it)" >&2
  missing=1
fi
if [ ! -f "$BANDEJA_UI_DIST/index.html" ]; then
  echo "e2e: built UI not found: $BANDEJA_UI_DIST/index.html" >&2
  echo "     build it: (cd ui && npm ci && npm run build)   (or point BANDEJA_UI_DIST at it)" >&2
  missing=1
fi
if [ ! -x "$chromium" ]; then
  echo "e2e: Chromium not found: $chromium (apt-get install chromium, or set BANDEJA_CHROMIUM)" >&2
  missing=1
fi
[ "$missing" -eq 0 ] || exit 2

if [ ! -d "$tests/node_modules" ]; then
  # Playwright's own browser download is never used: the system Chromium is.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm --prefix "$tests" ci --no-audit --no-fund || exit $?
fi

npm --prefix "$tests" run e2e -- "$@"
exit $?
