# shellcheck shell=bash disable=SC2034 # EXIT_CODE and the ports are read by the tests
# Shared by the end-to-end tests in scripts/e2e/: sourced, never run.
# Exit 77 means "skipped" to scripts/test; under CI=true nothing is skipped.

# shellcheck source=scripts/lib/common.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../lib/common.sh"

skip_or_fail() {
  if [[ "${CI:-false}" == true ]]; then
    die "$* (CI=true: a missing prerequisite is a failure)"
  fi
  warn "skipped: $*"
  exit 77
}

require_tools() {
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || skip_or_fail "$tool is missing"
  done
}

# Starts the built jar in the background on free ports, with its data and
# certificates under $1, and the embedded database. Sets ONEBOX_PID,
# HTTPS_PORT, ADMIN_PORT and SERVER_LOG.
start_onebox() {
  local dir=$1 jar=${JAR_UNDER_TEST:-$(repo_root)/target/onebox.jar}
  [[ -f "$jar" ]] || skip_or_fail "no jar at $jar (mvn -B -DskipTests package)"
  select_jdk
  HTTPS_PORT=$(free_port)
  ADMIN_PORT=$(free_port)
  local http_port
  http_port=$(free_port)
  SERVER_LOG="$dir/server.log"
  env -u PG_DSN \
    ONEBOX_ENV=dev \
    ONEBOX_HTTPS_PORT="$HTTPS_PORT" \
    ONEBOX_HTTP_PORT="$http_port" \
    ONEBOX_ADMIN_PORT="$ADMIN_PORT" \
    ONEBOX_CERT_DIR="$dir/certs" \
    ONEBOX_DATA_DIR="$dir/data" \
    "$JAVA" -jar "$jar" >"$SERVER_LOG" 2>&1 &
  ONEBOX_PID=$!
  log "onebox pid $ONEBOX_PID: https $HTTPS_PORT, http $http_port, admin $ADMIN_PORT"
}

onebox_ready() {
  kill -0 "$ONEBOX_PID" 2>/dev/null || return 2
  curl -fsS --noproxy '*' --max-time 5 "http://127.0.0.1:$ADMIN_PORT/readyz" >/dev/null 2>&1
}

# Waits for /readyz on the admin listener; fails early if onebox died.
wait_ready() {
  local deadline=$(($(date +%s) + $1)) status
  while true; do
    status=0
    onebox_ready || status=$?
    ((status == 0)) && return 0
    ((status == 2)) && { tail -n 40 "$SERVER_LOG" >&2; die "onebox exited before it was ready"; }
    (($(date +%s) < deadline)) || { tail -n 40 "$SERVER_LOG" >&2; die "onebox not ready after $1 s"; }
    sleep 0.2
  done
}

# Sends SIGTERM and waits (bounded) for the exit; sets EXIT_CODE. Not in a
# subshell: only the shell that started onebox can wait for it.
stop_onebox() {
  local deadline=$(($(date +%s) + $1))
  EXIT_CODE=0
  kill -TERM "$ONEBOX_PID" 2>/dev/null || true
  while kill -0 "$ONEBOX_PID" 2>/dev/null; do
    if (($(date +%s) >= deadline)); then
      kill -KILL "$ONEBOX_PID" 2>/dev/null || true
      warn "onebox still running $1 s after SIGTERM: killed"
      break
    fi
    sleep 0.2
  done
  wait "$ONEBOX_PID" 2>/dev/null || EXIT_CODE=$?
  ONEBOX_PID=""
}
