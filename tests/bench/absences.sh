#!/usr/bin/env bash
# The absences benchmark on PostgreSQL: a school of 2,520 pupils in 84 classes of 30 with a
# full school year of registrations (over 500,000 rows). Measures, BENCH_RUNS times each:
# the class register of 30 pupils (PUT, three absent) with 20 classes registering at once
# at a fixed rate; the counsellor's follow-up list; a parent's year overview of one child.
# See docs/benchmarks.md "Absences".
#
#   bash tests/bench/absences.sh
#
# Settings: BENCH_SECONDS [10], BENCH_RUNS [3], BENCH_REGISTER_RATE [100],
# BENCH_PROBE_RATE [50], BENCH_SKIP_BUILD [unset], BENCH_PG [postgres://postgres@127.0.0.1:5432].
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
REL="$ROOT/target/release"
OUT="$ROOT/target/bench"
SECONDS_EACH=${BENCH_SECONDS:-10}
RUNS=${BENCH_RUNS:-3}
REGISTER_RATE=${BENCH_REGISTER_RATE:-100}
PROBE_RATE=${BENCH_PROBE_RATE:-50}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PUPILS=2520
mkdir -p "$OUT"
SUMMARY="$OUT/absences.md"
WORK=$(mktemp -d)
DB="sb_bench_abs_$$"
SERVER_PID=""
cleanup() {
  [[ -n $SERVER_PID ]] && kill "$SERVER_PID" 2>/dev/null || true
  psql "$PG/postgres" -qc "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
log() { echo "bench: $*" >&2; }

if [[ -z ${BENCH_SKIP_BUILD:-} ]]; then
  log "building the release binary and the helpers"
  (cd "$ROOT" && cargo build --release -p schoolbrug \
    && cargo build --release -p schoolbrug-tests --bin bench-probe --bin bench-msg-seed)
fi

p99() { python3 -c 'import json,sys; d=json.load(sys.stdin); print("%s (%s ok, %s errors)" % (d["p99_ms"], d["ok"], d["errors"]))'; }

psql "$PG/postgres" -qc "CREATE DATABASE $DB" >/dev/null
export SCHOOLBRUG_DATABASE_URL="$PG/$DB"
SCHOOL=$("$REL/schoolbrug" school create --slug bench --name Bench --admin beheerder --json \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["school_id"])')
# The last weekday on or before today: the teachers register it.
DAY=$(python3 -c 'import datetime as d; t=d.date.today(); t-=d.timedelta(days=max(0,t.weekday()-4)); print(t)')
log "seeding $PUPILS pupils and a school year of absences (school $SCHOOL, register day $DAY)"
"$REL/bench-msg-seed" --dialect postgres --school "$SCHOOL" --pupils "$PUPILS" --group-pupils 100 --out "$WORK" 2>/dev/null
psql "$PG/$DB" -q -v ON_ERROR_STOP=1 -f "$WORK/seed.sql" >/dev/null
python3 "$ROOT/tests/bench/absences_seed.py" "$SCHOOL" "$PUPILS" "$DAY" "$WORK" | psql "$PG/$DB" -q -v ON_ERROR_STOP=1 >/dev/null
ROWS=$(psql "$PG/$DB" -tAc "SELECT count(*) FROM absences")
# A parent's year overview: the co-accounts of pupils 1–100, each asking for its child.
n=0; : >"$WORK/overview.req"
while read -r token; do
  n=$((n + 1))
  printf '%s /api/v1/children/00000001-0000-7000-8000-%012x/absences\n' "$token" "$n" >>"$WORK/overview.req"
done <"$WORK/tokens-parents.txt"

RUST_LOG=warn "$REL/schoolbrug" serve --listen 127.0.0.1:18431 >"$WORK/serve.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 50); do curl -sf http://127.0.0.1:18431/readyz >/dev/null && break; sleep 0.2; done
ITEMS=$(curl -s http://127.0.0.1:18431/api/v1/absences/follow-up -H "authorization: Bearer $(cat "$WORK/counsellor.token")" \
  | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["items"]))')

{
  echo "| run | rows | class register p99 ms at ${REGISTER_RATE}/s, 20 classes at once | follow-up ($ITEMS pupils) p99 ms at ${PROBE_RATE}/s | parent's year overview p99 ms at ${PROBE_RATE}/s |"
  echo "|---|---|---|---|---|"
} | tee -a "$SUMMARY"
for run in $(seq 1 "$RUNS"); do
  register=$("$REL/bench-probe" --addr 127.0.0.1:18431 --requests "$WORK/register.req" --rate "$REGISTER_RATE" --connections 20 --seconds "$SECONDS_EACH" 2>/dev/null | p99)
  follow=$("$REL/bench-probe" --addr 127.0.0.1:18431 --requests "$WORK/follow-up.req" --rate "$PROBE_RATE" --seconds "$SECONDS_EACH" 2>/dev/null | p99)
  overview=$("$REL/bench-probe" --addr 127.0.0.1:18431 --requests "$WORK/overview.req" --rate "$PROBE_RATE" --seconds "$SECONDS_EACH" 2>/dev/null | p99)
  echo "| $run | $ROWS | $register | $follow | $overview |" | tee -a "$SUMMARY"
done
