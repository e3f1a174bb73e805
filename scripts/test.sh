#!/usr/bin/env bash
# Install what is missing and run every test of Bandeja:
#   Rust (fmt, clippy, unit + integration tests against real SQLite files,
#   fresh TypeScript bindings), the UI (eslint, tsc, Vitest, build), Playwright
#   in system Chromium against the real core through the dev bridge, the
#   tauri-driver smoke test of the real window under Xvfb + D-Bus, secrets in a
#   real Secret Service (gnome-keyring on a private session bus), and a small
#   run of the benchmark binary (figures are not asserted; it must just work).
#   Real Dovecot + Postfix are started on loopback for the email tests.
#   The relay's suite runs twice: on SQLite (in "rust tests") and on a
#   PostgreSQL server the harness starts on loopback.
source "$(dirname "$0")/common.sh"

ensure_apt "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_toolchains
ensure_tauri_driver

passed=0
failed=0
failures=()
suite() { # name, command...
  local name="$1"; shift
  say "suite: $name"
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures+=("$name")
    printf '\033[1;31mFAILED:\033[0m %s\n' "$name" >&2
  fi
}

rust_style() {
  cargo fmt --all -- --check && cargo clippy --workspace --all-targets --quiet -- -D warnings
}
rust_tests() { cargo test --quiet; }
ui_checks() {
  ensure_npm ui
  npm --prefix ui run --silent lint && npm --prefix ui run --silent typecheck && npm --prefix ui test --silent && build_ui
}
keychain() { bash crates/bandeja-secrets/tests/with-keyring.sh; }
mail_servers() { BANDEJA_MAIL_BASE=21000 bash tests/mail/mailserver.sh check; }
relay_postgres() { bash crates/bandeja-relay/tests/with-postgres.sh cargo test -p bandeja-relay --quiet; }
browser_e2e() {
  cargo build -p bandeja-api -p bandeja-sim -p bandeja-relay --bin bandeja-dev-bridge --bin bandeja-sim --bin bandeja-relay --quiet
  ensure_npm tests
  npm --prefix tests run --silent typecheck
  BANDEJA_BRIDGE_BIN="$CARGO_TARGET_DIR/debug/bandeja-dev-bridge" BANDEJA_SIM_BIN="$CARGO_TARGET_DIR/debug/bandeja-sim" \
    BANDEJA_RELAY_BIN="$CARGO_TARGET_DIR/debug/bandeja-relay" BANDEJA_UI_DIST="$ROOT/ui/dist" bash tests/e2e/run.sh
}
desktop_smoke() {
  cargo build -p bandeja --features custom-protocol --quiet
  ensure_npm tests/desktop
  BANDEJA_APP="$CARGO_TARGET_DIR/debug/bandeja" BANDEJA_SCREENSHOT="${BANDEJA_SCREENSHOT:-$CARGO_TARGET_DIR/screenshots/window-demo.png}" \
    bash tests/desktop/run.sh
}
bench_smoke() {
  cargo run -p bandeja-bench --quiet -- store --conversations 2000 --messages 20000 --runs 20 >"$CARGO_TARGET_DIR/bench-smoke.json" \
    && python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["bench"]=="store" and d["figures"]["ingest_messages_per_s"]>0' "$CARGO_TARGET_DIR/bench-smoke.json" \
    && cargo run -p bandeja-bench --quiet -- whatsapp --latency-runs 50 --burst 500 >"$CARGO_TARGET_DIR/bench-smoke-wa.json" \
    && python3 -c 'import json,sys; b=json.load(open(sys.argv[1]))["figures"]["burst"]; assert b["lost"]==0 and b["duplicated_rows"]==0, b' "$CARGO_TARGET_DIR/bench-smoke-wa.json" \
    && cargo run -p bandeja-bench --quiet -- relay --quick >"$CARGO_TARGET_DIR/bench-smoke-relay.json" \
    && python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["backends"]["sqlite"]; assert s["backlog"]["drain"]["out_of_order"]==0 and s["ingest"]["1KiB_x16"]["webhooks_per_s"]>0, s' "$CARGO_TARGET_DIR/bench-smoke-relay.json" \
    && cargo run -p bandeja-bench --quiet -- email --quick >"$CARGO_TARGET_DIR/bench-smoke-email.json" \
    && python3 -c 'import json,sys; f=json.load(open(sys.argv[1]))["figures"]; assert f["ratio_bandeja_to_mbsync"]>0 and f["idle_notice_to_commit_ms"]["n"]>0, f' "$CARGO_TARGET_DIR/bench-smoke-email.json"
}

suite "rust style (fmt, clippy)" rust_style
suite "rust tests" rust_tests
suite "relay on PostgreSQL" relay_postgres
suite "keychain (gnome-keyring Secret Service)" keychain
suite "mail servers (Dovecot + Postfix on loopback)" mail_servers
suite "ui checks (eslint, tsc, vitest, build)" ui_checks
suite "browser e2e (playwright + dev bridge)" browser_e2e
suite "desktop smoke (tauri-driver, Xvfb)" desktop_smoke
suite "bench smoke" bench_smoke

if [ ${#failures[@]} -gt 0 ]; then
  printf 'failed suites: %s\n' "${failures[*]}" >&2
fi
echo "suites: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
