#!/usr/bin/env bash
# Runs the desktop smoke tests: Xvfb (unless a display answers), a private
# D-Bus session with a notification daemon, tauri-driver, then node --test.
# Needs BANDEJA_APP (the binary, built with --features custom-protocol).
set -euo pipefail
cd "$(dirname "$0")"
: "${BANDEJA_APP:?set BANDEJA_APP to the app binary}"
export BANDEJA_APP
export DISPLAY="${DISPLAY_FOR_TESTS:-:97}"
XVFB=""
if ! xdpyinfo -display "$DISPLAY" >/dev/null 2>&1; then
  Xvfb "$DISPLAY" -screen 0 1280x800x24 -nolisten tcp >/tmp/bandeja-xvfb.log 2>&1 &
  XVFB=$!
  for _ in $(seq 1 50); do xdpyinfo -display "$DISPLAY" >/dev/null 2>&1 && break; sleep 0.1; done
fi
DATA_DIR="$(mktemp -d)"
cleanup() { [ -n "$XVFB" ] && kill "$XVFB" 2>/dev/null || true; rm -rf "$DATA_DIR"; }
trap cleanup EXIT
[ -d node_modules ] || npm ci --no-audit --no-fund --loglevel=error
export BANDEJA_DATA_DIR="$DATA_DIR" BANDEJA_OPEN_DEMO=1
# Xvfb has no GPU: render in software so screenshots show the window's content
export WEBKIT_DISABLE_DMABUF_RENDERER=1 WEBKIT_DISABLE_COMPOSITING_MODE=1
rc=0
dbus-run-session -- bash -c '
  tauri-driver --port 4444 --native-port 4445 >/tmp/bandeja-tauri-driver.log 2>&1 & TD=$!
  for _ in $(seq 1 100); do (echo > /dev/tcp/127.0.0.1/4444) 2>/dev/null && break; sleep 0.1; done
  node --test --test-concurrency=1 --test-reporter=spec smoke.test.mjs newer-database.test.mjs; rc=$?
  kill $TD 2>/dev/null || true
  pkill -f "$BANDEJA_APP" 2>/dev/null || true
  exit $rc
' || rc=$?
exit $rc
