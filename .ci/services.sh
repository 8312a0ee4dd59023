#!/usr/bin/env bash
# CI services: install (if needed) and start a throw-away PostgreSQL server on 127.0.0.1 for the store tests.
#
# Usage (from .ci/run):   TEST_DATABASE_URL="$(bash .ci/services.sh | tail -n 1)"; export TEST_DATABASE_URL
# Exports nothing itself; progress goes to stderr and the last line of stdout is the URL to use, e.g.
#   postgresql+psycopg://crm_pulse@127.0.0.1:54329/crm_pulse_test
# Idempotent: a second call finds the server running and prints the same URL.
# Settings (environment, all optional): PG_PORT (54329), PG_DATA (/tmp/crm_pulse_pg), PG_DB (crm_pulse_test).
set -euo pipefail

PG_PORT="${PG_PORT:-54329}"
PG_DATA="${PG_DATA:-/tmp/crm_pulse_pg}"
PG_DB="${PG_DB:-crm_pulse_test}"
PG_USER="crm_pulse"
log() { echo "services.sh: $*" >&2; }

find_bin() {  # the newest installed PostgreSQL's bin folder
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  return 1
}

BIN="$(find_bin || true)"
if [ -z "$BIN" ]; then
  log "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq >&2
  $SUDO apt-get install -y -qq postgresql >&2
  BIN="$(find_bin)"
fi

# The server refuses to run as root: run it as the postgres account (created by the Debian package).
RUN_AS=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/sh postgres
  RUN_AS=(runuser -u postgres --)
fi

if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT"; then
  log "a server is already running on port $PG_PORT"
else
  if [ ! -s "$PG_DATA/PG_VERSION" ]; then
    log "creating a cluster in $PG_DATA"
    rm -rf "$PG_DATA"
    mkdir -p "$PG_DATA"
    [ "${#RUN_AS[@]}" -gt 0 ] && chown postgres:postgres "$PG_DATA"
    if ! "${RUN_AS[@]}" "$BIN/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --locale=C.UTF-8 >&2; then
      log "C.UTF-8 locale unavailable; using C"
      find "$PG_DATA" -mindepth 1 -delete
      "${RUN_AS[@]}" "$BIN/initdb" -D "$PG_DATA" -U "$PG_USER" -A trust -E UTF8 --locale=C >&2
    fi
  fi
  log "starting the server on 127.0.0.1:$PG_PORT"
  # fsync stays on: the store's tests are about durability. Unix socket in the data folder, not /var/run.
  "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w -t 60 start \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DATA -c max_connections=50" >&2
fi

for _ in $(seq 1 30); do
  "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 1
done
"$BIN/pg_isready" -h 127.0.0.1 -p "$PG_PORT" >&2

if ! "$BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" -d postgres -tAc \
     "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'" | grep -q 1; then
  log "creating database $PG_DB"
  "$BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U "$PG_USER" "$PG_DB" >&2
fi

echo "postgresql+psycopg://$PG_USER@127.0.0.1:$PG_PORT/$PG_DB"
