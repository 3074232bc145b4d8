#!/usr/bin/env bash
# Run a command with DATABASE_URL pointing at a PostgreSQL server:
#   1. DATABASE_URL from the environment when it names a PostgreSQL server;
#   2. else the server on 127.0.0.1:5432 when one answers (trust auth, user postgres);
#   3. else a throwaway cluster started from the installed server binaries, stopped afterwards.
set -euo pipefail

case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*|pgsql://*)
    echo "PostgreSQL: using DATABASE_URL from the environment" >&2
    exec "$@" ;;
esac

if [ -z "${ANTQ_PG_THROWAWAY:-}" ] && command -v pg_isready >/dev/null 2>&1 && pg_isready -q -h 127.0.0.1 -p 5432 -t 3; then
  export DATABASE_URL="postgres://${PGUSER:-postgres}@127.0.0.1:5432/antq"
  echo "PostgreSQL: using the server on 127.0.0.1:5432" >&2
  exec "$@"
fi

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/initdb" ]; then
  echo "PostgreSQL: no DATABASE_URL, no server on 127.0.0.1:5432 and no server binaries (apt-get install postgresql)" >&2
  exit 1
fi

datadir=$(mktemp -d /tmp/antq-pg.XXXXXX)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
run_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$datadir"
cleanup() {
  run_pg "$bindir/pg_ctl" -D "$datadir" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT
run_pg "$bindir/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
run_pg "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" start >/dev/null
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/antq"
echo "PostgreSQL: throwaway cluster on port $port" >&2
"$@"
