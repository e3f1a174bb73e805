#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL on loopback, so the relay's
# tests can run against the PostgreSQL backend on any box with the Debian
# package. Installs the package when it is missing.
#
#   bash crates/bandeja-relay/tests/with-postgres.sh            # cargo test -p bandeja-relay
#   bash crates/bandeja-relay/tests/with-postgres.sh CMD ARGS…  # any command
#
# The cluster lives in a temporary directory (initdb, trust auth, listening
# only on 127.0.0.1 at a free port and on a private unix socket) with fsync
# and synchronous_commit left on, as in production. The command sees
# BANDEJA_RELAY_TEST_PG=postgres://postgres@127.0.0.1:PORT/postgres; each
# test creates a database of its own in it. The server is stopped and the
# directory removed on exit, whether the command passed or not.
set -euo pipefail
cd "$(dirname "$0")/../../.."

packages=(postgresql)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "with-postgres: installing ${missing[*]}" >&2
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
    || { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }
fi

# The newest installed server (the Debian package puts it here, not on PATH).
bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$bindir/initdb" ] || { echo "with-postgres: no PostgreSQL server under /usr/lib/postgresql" >&2; exit 1; }

# postgres refuses to run as root: as root, run the server as the package's
# postgres user (created by postgresql-common), else as whoever we are.
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || { echo "with-postgres: no postgres user" >&2; exit 1; }
  as_pg=(runuser -u postgres --)
fi

scratch="$(mktemp -d)"
data="$scratch/data"
mkdir -p "$scratch/sock"
[ ${#as_pg[@]} -eq 0 ] || chown -R postgres: "$scratch"
chmod 700 "$scratch"
[ ${#as_pg[@]} -eq 0 ] || chmod 711 "$scratch" # the postgres user must reach data/
stop() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$scratch"
}
trap stop EXIT

"${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres -A trust -E UTF8 --no-sync >"$scratch/initdb.log" 2>&1 \
  || { cat "$scratch/initdb.log" >&2; exit 1; }

# A random high port; if it is taken the server fails to bind, and we retry.
started=""
for _ in 1 2 3 4 5; do
  port=$((20000 + RANDOM % 40000))
  if "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$scratch/server.log" -w -t 30 start \
      -o "-c listen_addresses=127.0.0.1 -p $port -k $scratch/sock -c max_connections=200 -c fsync=on -c synchronous_commit=on" \
      >/dev/null; then
    started=yes
    break
  fi
done
[ -n "$started" ] || { echo "with-postgres: the server did not start" >&2; cat "$scratch/server.log" >&2; exit 1; }

export BANDEJA_RELAY_TEST_PG="postgres://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') at $BANDEJA_RELAY_TEST_PG" >&2
if [ $# -eq 0 ]; then
  set -- cargo test -p bandeja-relay
fi
"$@"
