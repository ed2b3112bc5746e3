#!/usr/bin/env bash
# Replays the curl transcript of the seed write-up
# (shared/background/ecs-golang-rest-api.md, "Interaction") against the built
# jar over HTTPS with real curl, and compares each response byte for byte
# with scripts/e2e/seed-transcript.expected (one line per call, each response
# ends with a newline as Go's json.Encoder writes it). The first call, `curl /`,
# now gets the static index instead of "Hello World!!": only its status is
# checked. Then checks that /api/products speaks HTTP/2 and that SIGTERM
# ends onebox with exit code 0.
set -euo pipefail

# shellcheck source=scripts/e2e/lib.sh
source "$(dirname "$(readlink -f "$0")")/lib.sh"

require_tools curl
here=$(dirname "$(readlink -f "$0")")
expected="$here/seed-transcript.expected"
tmp=$(mktemp -d)
ONEBOX_PID=""
cleanup() {
  [[ -z "$ONEBOX_PID" ]] || stop_onebox 30
  rm -rf "$tmp"
}
trap cleanup EXIT

start_onebox "$tmp"
wait_ready 180
base="https://localhost:$HTTPS_PORT"
ca="$tmp/certs/dev-ca.pem"
[[ -f "$ca" ]] || die "no dev CA at $ca"
curl_() { curl -sS --noproxy '*' --max-time 15 --cacert "$ca" "$@"; }

failures=0
fail() {
  warn "$*"
  failures=$((failures + 1))
}

# 1. curl / : the static index now.
status=$(curl_ -o /dev/null -w '%{http_code}' "$base/")
[[ "$status" == 200 ]] || fail "GET / answered $status, not 200"

# 2-6. The CRUD calls of the transcript, exactly as written there.
calls=(
  "-d {\"Name\":\"ball\",\"quantity\":4} -X POST $base/product"
  "-d {\"Name\":\"oranges\",\"quantity\":2} -X POST $base/product"
  "$base/product?name=oranges"
  "-d {\"Name\":\"ball\",\"quantity\":5} -X PUT $base/product"
  "-d {\"Name\":\"ball\",\"quantity\":5} -X DELETE $base/product"
)
[[ "$(wc -l <"$expected")" -eq "${#calls[@]}" ]] || die "$expected must have one line per call (${#calls[@]})"
for i in "${!calls[@]}"; do
  read -r -a args <<<"${calls[$i]}"
  curl_ "${args[@]}" >"$tmp/actual.$i" || fail "curl ${calls[$i]} failed"
  sed -n "$((i + 1))p" "$expected" >"$tmp/expected.$i"
  if cmp -s "$tmp/expected.$i" "$tmp/actual.$i"; then
    log "ok: curl ${calls[$i]//"$base"/}"
  else
    fail "curl ${calls[$i]}: expected $(od -c "$tmp/expected.$i" | head -n 3), got $(od -c "$tmp/actual.$i" | head -n 3)"
  fi
done

# HTTP/2 over ALPN on the canonical API.
version=$(curl_ --http2 -o /dev/null -w '%{http_version}' "$base/api/products")
[[ "$version" == 2 ]] || fail "GET /api/products used HTTP/$version, not HTTP/2"

stop_onebox 60
[[ "$EXIT_CODE" == 0 ]] || { tail -n 40 "$SERVER_LOG" >&2; fail "onebox exited with $EXIT_CODE after SIGTERM, not 0"; }

((failures == 0)) || die "$failures check(s) failed"
log "seed transcript reproduced byte for byte; HTTP/2 ok; clean exit on SIGTERM"
