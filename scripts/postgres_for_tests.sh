#!/usr/bin/env bash
# A throwaway PostgreSQL server for the web app's tests, from Debian's packages.
#   scripts/postgres_for_tests.sh install   apt-get install postgresql (if missing)
#   scripts/postgres_for_tests.sh start     initdb + start; prints the export line for the URL
#   scripts/postgres_for_tests.sh stop      stop it and delete its folder
# The server listens only on a unix socket in its own folder (no TCP port), trusts local
# connections, and runs as the `postgres` user when started by root (initdb refuses root).
set -euo pipefail
action=${1:-start}
dir=${BOMTRACE_PGTEST_DIR:-/tmp/bomtrace-pgtest}
port=${BOMTRACE_PGTEST_PORT:-54329}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$action" in
  install)
    if [ -z "$bin" ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
    fi
    ;;
  start)
    [ -n "$bin" ] || { echo "error: PostgreSQL is not installed; run $0 install" >&2; exit 1; }
    if [ -f "$dir/data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
      :
    else
      rm -rf "$dir" && mkdir -p "$dir/socket"
      [ "$(id -u)" = 0 ] && chown -R postgres: "$dir"
      as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; exit 1; }
      as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
        -o "-c listen_addresses='' -c unix_socket_directories=$dir/socket -p $port -c fsync=off" start >/dev/null \
        || { cat "$dir/server.log" >&2; exit 1; }
    fi
    echo "export BOMTRACE_TEST_DATABASE_URL='postgresql://postgres@/postgres?host=$dir/socket&port=$port'"
    ;;
  stop)
    if [ -n "$bin" ] && [ -d "$dir/data" ]; then
      as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 install|start|stop" >&2
    exit 2
    ;;
esac
