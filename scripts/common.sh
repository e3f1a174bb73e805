# Shared by scripts/run.sh and scripts/test.sh: locate the repo, choose a build
# cache outside the clone, and install what is missing (apt, npm, cargo tools).
# Idempotent: a second run only checks.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if [ -z "${CARGO_TARGET_DIR:-}" ]; then
  if [ -w /var/cache ]; then CARGO_TARGET_DIR=/var/cache/bandeja/target; else CARGO_TARGET_DIR="$HOME/.cache/bandeja/target"; fi
fi
export CARGO_TARGET_DIR
export PATH="$HOME/.cargo/bin:$PATH"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Debian packages the app needs to build and run.
APP_PACKAGES=(build-essential pkg-config curl file libssl-dev libgtk-3-dev libwebkit2gtk-4.1-dev
  libayatana-appindicator3-dev librsvg2-dev libsoup-3.0-dev)
# ...and what the tests add: a virtual display, a session bus, a notification
# daemon, the WebDriver for WebKitGTK, Chromium for Playwright, screenshots,
# a real Secret Service (gnome-keyring) for the keychain tests, PostgreSQL for
# the relay's second backend, and pebble (Let's Encrypt's test ACME server)
# for the relay's certificate test, Dovecot + Postfix for the email tests, and
# isync (mbsync), the baseline of the email sync benchmark.
TEST_PACKAGES=(xvfb xauth dbus dbus-x11 dunst webkit2gtk-driver chromium imagemagick x11-utils
  fonts-noto-color-emoji fonts-dejavu-core gnome-keyring postgresql pebble
  dovecot-core dovecot-imapd dovecot-lmtpd postfix openssl isync)

ensure_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    # Postfix must not ask, nor write /etc/postfix/main.cf: the tests run
    # their own instance from a private directory (tests/mail/mailserver.sh)
    echo "postfix postfix/main_mailer_type select No configuration" | $SUDO debconf-set-selections
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
}

ensure_toolchains() {
  command -v cargo >/dev/null || die "Rust is missing: install it with rustup (https://rustup.rs), then run this again"
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    ensure_apt nodejs npm
  fi
  local v
  v="$(node -p 'process.versions.node')"
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
    || die "Node.js $v is too old: the UI needs Node 20.19 or newer"
}

ensure_npm() { # dir
  local dir="$1"
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    say "installing npm packages in $dir"
    npm --prefix "$dir" ci --no-audit --no-fund --loglevel=error
  fi
}

ensure_tauri_driver() {
  if ! command -v tauri-driver >/dev/null || ! tauri-driver --help 2>&1 | grep -q "native-port"; then
    say "installing tauri-driver 2.1.0"
    cargo install tauri-driver --version 2.1.0 --locked --quiet
  fi
}

build_ui() {
  ensure_npm ui
  say "building the UI"
  npm --prefix ui run --silent build >/dev/null
}
