#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster on 127.0.0.1 for tests and benchmarks, or stop it.
#
#   eval "$(scripts/start-postgres.sh)"        # prints export lines: WISMO_TEST_PG_URL, WISMO_PG_DIR
#   scripts/start-postgres.sh stop [dir]       # stops the cluster in $WISMO_PG_DIR (or dir) and deletes it
#
# Uses the machine's initdb/pg_ctl (PATH or /usr/lib/postgresql/*/bin); installs Debian's
# `postgresql` package with apt-get only when neither exists. initdb refuses to run as root, so
# as root the cluster runs as the `postgres` user (created when missing). Everything except the
# export lines goes to stderr, so the output can be eval'ed. WISMO_PG_FAST=1 turns fsync off.
set -euo pipefail

log() { echo "start-postgres: $*" >&2; }

find_bin() {
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  return 1
}

as_owner() {
  if [ "$(id -u)" -ne 0 ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$OWNER" -- "$@"
  else
    su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")"
  fi
}

stop_cluster() {
  local dir=${1:-${WISMO_PG_DIR:-}}
  if [ -z "$dir" ] || [ ! -d "$dir/data" ]; then log "nothing to stop (pass the directory or set WISMO_PG_DIR)"; return 0; fi
  BIN=$(find_bin) || { log "pg_ctl not found"; exit 1; }
  OWNER=$(stat -c %U "$dir/data")
  as_owner "$BIN/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || log "pg_ctl stop failed; removing $dir anyway"
  rm -rf "$dir"
  log "stopped and removed $dir"
}

if [ "${1:-start}" = "stop" ]; then
  stop_cluster "${2:-}"
  exit 0
fi

if ! BIN=$(find_bin); then
  [ "$(id -u)" -eq 0 ] || { log "initdb not found and not root: install PostgreSQL (Debian: apt-get install postgresql)"; exit 1; }
  log "initdb not found; installing Debian's postgresql package"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  BIN=$(find_bin) || { log "initdb still not found after installing postgresql"; exit 1; }
fi

OWNER=$(id -un)
if [ "$(id -u)" -eq 0 ]; then
  OWNER=postgres
  id -u "$OWNER" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$OWNER"
fi

# As root the cluster's owner must reach the directory, so use /tmp rather than a private TMPDIR.
BASE=${TMPDIR:-/tmp}
[ "$(id -u)" -eq 0 ] && BASE=/tmp
DIR=$(mktemp -d "$BASE/wismo-pg.XXXXXX")
chmod 0755 "$DIR"
mkdir -m 0700 "$DIR/data"
chown "$OWNER" "$DIR" "$DIR/data"
as_owner "$BIN/initdb" -D "$DIR/data" -U wismo --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || as_owner "$BIN/initdb" -D "$DIR/data" -U wismo --auth=trust --encoding=UTF8 --locale=C >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }

FAST=""
[ "${WISMO_PG_FAST:-0}" = "1" ] && FAST="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

PORT=""
for _ in $(seq 1 20); do
  candidate=$((20000 + RANDOM % 40000))
  port_free "$candidate" || continue
  opts="-c listen_addresses=127.0.0.1 -c port=$candidate -c unix_socket_directories=$DIR -c max_connections=200 $FAST"
  if as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -o "$opts" -w -t 60 start >&2; then
    PORT=$candidate
    break
  fi
  log "could not start on port $candidate; trying another"
done
[ -n "$PORT" ] || { cat "$DIR/server.log" >&2; exit 1; }

as_owner "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U wismo wismo >&2
log "PostgreSQL $("$BIN/pg_ctl" --version | awk '{print $3}') ready on 127.0.0.1:$PORT (data in $DIR, owner $OWNER)"
echo "export WISMO_TEST_PG_URL='postgres://wismo@127.0.0.1:$PORT/wismo'"
echo "export WISMO_PG_DIR='$DIR'"
