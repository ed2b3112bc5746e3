#!/usr/bin/env bash
# Backup and restore round trip against the throwaway PostgreSQL that
# scripts/test starts (TEST_PG_DSN): in a database of its own, write
# rows with psql, back up with scripts/backup, delete them, restore with
# scripts/restore, and compare. Also checks that --keep keeps only the newest
# archives and that the archive path is backup's last line.
set -euo pipefail

# shellcheck source=scripts/e2e/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_tools psql pg_dump pg_restore
[[ -n "${TEST_PG_DSN:-}" ]] || skip_or_fail "TEST_PG_DSN is unset (scripts/test starts a cluster and sets it)"

scripts=$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)
tmp=$(mktemp -d)
database="onebox_backup_e2e_$$"
admin_dsn=$TEST_PG_DSN
cleanup() {
  psql "$admin_dsn" -qc "drop database if exists $database with (force)" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

psql "$admin_dsn" -v ON_ERROR_STOP=1 -qc "create database $database" >/dev/null
export PG_DSN="${admin_dsn%/*}/$database"
sql() { psql "$PG_DSN" -v ON_ERROR_STOP=1 -XAtq "$@"; }
rows() { sql -c "select name || '|' || quantity from products order by name"; }

sql <<'SQL'
create table products (name text primary key, quantity integer not null check (quantity >= 0));
insert into products values ('ball', 5), ('oranges', 2), ('äpfel/birnen', 2147483647), ('empty', 0);
SQL
rows >"$tmp/before"

failures=0
check() {
  local description=$1
  shift
  if "$@"; then log "ok: $description"; else warn "FAILED: $description"; failures=$((failures + 1)); fi
}

"$scripts/backup" --dir "$tmp/backups" --keep 2 >"$tmp/backup.out"
archive=$(tail -n 1 "$tmp/backup.out")
check "backup prints the archive path last" test -f "$archive"
check "the archive is pg_dump's custom format" bash -c "pg_restore --list '$archive' | grep -q 'TABLE public products'"
check "the archive is readable by its owner only" test "$(stat -c %a "$archive")" = 600

sql -c "delete from products where name <> 'ball'" -c "update products set quantity = 99"
sql -c "insert into products values ('added after the backup', 1)"
"$scripts/restore" "$archive" 2>"$tmp/restore.err" || { cat "$tmp/restore.err" >&2; die "restore failed"; }
rows >"$tmp/after"
check "restore brings back exactly the rows of the backup" cmp -s "$tmp/before" "$tmp/after"
diff "$tmp/before" "$tmp/after" >&2 || true

for _ in 1 2 3; do "$scripts/backup" --dir "$tmp/backups" --keep 2 >>"$tmp/backup.out"; done
newest=$(tail -n 2 "$tmp/backup.out" | xargs -n 1 basename | sort)
remaining=$(find "$tmp/backups" -name 'onebox-*.dump' -printf '%f\n' | sort)
check "--keep 2 keeps the two newest archives" test "$newest" = "$remaining"
check "no partial archive is left behind" test -z "$(find "$tmp/backups" -name '*.partial')"

check "restore without a file is refused" bash -c "! '$scripts/restore' 2>/dev/null"
check "backup refuses --keep 0" bash -c "! '$scripts/backup' --keep 0 2>/dev/null"

# Without PG_DSN, backup and restore find the embedded PostgreSQL through
# postmaster.pid under ONEBOX_DATA_DIR, as the embedded server runs it: user
# postgres, trust on local TCP. A cluster laid out the same way stands in.
pg_bin=/usr/lib/postgresql/15/bin
# Its own directory: user postgres cannot enter $tmp.
embedded=$(mktemp -d /tmp/onebox-embedded.XXXXXX)
runas=()
if [[ "$(id -u)" == 0 ]]; then
  runas=(runuser -u postgres --)
  chown postgres: "$embedded"
fi
stop_embedded() { "${runas[@]}" "$pg_bin/pg_ctl" -D "$embedded/data/pg" -m immediate -w -t 30 stop >/dev/null 2>&1 || true; }
trap 'stop_embedded; rm -rf "$embedded"; cleanup' EXIT
port=$(free_port)
"${runas[@]}" "$pg_bin/initdb" -D "$embedded/data/pg" -A trust -U postgres -E UTF8 >/dev/null
"${runas[@]}" "$pg_bin/pg_ctl" -D "$embedded/data/pg" -l "$embedded/log" -w -t 60 \
  -o "-p $port -k $embedded -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
embedded_sql() { psql "postgresql://postgres@127.0.0.1:$port/onebox" -v ON_ERROR_STOP=1 -XAtq "$@"; }
psql "postgresql://postgres@127.0.0.1:$port/postgres" -qc "create database onebox"
embedded_sql -c "create table products (name text primary key, quantity integer)" -c "insert into products values ('ball', 4)"
archive=$(env -u PG_DSN ONEBOX_DATA_DIR="$embedded/data" "$scripts/backup" --dir "$tmp/embedded-backups" | tail -n 1)
embedded_sql -c "delete from products"
env -u PG_DSN ONEBOX_DATA_DIR="$embedded/data" "$scripts/restore" "$archive" 2>/dev/null
check "embedded database: backup and restore through postmaster.pid" test "$(embedded_sql -c 'select name, quantity from products')" = "ball|4"

((failures == 0)) || die "$failures check(s) failed"
log "backup and restore round trip: all checks passed"
