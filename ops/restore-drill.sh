#!/usr/bin/env bash
# Restore drill: proves a backup can be restored into a log that still verifies.
#
#   ops/restore-drill.sh --backup DIR --archive DIR [--target-time TIME] [--port PORT]
#                        [--dbname NAME] [--workdir DIR] [--keep]
#
# Copies the base backup (`pg_basebackup -D DIR`) into a fresh data directory, replays the WAL
# archive up to TIME (point-in-time recovery; without it, to the end of the archive), promotes the
# restored cluster on PORT, prints the last audit entry and checkpoint it holds, and runs
# `kazna audit verify --replay` on it. Exit 0 only when verification passes. Run it with the
# server's configuration (KAZNA_DATA_DIR or KAZNA_LOG_KEY_FILE) so the CLI uses the same log key.
# As root, PostgreSQL runs as the `postgres` user (it refuses to run as root).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
backup='' archive='' target='' port=26490 dbname=kazna workdir='' keep=0
while [ $# -gt 0 ]; do
  case "$1" in
    --backup) backup=$2; shift 2 ;;
    --archive) archive=$2; shift 2 ;;
    --target-time) target=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    --dbname) dbname=$2; shift 2 ;;
    --workdir) workdir=$2; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[ -n "$backup" ] && [ -n "$archive" ] || { echo "usage: $0 --backup DIR --archive DIR [--target-time TIME]" >&2; exit 2; }
[ -n "$workdir" ] || workdir=$(mktemp -d /tmp/kazna-drill.XXXXXX)
pgdata="$workdir/pgdata"

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

stop() { as_pg "$PG_BIN/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1 || true; }
cleanup() { if [ "$keep" = 0 ]; then stop; rm -rf "$workdir"; fi; }
trap cleanup EXIT

mkdir -p "$pgdata"
cp -a "$backup/." "$pgdata/"
rm -f "$pgdata/postmaster.pid" "$pgdata/standby.signal"
touch "$pgdata/recovery.signal"
# Later settings win: the restored cluster is alone (no standby to wait for, no archive to write
# into, no primary to follow) and replays the archive, across timelines, up to the target.
{
  echo "port = $port"
  echo "listen_addresses = '127.0.0.1'"
  echo "unix_socket_directories = '$workdir'"
  echo "archive_mode = off"
  echo "synchronous_standby_names = ''"
  echo "primary_conninfo = ''"
  echo "hot_standby = on"
  echo "restore_command = 'cp $archive/%f %p'"
  echo "recovery_target_timeline = 'latest'"
  echo "recovery_target_action = 'promote'"
  if [ -n "$target" ]; then echo "recovery_target_time = '$target'"; fi
} >> "$pgdata/postgresql.auto.conf"
chmod 700 "$pgdata"
if [ "$(id -u)" = 0 ]; then chown -R postgres "$workdir"; fi

started=$(date +%s.%N)
as_pg "$PG_BIN/pg_ctl" -D "$pgdata" -l "$workdir/postgres.log" -w -t 600 start >/dev/null
psql_() { as_pg "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d "$dbname" -Atc "$1"; }
for _ in $(seq 1 600); do
  [ "$(psql_ 'SELECT pg_is_in_recovery()' 2>/dev/null)" = f ] && break
  sleep 0.5
done
[ "$(psql_ 'SELECT pg_is_in_recovery()')" = f ] || { echo "recovery did not finish; see $workdir/postgres.log" >&2; exit 1; }
restored=$(date +%s.%N)

entry=$(psql_ "SELECT seq || ' ' || action || ' ' || to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM audit_entries ORDER BY seq DESC LIMIT 1")
checkpoint=$(psql_ "SELECT size || ' ' || encode(root, 'hex') FROM audit_checkpoints ORDER BY size DESC LIMIT 1")
echo "restored-to: ${target:-end of archive}"
echo "last-entry: $entry"
echo "last-checkpoint: ${checkpoint:-none}"
echo "restore-seconds: $(echo "$restored - $started" | bc)"

set +e
DATABASE_URL="postgres://postgres@127.0.0.1:$port/$dbname" KAZNA_LOG=off \
  node "$here/bin/kazna.js" audit verify --replay
status=$?
set -e
echo "verify-exit: $status"
exit $status
