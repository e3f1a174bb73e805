#!/usr/bin/env bash
# Runs the keychain tests against real Secret Service setups on a private
# D-Bus session bus, so it works on a headless box and touches no real
# keyring. Installs the Debian packages it needs when they are missing.
#
#   bash crates/bandeja-secrets/tests/with-keyring.sh
#
# 1. gnome-keyring unlocked with a throwaway password: tests/keychain.rs
#    must really run (BANDEJA_REQUIRE_KEYCHAIN turns its skip into a failure).
# 2. gnome-keyring started but locked, and 3. a bus with no Secret Service
#    at all: tests/fallback.rs must see the keychain refuse, for the
#    expected reason, and fall back to the encrypted file.
set -euo pipefail
cd "$(dirname "$0")/../../.."

packages=(gnome-keyring dbus dbus-bin dbus-daemon)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "with-keyring: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# Build outside the D-Bus sessions, so their output is only the tests'.
cargo test -p bandeja-secrets --test keychain --test fallback --no-run

# gnome-keyring keeps its keyrings and sockets under these: temporary ones,
# so the tests never see (or unlock) the keyring of whoever runs them.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
fresh_xdg() {
  rm -rf "$scratch/xdg" && mkdir -p "$scratch/xdg/data" "$scratch/xdg/cache" "$scratch/xdg/run"
  chmod 700 "$scratch/xdg/run"
  export XDG_DATA_HOME="$scratch/xdg/data" XDG_CACHE_HOME="$scratch/xdg/cache" XDG_RUNTIME_DIR="$scratch/xdg/run"
}

echo "with-keyring: 1/3 unlocked gnome-keyring" >&2
fresh_xdg
BANDEJA_REQUIRE_KEYCHAIN=1 dbus-run-session -- sh -c '
  printf pw | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  cargo test -q -p bandeja-secrets --test keychain -- --nocapture
'

echo "with-keyring: 2/3 locked gnome-keyring" >&2
fresh_xdg
BANDEJA_EXPECT_KEYCHAIN_FAILURE="locked" dbus-run-session -- sh -c '
  gnome-keyring-daemon --start --components=secrets >/dev/null 2>&1
  cargo test -q -p bandeja-secrets --test fallback -- --nocapture
'

echo "with-keyring: 3/3 a session bus without a Secret Service" >&2
fresh_xdg
cat >"$scratch/bare-bus.conf" <<'CONF'
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default"><allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/></policy>
</busconfig>
CONF
BANDEJA_EXPECT_KEYCHAIN_FAILURE="ServiceUnknown" dbus-run-session --config-file="$scratch/bare-bus.conf" -- \
  cargo test -q -p bandeja-secrets --test fallback -- --nocapture
