#!/usr/bin/env bash
# Install (Debian packages) and start the real servers the test suite uses, on loopback and
# non-default ports. Idempotent: a service already listening is left alone.
#   source scripts/services.sh        -> starts them and exports SLUICE_TEST_* variables
#   scripts/services.sh stop          -> stops them by pid file
set -euo pipefail
SVC="${SLUICE_SVC_DIR:-/tmp/sluice-svc}"
PG_PORT="${SLUICE_TEST_PG_PORT:-55432}"
REDIS_PORT="${SLUICE_TEST_REDIS_PORT:-36379}"
PGBIN=/usr/lib/postgresql/15/bin
export DEBIAN_FRONTEND=noninteractive

up() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() {
  local i
  for ((i = 0; i < ${2:-30} * 10; i++)); do up "$1" && return 0; sleep 0.1; done
  echo "service on port $1 did not come up" >&2
  return 1
}

stop_services() {
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$SVC/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  [ -f "$SVC/redis.pid" ] && kill "$(cat "$SVC/redis.pid")" 2>/dev/null || true
  rm -f "$SVC/redis.pid"
}

if [ "${1:-}" = "stop" ]; then stop_services; exit 0; fi

mkdir -p "$SVC"
# apt must never start daemons on default ports
[ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; }
need=()
for p in postgresql-15 redis-server chromium; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || need+=("$p")
done
if ((${#need[@]})); then
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${need[@]}"
  pg_ctlcluster 15 main stop 2>/dev/null || true
fi

if ! up "$PG_PORT"; then
  # Nothing listens: start from a fresh cluster (a previous one may have been killed mid-write).
  rm -rf "$SVC/pg"
  install -d -o postgres -g postgres -m 700 "$SVC/pg"
  runuser -u postgres -- "$PGBIN/initdb" -D "$SVC/pg/data" -U postgres \
    --auth=trust -E UTF8 --locale=C.UTF-8 >"$SVC/pg-initdb.log"
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$SVC/pg/data" -l "$SVC/pg/log" -w -o \
    "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $SVC/pg -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 -c shared_buffers=512MB" start >/dev/null
fi
if ! up "$REDIS_PORT"; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes \
    --pidfile "$SVC/redis.pid" --logfile "$SVC/redis.log" --dir "$SVC"
fi
wait_port "$PG_PORT" 60
wait_port "$REDIS_PORT" 30

export SLUICE_TEST_PG_DSN="postgresql://postgres@127.0.0.1:$PG_PORT/postgres"
export SLUICE_TEST_REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
echo "services up: PostgreSQL :$PG_PORT, Redis :$REDIS_PORT"
