# shellcheck shell=bash disable=SC2034 # the PG_CLUSTER_* variables are read by the callers
# A throwaway Debian PostgreSQL 15 cluster for tests and benchmarks: sourced,
# never run. Needs scripts/lib/common.sh (log, free_port) sourced first.
#
#   pg_cluster_start DATABASE [EXTRA_SERVER_OPTIONS]   starts it, creates DATABASE
#   pg_cluster_stop                                      stops it, removes its files
#
# After a start: PG_CLUSTER_DIR (also the Unix socket directory), PG_CLUSTER_PORT,
# PG_CLUSTER_PASSWORD, PG_CLUSTER_DSN (postgres://onebox:...@127.0.0.1:port/DATABASE)
# and PG_CLUSTER_RUNAS (the command prefix that runs a program as the owner).
# The superuser is onebox, with a password over TCP and trust on the socket.
# As root the cluster runs as the user postgres (initdb refuses root).

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PG_CLUSTER_DIR=""
PG_CLUSTER_RUNAS=()

pg_cluster_stop() {
  [[ -n "$PG_CLUSTER_DIR" && -d "$PG_CLUSTER_DIR" ]] || return 0
  "${PG_CLUSTER_RUNAS[@]}" "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -m fast -w -t 30 stop >/dev/null 2>&1 || true
  rm -rf "$PG_CLUSTER_DIR"
  PG_CLUSTER_DIR=""
}

pg_cluster_start() { # database [extra server options]
  local database=$1 extra=${2:-}
  [[ -x "$PG_BIN/initdb" ]] || { warn "$PG_BIN/initdb is missing (apt-get install postgresql)"; return 1; }
  PG_CLUSTER_DIR=$(mktemp -d /tmp/onebox-pg.XXXXXX)
  PG_CLUSTER_RUNAS=()
  if [[ "$(id -u)" == 0 ]]; then
    id postgres >/dev/null 2>&1 || { warn "user postgres is missing (is Debian's postgresql installed?)"; return 1; }
    PG_CLUSTER_RUNAS=(runuser -u postgres --)
    chown postgres: "$PG_CLUSTER_DIR"
  fi
  chmod 700 "$PG_CLUSTER_DIR"
  PG_CLUSTER_PORT=$(free_port)
  PG_CLUSTER_PASSWORD=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf '%s\n' "$PG_CLUSTER_PASSWORD" >"$PG_CLUSTER_DIR/pwfile"
  [[ "$(id -u)" == 0 ]] && chown postgres: "$PG_CLUSTER_DIR/pwfile"
  "${PG_CLUSTER_RUNAS[@]}" "$PG_BIN/initdb" -D "$PG_CLUSTER_DIR/data" -U onebox --pwfile="$PG_CLUSTER_DIR/pwfile" \
    --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$PG_CLUSTER_DIR/initdb.log" 2>&1 ||
    { cat "$PG_CLUSTER_DIR/initdb.log" >&2; return 1; }
  rm -f "$PG_CLUSTER_DIR/pwfile"
  # shellcheck disable=SC2086 # extra holds several -c options on purpose
  "${PG_CLUSTER_RUNAS[@]}" "$PG_BIN/pg_ctl" -D "$PG_CLUSTER_DIR/data" -l "$PG_CLUSTER_DIR/server.log" -w -t 60 \
    -o "-p $PG_CLUSTER_PORT -k $PG_CLUSTER_DIR -c listen_addresses=127.0.0.1 -c fsync=off $extra" start >/dev/null ||
    { cat "$PG_CLUSTER_DIR/server.log" >&2; return 1; }
  "${PG_CLUSTER_RUNAS[@]}" "$PG_BIN/createdb" -h "$PG_CLUSTER_DIR" -p "$PG_CLUSTER_PORT" -U onebox "$database" || return 1
  PG_CLUSTER_DSN="postgres://onebox:$PG_CLUSTER_PASSWORD@127.0.0.1:$PG_CLUSTER_PORT/$database"
  log "PostgreSQL 15 on 127.0.0.1:$PG_CLUSTER_PORT (database $database)"
}

# Runs psql on the cluster's socket as its superuser: pg_psql DATABASE [psql args].
pg_psql() {
  local database=$1
  shift
  "${PG_CLUSTER_RUNAS[@]}" psql -X -q -v ON_ERROR_STOP=1 -h "$PG_CLUSTER_DIR" -p "$PG_CLUSTER_PORT" -U onebox -d "$database" "$@"
}
