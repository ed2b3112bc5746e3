#!/usr/bin/env bash
# shellcheck disable=SC2317 # cleanup and the probes run through trap and wait_for
# Hand-over under load, against the throwaway PostgreSQL of scripts/test
# (TEST_PG_DSN), in a database of its own. Starts onebox A, puts three
# steady HTTPS loads on it (curl multiplexing HTTP/2, wrk over HTTP/1.1
# keep-alive, wrk with a new connection per request), starts onebox B with the same
# settings half-way, and asserts: no failed request and no connection error
# in any load, A exits 0 by itself, B is ready and serves afterwards, B stops
# with 0 on SIGTERM. Prints the requests served and the failures.
# As root it sets net.ipv4.tcp_migrate_req=1 for the run (as scripts/install
# does) and puts the old value back; --no-migrate keeps the current value.
set -euo pipefail

# shellcheck source=scripts/e2e/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

migrate=yes
[[ "${1:-}" == --no-migrate ]] && migrate=no
require_tools wrk curl psql
[[ -n "${TEST_PG_DSN:-}" ]] || skip_or_fail "TEST_PG_DSN is unset (scripts/test starts a cluster and sets it)"
jar=${JAR_UNDER_TEST:-$(repo_root)/target/onebox.jar}
[[ -f "$jar" ]] || skip_or_fail "no jar at $jar (mvn -B -DskipTests package)"
select_jdk

duration=45       # seconds of load: B starts slowly on two busy cores
takeover_after=5  # seconds into the load when B starts
tmp=$(mktemp -d)
database="onebox_handover_e2e_$$"
sysctl_file=/proc/sys/net/ipv4/tcp_migrate_req
old_migrate=""
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  [[ -n "$old_migrate" ]] && printf '%s\n' "$old_migrate" >"$sysctl_file" 2>/dev/null
  psql "$TEST_PG_DSN" -qc "drop database if exists $database with (force)" >/dev/null 2>&1 || true
  [[ -n "${KEEP_TMP:-}" ]] || rm -rf "$tmp"
}
trap cleanup EXIT

if [[ "$migrate" == yes && -w "$sysctl_file" && "$(cat "$sysctl_file")" != 1 ]]; then
  old_migrate=$(cat "$sysctl_file")
  echo 1 >"$sysctl_file"
fi
log "net.ipv4.tcp_migrate_req=$(cat "$sysctl_file" 2>/dev/null || echo missing)"

psql "$TEST_PG_DSN" -v ON_ERROR_STOP=1 -qc "create database $database" >/dev/null
https_port=$(free_port)
admin_port=$(free_port)
http_port=$(free_port)

# Both processes get exactly the same settings, as a second start of the same unit would.
start() { # name
  env ONEBOX_ENV=dev \
    PG_DSN="${TEST_PG_DSN%/*}/$database" \
    ONEBOX_HTTPS_PORT="$https_port" ONEBOX_HTTP_PORT="$http_port" ONEBOX_ADMIN_PORT="$admin_port" \
    ONEBOX_CERT_DIR="$tmp/certs" ONEBOX_DATA_DIR="$tmp/data" ONEBOX_LOG_LEVEL=info \
    "$JAVA" -XX:TieredStopAtLevel=1 -jar "$jar" >"$tmp/$1.log" 2>&1 &
  pids+=($!)
  log "onebox $1: pid $!"
}

ready() { curl -fsS --max-time 2 "http://127.0.0.1:$admin_port/readyz" >/dev/null 2>&1; }
wait_for() { # seconds description command...
  local deadline=$(($(date +%s) + $1)) what=$2
  shift 2
  until "$@"; do
    (($(date +%s) < deadline)) || { tail -n 30 "$tmp"/*.log >&2; die "$what: not within the time allowed"; }
    sleep 0.1
  done
}

start A
a_pid=${pids[0]}
a_ready() { kill -0 "$a_pid" 2>/dev/null || { tail -n 30 "$tmp/A.log" >&2; die "A exited while starting"; }; ready; }
wait_for 120 "A ready" a_ready
url="https://127.0.0.1:$https_port/api/products/ball"
curl -fsS --cacert "$tmp/certs/dev-ca.pem" -H 'Content-Type: application/json' \
  -d '{"name":"ball","quantity":5}' "https://127.0.0.1:$https_port/api/products" >/dev/null

log "load for ${duration}s; B starts after ${takeover_after}s"
# Niced, so that the JVMs get the CPU they need to start and serve; a 30 s
# timeout, so that a slow answer on a starved machine is not a failure.
# HTTP/2 through curl, which multiplexes and, on GOAWAY, opens a new
# connection as a client should. (h2load does not: after a GOAWAY it counts the
# request it could not send as failed and stops that client for good.)
http2_load() {
  local end=$((SECONDS + duration)) batch=0
  while ((SECONDS < end)); do
    batch=$((batch + 1))
    nice -n 10 curl -sS --no-progress-meter --http2 --cacert "$tmp/certs/dev-ca.pem" --max-time 30 \
      --parallel --parallel-max 8 -o /dev/null -w '%{http_code} %{http_version}\n' \
      "$url?batch=$batch&n=[1-200]" || echo "curl exit $?"
  done >"$tmp/curl-h2.out" 2>"$tmp/curl-h2.err"
}
http2_load &
h2_pid=$!
nice -n 10 wrk -t 1 -c 4 --timeout 30s -d "${duration}s" "$url" >"$tmp/wrk-keepalive.out" 2>&1 &
wrk_keepalive_pid=$!
nice -n 10 wrk -t 1 -c 4 --timeout 30s -d "${duration}s" -H 'Connection: close' "$url" >"$tmp/wrk-close.out" 2>&1 &
wrk_close_pid=$!
sleep "$takeover_after"

start B
b_pid=${pids[1]}
a_exit=0
wait_for 90 "A exits after the hand-over" bash -c "! kill -0 $a_pid 2>/dev/null"
wait "$a_pid" || a_exit=$?
wait_for 30 "B ready" ready

load_status=0
wait "$h2_pid" || load_status=$?
wait "$wrk_keepalive_pid" || load_status=$?
wait "$wrk_close_pid" || load_status=$?
after=$(curl -fsS --cacert "$tmp/certs/dev-ca.pem" -o /dev/null -w '%{http_code}' "$url" || true)

kill -TERM "$b_pid"
b_exit=0
wait_for 60 "B stops on SIGTERM" bash -c "! kill -0 $b_pid 2>/dev/null"
wait "$b_pid" || b_exit=$?

# --- figures ---------------------------------------------------------------
# One line per request, "200 2" when answered 200 over HTTP/2; curl's own
# errors (a reset, a refused connection) go to curl-h2.err, one per failure.
h2_done=$(wc -l <"$tmp/curl-h2.out")
h2_ok=$(grep -cx '200 2' "$tmp/curl-h2.out" || true)
h2_errors=$(grep -c 'curl: (' "$tmp/curl-h2.err" || true)
h2_failed=$((h2_done - h2_ok + h2_errors))
wrk_figures() { # file -> "requests errors non2xx"
  local requests errors non2xx
  requests=$(sed -n 's/^ *\([0-9]*\) requests in.*/\1/p' "$1")
  errors=$(sed -n 's/^ *Socket errors: connect \([0-9]*\), read \([0-9]*\), write \([0-9]*\), timeout \([0-9]*\).*/\1+\2+\3+\4/p' "$1")
  non2xx=$(sed -n 's/^ *Non-2xx or 3xx responses: \([0-9]*\).*/\1/p' "$1")
  printf '%s %s %s\n' "${requests:-0}" "$((${errors:-0}))" "${non2xx:-0}"
}
read -r ka_requests ka_errors ka_non2xx < <(wrk_figures "$tmp/wrk-keepalive.out")
read -r cl_requests cl_errors cl_non2xx < <(wrk_figures "$tmp/wrk-close.out")

total=$((h2_done + ka_requests + cl_requests))
failures=$((h2_failed + ka_errors + ka_non2xx + cl_errors + cl_non2xx))

problems=()
((load_status == 0)) || problems+=("a load tool failed (exit $load_status)")
((h2_done > 0 && ka_requests > 0 && cl_requests > 0)) || problems+=("a load served nothing")
((failures == 0)) || problems+=("$failures failed requests or connection errors")
((a_exit == 0)) || problems+=("A exited $a_exit")
((b_exit == 0)) || problems+=("B exited $b_exit")
[[ "$after" == 200 ]] || problems+=("B answered $after after the hand-over")
grep -q 'handed over' "$tmp/A.log" || problems+=("A did not log the hand-over")

# On a failure the evidence comes first and the verdict last: CI logs are read from their end.
if ((${#problems[@]} > 0)); then
  cat "$tmp"/wrk-*.out "$tmp/curl-h2.err" >&2
  grep -vx '200 2' "$tmp/curl-h2.out" | sort | uniq -c >&2 || true
  tail -n 20 "$tmp/A.log" "$tmp/B.log" >&2
fi
printf '\n== hand-over under load ==\n'
printf 'curl HTTP/2 (8 streams on a connection):    %s requests, %s answered 200 over HTTP/2, %s failed\n' \
  "$h2_done" "$h2_ok" "$h2_failed"
printf 'wrk keep-alive (HTTP/1.1, 4 connections):   %s requests, %s connection errors, %s non-2xx\n' \
  "$ka_requests" "$ka_errors" "$ka_non2xx"
printf 'wrk new connection per request (4 clients): %s requests, %s connection errors, %s non-2xx\n' \
  "$cl_requests" "$cl_errors" "$cl_non2xx"
printf 'requests served: %d, failures: %d; A exit %d, B exit %d, B after: %s\n' \
  "$total" "$failures" "$a_exit" "$b_exit" "$after"
grep -h 'hand\|drain' "$tmp/A.log" "$tmp/B.log" | sed 's/^/  /' >&2 || true
for problem in "${problems[@]}"; do warn "$problem"; done
((${#problems[@]} == 0))
