#!/usr/bin/env bash
# The calendar benchmark: a pupil's private feed (over 400 occurrences this school year, 30 repeating) —
# answers per second with the whole calendar and with 304 Not Modified — and a parent's
# month view and start page at a fixed rate, on SQLite and on PostgreSQL. Each measurement
# runs BENCH_RUNS times. See docs/benchmarks.md "The calendar".
#
#   bash tests/bench/calendar.sh
#
# Settings: BENCH_BACKENDS ["sqlite postgres"], BENCH_SECONDS [10], BENCH_RUNS [3],
# BENCH_CONNECTIONS [8], BENCH_PROBE_RATE [50], BENCH_SKIP_BUILD [unset],
# BENCH_PG [postgres://postgres@127.0.0.1:5432].
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REL="$ROOT/target/release"
OUT="$ROOT/target/bench"
BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
SECONDS_EACH=${BENCH_SECONDS:-10}
RUNS=${BENCH_RUNS:-3}
CONNECTIONS=${BENCH_CONNECTIONS:-8}
PROBE_RATE=${BENCH_PROBE_RATE:-50}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
mkdir -p "$OUT"
SUMMARY="$OUT/calendar.md"
WORK=$(mktemp -d)
SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
  log "building the release binary and the probe"
  (cd "$ROOT" && cargo build --release -p schoolbrug && cargo build --release -p schoolbrug-tests --bin bench-probe)
fi

rps() { awk '/Requests\/sec/ { print $2 }'; }

measure() {
  local store=$1 port=$2 env=()
  local data="$WORK/$store"
  mkdir -p "$data"
  if [[ $store == postgres ]]; then
    local db="sb_bench_cal_$$"
    psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $db" -qc "CREATE DATABASE $db" >/dev/null
    env=(SCHOOLBRUG_DATABASE_URL="$PG/$db")
  else
    env=(SCHOOLBRUG_DATA_DIR="$data")
  fi
  env "${env[@]}" "$REL/schoolbrug" demo >/dev/null
  env "${env[@]}" RUST_LOG=warn "$REL/schoolbrug" serve --listen "127.0.0.1:$port" >"$WORK/$store.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
  eval "$(python3 "$ROOT/tests/bench/calendar_seed.py" "http://127.0.0.1:$port")"
  local feed="/calendar/feed/${FEED_PUPIL##*/calendar/feed/}"
  local etag
  etag=$(curl -sI "http://127.0.0.1:$port$feed" | awk 'tolower($1)=="etag:" { print $2 }' | tr -d '\r')
  local occurrences
  occurrences=$(curl -s "http://127.0.0.1:$port/api/v1/calendar?from=$(date +%Y)-09-01&to=$(( $(date +%Y) + 1 ))-08-31" \
    -H "authorization: Bearer $TOKEN_PUPIL" | python3 -c 'import json,sys; print(sum(1 for i in json.load(sys.stdin)["items"] if i["kind"]=="activity"))' 2>/dev/null || echo "?")
  local bytes
  bytes=$(curl -s "http://127.0.0.1:$port$feed" | wc -c)
  for run in $(seq 1 "$RUNS"); do
    local full not_modified month start
    full=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" "http://127.0.0.1:$port$feed" | rps)
    not_modified=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -H "If-None-Match: $etag" "http://127.0.0.1:$port$feed" | rps)
    echo "$TOKEN_PARENT /api/v1/calendar?from=$FROM&to=$TO" >"$WORK/month.req"
    month=$("$REL/bench-probe" --addr "127.0.0.1:$port" --requests "$WORK/month.req" --rate "$PROBE_RATE" --seconds "$SECONDS_EACH" 2>/dev/null)
    echo "$TOKEN_PARENT /api/v1/start" >"$WORK/start.req"
    start=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" -H "authorization: Bearer $TOKEN_PARENT" "http://127.0.0.1:$port/api/v1/start" | rps)
    echo "| $store | $run | $occurrences | $bytes | $full | $not_modified | $(python3 -c "print(round($not_modified/$full,1))") | $(echo "$month" | python3 -c 'import json,sys; print(json.load(sys.stdin)["p99_ms"])') | $start |" | tee -a "$SUMMARY"
  done
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=""
  if [[ $store == postgres ]]; then psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS sb_bench_cal_$$ WITH (FORCE)" >/dev/null; fi
}

{
  echo "| store | run | pupil's occurrences this year | feed bytes | feed 200/s | feed 304/s | 304 ÷ 200 | parent's month p99 ms at ${PROBE_RATE}/s | start page/s |"
  echo "|---|---|---|---|---|---|---|---|---|"
} >"$SUMMARY"
port=18480
for store in $BACKENDS; do
  measure "$store" "$port"
  port=$((port + 1))
done
log "summary in $SUMMARY"
