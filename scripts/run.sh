#!/usr/bin/env bash
# Install what is missing, build, and start Bandeja. With no account connected
# yet it opens the demo workspace, so there is something to look at.
source "$(dirname "$0")/common.sh"

ensure_apt "${APP_PACKAGES[@]}"
ensure_toolchains
build_ui
say "building the app (the first build takes a few minutes)"
cargo build -p bandeja --features custom-protocol --quiet
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  die "no display: run this from a desktop session (or under xvfb-run)"
fi
say "starting Bandeja"
BANDEJA_OPEN_DEMO="${BANDEJA_OPEN_DEMO:-1}" exec "$CARGO_TARGET_DIR/debug/bandeja" "$@"
