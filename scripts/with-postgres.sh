#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL server:
#   scripts/with-postgres.sh CMD [ARGS...]
# initdb's a temporary directory, starts postgres on 127.0.0.1 on a free port
# (and a unix socket in that directory), runs CMD with ORACLE_TEST_POSTGRES_URL
# set to a database in it, then stops the server and deletes the directory,
# whatever CMD's outcome. Exits with CMD's status.
#
# PostgreSQL refuses to run as root: as root, the server runs as the
# `postgres` user (runuser) in a directory it owns. fsync is off (a throwaway
# server) unless ORACLE_PG_FSYNC=on, which benchmarks should set.
set -euo pipefail

if [ $# -eq 0 ]; then
  echo "usage: $0 CMD [ARGS...]" >&2
  exit 2
fi

bindir=${ORACLE_PG_BINDIR:-}
if [ -z "$bindir" ]; then
  for d in /usr/lib/postgresql/*/bin; do
    [ -x "$d/initdb" ] && bindir=$d
  done
fi
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "with-postgres: PostgreSQL server binaries not found (Debian: apt-get install postgresql)" >&2
  exit 1
fi

as_server=()
if [ "$(id -u)" -eq 0 ]; then
  as_server=(runuser -u postgres --)
fi

dir=$(mktemp -d /tmp/oracle-pg.XXXXXX)
chmod 755 "$dir"
if [ ${#as_server[@]} -gt 0 ]; then chown postgres: "$dir"; fi

cleanup() {
  if [ -f "$dir/data/postmaster.pid" ]; then
    "${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

# A free port: ask the kernel for one.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

"${as_server[@]}" "$bindir/initdb" -D "$dir/data" -U oracle --auth=trust \
  --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
  || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_server[@]}" "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=${ORACLE_PG_FSYNC:-off} -c max_connections=100" \
  start >/dev/null \
  || { cat "$dir/server.log" >&2; exit 1; }
"${as_server[@]}" "$bindir/createdb" -h 127.0.0.1 -p "$port" -U oracle oracle_test

export ORACLE_TEST_POSTGRES_URL="postgresql://oracle@127.0.0.1:$port/oracle_test"
export ORACLE_TEST_POSTGRES_ADMIN_URL="postgresql://oracle@127.0.0.1:$port/postgres"
set +e
"$@"
status=$?
set -e
exit $status
