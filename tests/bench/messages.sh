#!/usr/bin/env bash
# Schoolbrug messaging benchmark: one command, bounded in time, cleaning up after itself.
#
#   bash tests/bench/messages.sh
#
# The figures of the messages issue, on a school of 2,500 pupils with one co-account each,
# seeded with SQL straight into a fresh, migrated database (bench-msg-seed; the teacher
# who sends gets its password through the API):
#   1. one message to 5,000 recipients (a class holding every pupil, "audience": "both")
#      through POST /api/v1/messages: latency (median of BENCH_SENDS sends), on PostgreSQL
#      against the raw bulk insert of the same rows (pgbench, alternating); and the inbox
#      p99 of parents (bench-probe) while one such message is sent per second;
#   2. (PostgreSQL) the inbox's first page for parents with 10,000 messages each in a
#      database of 1,000,000 inbox rows: throughput against pgbench running the same SQL,
#      p50/p99 at 70 % of it, and page 200 against page 1;
#   3. opening a message (the read receipt written) and the sender's receipts
#      (GET /api/v1/messages/{id}/receipts) of 3,000-recipient messages: throughput and
#      p50/p99 at 70 % of it.
# Prints a summary table and writes it to target/bench/messages-summary.md; raw outputs in
# target/bench/messages/. See docs/benchmarks.md.
#
# Settings (environment variables, defaults in brackets):
#   BENCH_BACKENDS        stores to measure ["sqlite postgres"]
#   BENCH_SECONDS         length of each load measurement [10]
#   BENCH_CONNECTIONS     wrk connections = pgbench clients [10]
#   BENCH_SENDS           timed sends of the 5,000-recipient message (even) [10]
#   BENCH_PROBE_RATE      inbox requests per second while messages are sent [50]
#   BENCH_PUPILS          pupils (each with one co-account), at least 100 [2500]
#   BENCH_INBOX_MESSAGES  messages of each heavy parent's inbox (100 copies each) [10000]
#   BENCH_OPEN_MESSAGES   3,000-recipient messages to open (3,000 first openings each) [40]
#   BENCH_PG              PostgreSQL server [postgres://postgres@127.0.0.1:5432]
#   BENCH_SKIP_BUILD      1: use the binaries already in target/release
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR="$ROOT/tests/bench"
OUT="$ROOT/target/bench/messages"
SUMMARY="$ROOT/target/bench/messages-summary.md"
REL="$ROOT/target/release"

BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
SECONDS_EACH=${BENCH_SECONDS:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-10}
SENDS=${BENCH_SENDS:-10}
PROBE_RATE=${BENCH_PROBE_RATE:-50}
PUPILS=${BENCH_PUPILS:-2500}
INBOX_MESSAGES=${BENCH_INBOX_MESSAGES:-10000}
OPEN_MESSAGES=${BENCH_OPEN_MESSAGES:-40}
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
if [[ $PG =~ ^postgres(ql)?://([^@/]+)@([^:/]+)(:([0-9]+))? ]]; then
  PG_USER=${BASH_REMATCH[2]}
  PG_HOST=${BASH_REMATCH[3]}
  PG_PORT=${BASH_REMATCH[5]:-5432}
fi
SCHOOL_SLUG=bench
ADMIN=beheerder
TEACHER=leerkracht
PASSWORD=Kwik-zonnebloem-Rivier-73
# The classes bench-msg-seed creates (fixed ids).
GROUP_ALL=00000003-0000-7000-8000-000000000001
GROUP_3000=00000003-0000-7000-8000-000000000002
GROUP_PUPILS=1500
((SENDS % 2 == 0)) || SENDS=$((SENDS + 1))
((PUPILS >= GROUP_PUPILS)) || GROUP_PUPILS=$PUPILS
# The far page of figure 2: page 200, or the last full page of a smaller inbox.
FAR=$((INBOX_MESSAGES / 50 < 200 ? INBOX_MESSAGES / 50 : 200))
((FAR >= 2)) || FAR=2
WRK_THREADS=2
export BENCH_WRK_THREADS=$WRK_THREADS

log() { printf '\n== %s\n' "$*" >&2; }
say() { printf '%s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
((PUPILS >= 100)) || die "BENCH_PUPILS must be at least 100"

# --- cleanup: server, load generators, database, data folder -----------------------------
SERVER_PID=""
BG_PIDS=()
PG_DB=""
WORK=""
stop_server() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
cleanup() {
  local rc=$?
  for pid in "${BG_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  stop_server
  if [[ -n $PG_DB ]]; then
    psql_admin -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  [[ -n $WORK && -d $WORK ]] && rm -rf "$WORK"
  ((rc != 0)) && printf 'bench: failed (exit %d); logs were in %s\n' "$rc" "$OUT" >&2
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres -X "$@"; }
psql_db() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -X -v ON_ERROR_STOP=1 "$@"; }

# --- 1. tools and binaries --------------------------------------------------------------
install_debian() {
  local sudo=""
  ((EUID != 0)) && sudo=sudo
  $sudo apt-get install -y "$@" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$@" >/dev/null; } ||
    die "cannot install $*"
}
missing=()
for tool in wrk jq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
[[ " $BACKENDS " == *" sqlite "* ]] && { command -v sqlite3 >/dev/null || missing+=(sqlite3); }
if [[ " $BACKENDS " == *" postgres "* ]]; then
  command -v pgbench >/dev/null || missing+=(postgresql-contrib)
  command -v psql >/dev/null || missing+=(postgresql-client)
fi
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  install_debian "${missing[@]}"
fi

if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  log "building the release binary and the helpers"
  (cd "$ROOT" && cargo build --release -p schoolbrug)
  (cd "$ROOT" && cargo build --release -p schoolbrug-tests --bin bench-msg-seed --bin bench-probe)
fi
for bin in schoolbrug bench-msg-seed bench-probe; do
  [[ -x $REL/$bin ]] || die "$REL/$bin is missing (run without BENCH_SKIP_BUILD)"
done

mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.json "$OUT"/*.err "$OUT"/*.txt "$OUT"/*.md
WORK=$(mktemp -d "$OUT/work.XXXXXX")
: >"$OUT/figures.txt"

# Figures go to figures.txt as tab-separated rows: id, label, value, unit, reference,
# reference label, ratio, goal, met, other CPU (cores, see span_begin).
record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$OUT/figures.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "—" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }
yes_no() { if "$@"; then echo yes; else echo NO; fi; }
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, v }'; }
# the median and the largest of numbers, one a line, on stdin: "median max count"
median_max() {
  sort -g | awk '{ v[NR] = $1 } END {
    if (NR == 0) { print "nan nan 0"; exit }
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
    printf "%.2f %.2f %d\n", m, v[NR], NR }'
}
bench_json() { grep -a '^BENCH ' "$1" | tail -1 | cut -d' ' -f2-; }
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

# --- other work on the machine -------------------------------------------------------------
# The machine may be shared: during each measurement the script counts the CPU time the
# whole machine used (/proc/stat) minus what the server, its PostgreSQL backends (of the
# benchmark database) and the load generator used; the rest, in cores, is the "other CPU"
# column of the summary (PostgreSQL's own background processes count as other).
busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '$1 == "cpu" { print ($2 + $3 + $4 + $7 + $8 + $9) / hz; exit }' /proc/stat
}
# The CPU (user + system) of this shell's children so far: `times`, run in this shell (not
# in a subshell, which would count its own children), then read from its file.
children_times() { times >"$WORK/times.txt"; }
children_seconds() {
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } print t }' "$WORK/times.txt"
}
declare -A SPAN_CPU=()
SPAN_T0=0
SPAN_B0=0
SPAN_C0=0
SPAN_OTHER=0
SPAN_TIME=0
our_pids() {
  echo "$SERVER_PID"
  if [[ -n $PG_DB ]]; then
    psql_db -Atc "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
  fi
}
span_begin() {
  local pid
  SPAN_CPU=()
  for pid in $(our_pids); do
    [[ -r /proc/$pid/stat ]] && SPAN_CPU[$pid]=$(cpu_seconds "$pid")
  done
  children_times
  SPAN_C0=$(children_seconds)
  SPAN_B0=$(busy_seconds)
  SPAN_T0=$(date +%s.%N)
}
span_end() { # adds the span to SPAN_OTHER / SPAN_TIME
  local t1 b1 c1 pid ours=0 now
  t1=$(date +%s.%N)
  b1=$(busy_seconds)
  children_times
  c1=$(children_seconds)
  for pid in $(our_pids); do
    [[ -r /proc/$pid/stat ]] || continue
    now=$(cpu_seconds "$pid")
    ours=$(awk -v o="$ours" -v a="${SPAN_CPU[$pid]:-0}" -v b="$now" 'BEGIN { print o + b - a }')
  done
  read -r SPAN_OTHER SPAN_TIME < <(awk -v o="$SPAN_OTHER" -v t="$SPAN_TIME" -v b0="$SPAN_B0" -v b1="$b1" \
    -v c0="$SPAN_C0" -v c1="$c1" -v ours="$ours" -v t0="$SPAN_T0" -v t1="$t1" \
    'BEGIN { x = (b1 - b0) - ours - (c1 - c0); if (x < 0) x = 0; print o + x, t + t1 - t0 }')
}
# Sets OTHER to the other CPU (cores) of the spans since the last call, and starts anew.
# Call it in this shell, not in $(…): a subshell's reset would not reach this one.
OTHER=""
other_cores() {
  OTHER=$(awk -v o="$SPAN_OTHER" -v t="$SPAN_TIME" 'BEGIN { if (t > 0) printf "%.2f", o / t; else print "—" }')
  SPAN_OTHER=0
  SPAN_TIME=0
}

# --- the server ---------------------------------------------------------------------------
ADDR=""
start_server() { # $1 = name, then the data flags
  local name=$1
  shift
  env -u RUST_LOG "$REL/schoolbrug" serve --listen 127.0.0.1:0 "$@" \
    >"$OUT/server-$name.log" 2>&1 &
  SERVER_PID=$!
  ADDR=""
  for _ in $(seq 1 300); do
    ADDR=$(grep -aom1 'listens on http://[0-9.:]*' "$OUT/server-$name.log" | sed 's#.*http://##') || true
    [[ -n $ADDR ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$OUT/server-$name.log" >&2; die "the server did not start"; }
    sleep 0.1
  done
  [[ -n $ADDR ]] || die "the server did not say where it listens"
  curl -fsS --max-time 5 "http://$ADDR/readyz" >/dev/null || die "the server is not ready"
}

# POST/GET through the API with curl, bounded; checks the status.
api() { # method path expected-status [bearer] [json body]; prints the answer
  local method=$1 path=$2 expected=$3 bearer=${4:-} body=${5:-} args=() out status
  args=(-sS --max-time 30 -X "$method" -o "$WORK/api.out" -w '%{http_code}')
  [[ -n $bearer ]] && args+=(-H "authorization: Bearer $bearer")
  [[ -n $body ]] && args+=(-H 'content-type: application/json' -d "$body")
  status=$(curl "${args[@]}" "http://$ADDR$path") || die "$method $path: curl failed"
  out=$(cat "$WORK/api.out")
  [[ $status == "$expected" ]] || die "$method $path: expected $expected, got $status: $out"
  printf '%s' "$out"
}

# The admin's password with the code `school create` printed, then the teacher: created
# by the admin, a code, its password, its session. Sets TEACHER_TOKEN and TEACHER_ID.
TEACHER_TOKEN=""
TEACHER_ID=""
api_setup() { # $1 = the admin's one-time code
  local admin issued
  api POST /api/v1/password-reset 204 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$ADMIN\",\"code\":\"$1\",\"new\":\"$PASSWORD\",\"repeat\":\"$PASSWORD\"}" >/dev/null
  admin=$(api POST /api/v1/session 201 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$ADMIN\",\"password\":\"$PASSWORD\"}" | jq -r .token)
  TEACHER_ID=$(api POST /api/v1/admin/accounts 201 "$admin" \
    "{\"username\":\"$TEACHER\",\"first_name\":\"Bench\",\"last_name\":\"Leerkracht\",\"roles\":[\"teacher\"]}" | jq -r .id)
  issued=$(api POST "/api/v1/admin/accounts/$TEACHER_ID/reset-code" 201 "$admin" | jq -r .code)
  api POST /api/v1/password-reset 204 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$TEACHER\",\"code\":\"$issued\",\"new\":\"$PASSWORD\",\"repeat\":\"$PASSWORD\"}" >/dev/null
  TEACHER_TOKEN=$(api POST /api/v1/session 201 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$TEACHER\",\"password\":\"$PASSWORD\"}" | jq -r .token)
}

# The message of figure 1 (deliver.pgbench.sql inserts the same message).
message_body() { # $1 = group id, $2 = subject
  jq -nc --arg group "$1" --arg subject "$2" '{
    subject: $subject,
    body: "Beste ouders, beste leerlingen,\n\nVolgende week donderdag trekken we met de hele school naar Brugge. We vertrekken om 8.15 uur aan de schoolpoort en zijn terug rond 16.30 uur. Breng een lunchpakket, een drinkfles en stevige schoenen mee. Wie nog niet betaald heeft, kan dat tot maandag via de schoolrekening.\n\nMet vriendelijke groeten,\nHet schoolteam",
    to: [{group: $group, audience: "both"}]
  }'
}

# One send through the API, timed by curl (from the connection to the last byte); appends
# "milliseconds" to $2 and the answer to $3.
send_once() { # $1 = body file, $2 = times file, $3 = answers file
  local line status seconds
  line=$(curl -sS --max-time 30 -o "$WORK/send.out" -w '%{http_code} %{time_total}' -X POST \
    -H "authorization: Bearer $TEACHER_TOKEN" -H 'content-type: application/json' \
    --data-binary "@$1" "http://$ADDR/api/v1/messages") || die "POST /api/v1/messages: curl failed"
  read -r status seconds <<<"$line"
  [[ $status == 201 ]] || die "POST /api/v1/messages: $status $(cat "$WORK/send.out")"
  awk -v s="$seconds" 'BEGIN { printf "%.3f\n", s * 1000 }' >>"$2"
  { cat "$WORK/send.out"; echo; } >>"$3"
}

# wrk, bounded, over a pairs file; $1 = log file, $2 = pairs file, $3 = seconds.
run_wrk() {
  span_begin
  BENCH_PAIRS=$2 timeout $(($3 + 30)) wrk --latency -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$3s" \
    -s "$BENCH_DIR/pairs.lua" "http://$ADDR" >"$1" 2>&1 || { cat "$1" >&2; die "wrk failed"; }
  span_end
  local j
  j=$(bench_json "$1")
  [[ -n $j ]] || { cat "$1" >&2; die "wrk printed no result"; }
  [[ $(jq .non_2xx <<<"$j") == 0 && $(jq .socket_errors <<<"$j") == 0 ]] ||
    die "wrk: failed requests in $1: $j"
}
wrk_rate() { jq -r '.ok / (.duration_us / 1e6)' <<<"$1"; }

# bench-probe over a pairs file; $1 = output json, $2 = pairs file, $3 = rate, $4 = seconds,
# $5 = connections.
run_probe() {
  span_begin
  timeout $(($4 + 30)) "$REL/bench-probe" --addr "$ADDR" --requests "$2" --rate "$3" \
    --seconds "$4" --connections "$5" --warmup 1 >"$1" 2>"$1.err" ||
    { cat "$1.err" >&2; die "bench-probe failed"; }
  span_end
}

# "TOKEN PATH" lines: every token of $1 with path $2.
pairs_of() { awk -v p="$2" 'NF { print $1, p }' "$1"; }

sql_count() { # $1 = store, $2 = SQL (a single number)
  if [[ $1 == postgres ]]; then psql_db -Atc "$2"; else sqlite3 "$SQLITE_FILE" "$2"; fi
}

# --- PostgreSQL references ----------------------------------------------------------------
PGB=()
pgb() { PGB=(pgbench -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -n -M prepared "$@" "$PG_DB"); }
# The raw bulk insert of figure 1: $1 transactions on one client; prints the latencies
# (ms) of all but the first (which prepares the statements) to $2.
raw_insert() {
  local logprefix="$WORK/pgbench_log_raw_$RANDOM"
  pgb -c 1 -t $(($1 + 1)) -l --log-prefix="$logprefix" -D "school=$SCHOOL_ID" \
    -D "teacher=$TEACHER_ID" -D "pupils=$PUPILS" -f "$BENCH_DIR/deliver.pgbench.sql"
  timeout 120 "${PGB[@]}" >>"$OUT/postgres-raw-insert.log" 2>&1 ||
    { cat "$OUT/postgres-raw-insert.log" >&2; die "pgbench (raw insert) failed"; }
  cat "$logprefix".* | awk 'NR > 1 { printf "%.3f\n", $3 / 1000 }' >>"$2"
  rm -f "$logprefix".*
}
PGBENCH_SCRIPTS=()
run_pgbench() { # $1 = log name, $2 = seconds; prints "transactions microseconds"
  local logfile="$OUT/$1.log" tx failed tps
  pgb -c "$CONNECTIONS" -j 2 -T "$2" "${PGBENCH_SCRIPTS[@]}"
  timeout $(($2 + 30)) "${PGB[@]}" >"$logfile" 2>&1 || { cat "$logfile" >&2; die "pgbench failed"; }
  tx=$(grep -aoP 'number of transactions actually processed: \K[0-9]+' "$logfile" | head -1)
  tps=$(grep -aoP 'tps = \K[0-9.]+(?= \(without initial connection time\))' "$logfile" | head -1)
  failed=$(grep -aoP 'number of failed transactions: \K[0-9]+' "$logfile" | head -1)
  [[ ${failed:-0} == 0 ]] || die "pgbench: $failed failed transactions (see $logfile)"
  awk -v t="$tx" -v r="$tps" 'BEGIN { printf "%d %d\n", t, t / r * 1e6 }'
}

# --- 2. seeding ----------------------------------------------------------------------------
SQLITE_FILE=""
SCHOOL_ID=""
seed() { # $1 = store, $2 = work folder; then the data flags
  local store=$1 dir=$2
  shift 2
  "$REL/schoolbrug" school create --slug "$SCHOOL_SLUG" --name Bench --admin "$ADMIN" --json \
    "$@" >"$dir/school.json" 2>"$OUT/school-create-$store.log"
  SCHOOL_ID=$(jq -r .school_id "$dir/school.json")
  "$REL/bench-msg-seed" --dialect "$store" --school "$SCHOOL_ID" --pupils "$PUPILS" \
    --group-pupils "$GROUP_PUPILS" --out "$dir" 2>>"$OUT/seed-$store.log"
  if [[ $store == postgres ]]; then
    psql_db -q -f "$dir/seed.sql" >>"$OUT/seed-$store.log"
    psql_db -q >>"$OUT/seed-$store.log" <<'SQL'
-- A time-ordered UUID v7 (48-bit Unix milliseconds, version 7, random rest), as the
-- server makes its ids; the raw insert and the seeded inboxes use it.
CREATE FUNCTION bench_uuid7(ts timestamptz) RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
    PLACING substring(int8send((extract(epoch FROM ts) * 1000)::bigint) FROM 3) FROM 1 FOR 6),
    52, 1), 53, 1), 'hex')::uuid
$$;
VACUUM ANALYZE;
CHECKPOINT;
SQL
  else
    { cat "$dir/seed.sql"; echo "ANALYZE;"; } | sqlite3 -bail "$SQLITE_FILE" >>"$OUT/seed-$store.log"
  fi
}

# --- 3. one store -------------------------------------------------------------------------
measure() { # $1 = sqlite | postgres
  local store=$1 label data_flags=()
  local dir="$WORK/$store"
  mkdir -p "$dir"
  case $store in
    sqlite)
      label=SQLite
      mkdir -p "$dir/data"
      data_flags=(--data-dir "$dir/data")
      SQLITE_FILE="$dir/data/schoolbrug.db"
      ;;
    postgres)
      label=PostgreSQL
      PG_DB="sb_msgbench_$$_$(date +%s)"
      psql_admin -qc "CREATE DATABASE $PG_DB" >/dev/null
      data_flags=(--database-url "$PG/$PG_DB")
      ;;
  esac

  log "[$label] seeding: $PUPILS pupils and their co-accounts, 2 classes, $((2 * GROUP_PUPILS)) sessions (SQL); the teacher through the API"
  local t0=$SECONDS
  seed "$store" "$dir" "${data_flags[@]}"
  start_server "$store" "${data_flags[@]}"
  api_setup "$(jq -r .code "$dir/school.json")"
  say "seeded in $((SECONDS - t0)) s; server on $ADDR"

  # 1a. One message to 5,000 recipients: latency; on PostgreSQL alternating with the raw
  # bulk insert of the same rows.
  local body="$dir/send-all.json" times="$OUT/$store-send-times.txt" raw="$OUT/$store-raw-times.txt"
  message_body "$GROUP_ALL" "Uitstap naar Brugge" >"$body"
  : >"$times"
  if [[ $store == postgres ]]; then : >"$raw"; fi
  log "[$label] 1a. one message to $((2 * PUPILS)) recipients: $SENDS sends$([[ $store == postgres ]] && echo ", alternating with $SENDS raw bulk inserts (pgbench)")"
  send_once "$body" "$WORK/warmup.txt" "$OUT/$store-sent.txt" # warm-up, not counted
  jq -e ".recipients == $((2 * PUPILS))" <(head -1 "$OUT/$store-sent.txt") >/dev/null ||
    die "the message did not reach $((2 * PUPILS)) recipients: $(head -1 "$OUT/$store-sent.txt")"
  local round i
  for round in 1 2; do
    span_begin
    for i in $(seq 1 $((SENDS / 2))); do send_once "$body" "$times" "$OUT/$store-sent.txt"; done
    span_end
    if [[ $store == postgres ]]; then raw_insert $((SENDS / 2)) "$raw"; fi
  done
  local send_med send_max send_n raw_med raw_max raw_n other
  other_cores
  other=$OTHER
  read -r send_med send_max send_n < <(median_max <"$times")
  say "API: median $send_med ms, max $send_max ms over $send_n sends ($(paste -sd' ' "$times")); other CPU $other cores"
  if [[ $store == postgres ]]; then
    read -r raw_med raw_max raw_n < <(median_max <"$raw")
    say "raw bulk insert: median $raw_med ms, max $raw_max ms over $raw_n ($(paste -sd' ' "$raw"))"
    say "  ratio API / raw: $(ratio "$send_med" "$raw_med")"
    record "send-$store" "One message to $((2 * PUPILS)) recipients, $label (POST /api/v1/messages, median of $send_n)" \
      "$(fmt "$send_med")" "ms" "$(fmt "$raw_med") ms" "raw bulk insert of the same rows, pgbench, median of $raw_n, alternating" \
      "$(ratio "$send_med" "$raw_med")" "≤ 1.25 and < 150 ms" \
      "$(yes_no eval "le $(ratio "$send_med" "$raw_med") 1.25 && lt $send_med 150")" "$other"
  else
    record "send-$store" "One message to $((2 * PUPILS)) recipients, $label (POST /api/v1/messages, median of $send_n)" \
      "$(fmt "$send_med")" "ms" "—" "(no reference)" "—" "< 400 ms" "$(yes_no lt "$send_med" 400)" "$other"
  fi

  # 1b. The inbox of parents at a fixed rate: quiet, then while one such message is sent
  # per second.
  local inbox_pairs="$dir/inbox-parents.pairs"
  pairs_of "$dir/tokens-parents.txt" "/api/v1/messages?folder=inbox" >"$inbox_pairs"
  log "[$label] 1b. parents' inbox at $PROBE_RATE/s: quiet (6 s), then while one $((2 * PUPILS))-recipient message is sent per second (${SECONDS_EACH} s)"
  run_probe "$OUT/$store-inbox-quiet.json" "$inbox_pairs" "$PROBE_RATE" 6 2
  local quiet_other
  other_cores
  quiet_other=$OTHER
  local loaded_times="$OUT/$store-send-times-loaded.txt"
  : >"$loaded_times"
  (
    trap - EXIT
    end=$(($(date +%s) + SECONDS_EACH + 2))
    while (($(date +%s) < end)); do
      next=$(date +%s.%N | awk '{ printf "%.3f", $1 + 1 }')
      send_once "$body" "$loaded_times" "$OUT/$store-sent.txt"
      sleep "$(awk -v n="$next" -v now="$(date +%s.%N)" 'BEGIN { d = n - now; printf "%.3f", (d > 0 ? d : 0) }')"
    done
  ) &
  local sender=$!
  BG_PIDS+=("$sender")
  sleep 1
  run_probe "$OUT/$store-inbox-loaded.json" "$inbox_pairs" "$PROBE_RATE" "$SECONDS_EACH" 2
  wait "$sender" || die "the sender loop failed"
  other_cores
  other=$OTHER
  local quiet_p99 loaded_p99 loaded_errors loaded_med loaded_max loaded_n
  quiet_p99=$(jq -r .p99_ms "$OUT/$store-inbox-quiet.json")
  loaded_p99=$(jq -r .p99_ms "$OUT/$store-inbox-loaded.json")
  loaded_errors=$(jq -r .errors "$OUT/$store-inbox-loaded.json")
  read -r loaded_med loaded_max loaded_n < <(median_max <"$loaded_times")
  say "inbox quiet:  $(jq -c '{rate,errors,p50_ms,p99_ms,max_ms}' "$OUT/$store-inbox-quiet.json"); other CPU $quiet_other cores"
  say "inbox loaded: $(jq -c '{rate,errors,p50_ms,p99_ms,max_ms}' "$OUT/$store-inbox-loaded.json") while $loaded_n sends (median $loaded_med ms, max $loaded_max ms); other CPU $other cores"
  record "inbox-sends-$store" "Inbox p99 while one $((2 * PUPILS))-recipient message/s is sent, $label ($PROBE_RATE/s)" \
    "$(fmt "$loaded_p99" 2)" "ms" "$(fmt "$quiet_p99" 2) ms" "p99 at the same rate without sends" \
    "$(ratio "$loaded_p99" "$quiet_p99")" "p99 < 25 ms" \
    "$(yes_no eval "lt $loaded_p99 25 && [[ $loaded_errors == 0 ]]")" "$other"

  # 2. The inbox at scale (PostgreSQL).
  if [[ $store == postgres ]]; then inbox_at_scale "$dir"; fi

  # 3. Opening 3,000-recipient messages, and their receipts.
  opening "$store" "$label" "$dir"

  stop_server
  if [[ $store == postgres ]]; then
    psql_admin -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
    PG_DB=""
  fi
}

inbox_at_scale() { # $1 = the store's work folder
  local dir=$1 t0=$SECONDS
  log "[PostgreSQL] 2. seeding $INBOX_MESSAGES messages × 100 recipients (SQL): 20 parents with $INBOX_MESSAGES messages each"
  psql_db -q -v "school=$SCHOOL_ID" -v "teacher=$TEACHER_ID" -v "messages=$INBOX_MESSAGES" -v "pupils=$PUPILS" \
    -f "$BENCH_DIR/inbox-seed.sql" >>"$OUT/seed-postgres.log"
  local rows
  rows=$(psql_db -Atc "SELECT count(*) FROM message_copies")
  say "seeded in $((SECONDS - t0)) s: $rows inbox rows in all"

  # Page $FAR (200): walk `next` from the first page.
  local first page1 page200 cursor="" n
  first=$(head -1 "$dir/tokens-heavy.txt")
  page1="/api/v1/messages?folder=inbox"
  for n in $(seq 1 $((FAR - 1))); do
    cursor=$(api GET "$page1${cursor:+&after=$cursor}" 200 "$first" | jq -r .next)
    [[ $cursor != null && -n $cursor ]] || die "the inbox ended at page $n"
  done
  page200="$page1&after=$cursor"
  n=$(api GET "$page200" 200 "$first" | jq '.items | length')
  say "page $FAR (after walking $((FAR - 1)) pages): cursor $cursor, $n items"
  pairs_of "$dir/tokens-heavy.txt" "$page1" >"$dir/page1.pairs"
  pairs_of "$dir/tokens-heavy.txt" "$page200" >"$dir/page200.pairs"

  # The plans, as evidence.
  local key before200
  key=$(head -1 "$dir/hashes-heavy.txt")
  before200=$(printf '%s' "$cursor" | tr -- '-_' '+/' | base64 -d 2>/dev/null || true)
  psql_db >"$OUT/postgres-inbox-plans.txt" 2>&1 <<SQL || true
PREPARE inbox(uuid, uuid, uuid, bigint) AS SELECT m.id, m.subject, m.sender_name, m.kind, m.sent_at, c.read_at, c.reply_due_at FROM message_copies AS c JOIN messages AS m ON m.school_id = c.school_id AND m.id = c.message_id WHERE c.school_id = \$1 AND c.recipient_id = \$2 AND c.message_id < \$3 AND c.trashed_at IS NULL ORDER BY c.message_id DESC LIMIT \$4;
SELECT account_id AS account FROM sessions WHERE token_hash = '\\x$key'::bytea \gset
\echo page 1
EXPLAIN (ANALYZE, BUFFERS) EXECUTE inbox('$SCHOOL_ID', :'account', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 51);
\echo page $FAR
EXPLAIN (ANALYZE, BUFFERS) EXECUTE inbox('$SCHOOL_ID', :'account', '$before200', 51);
SQL
  say "plans (page 1, page $FAR): execution $(grep -o 'Execution Time: [0-9.]* ms' "$OUT/postgres-inbox-plans.txt" | cut -d' ' -f3 | paste -sd/) ms, shared buffers $(grep -m2 -A1 '^ Limit' "$OUT/postgres-inbox-plans.txt" | grep -o 'hit=[0-9]*\( read=[0-9]*\)\?' | paste -sd/), $(grep -c 'Seq Scan' "$OUT/postgres-inbox-plans.txt") sequential scans (all in $OUT/postgres-inbox-plans.txt)"

  # Throughput: three rounds of wrk on page 1, pgbench (the same SQL), wrk on page 200.
  PGBENCH_SCRIPTS=()
  mkdir -p "$dir/pgbench"
  local hash i=0
  while read -r hash; do
    [[ -n $hash ]] || continue
    i=$((i + 1))
    sed "s/@TOKEN_HASH@/$hash/" "$BENCH_DIR/inbox.pgbench.sql.in" >"$dir/pgbench/inbox-$i.sql"
    PGBENCH_SCRIPTS+=(-f "$dir/pgbench/inbox-$i.sql")
  done <"$dir/hashes-heavy.txt"
  local slice=$(((SECONDS_EACH + 2) / 3)) round j
  local p1_ok=0 p1_us=0 p200_ok=0 p200_us=0 pg_tx=0 pg_us=0 cpu0 cpu1 p1_cpu=0 p1_requests=0
  log "[PostgreSQL] 2. inbox page 1 throughput: 3 rounds of wrk ($CONNECTIONS connections) on page 1, pgbench (same SQL, $CONNECTIONS clients), wrk on page $FAR; $slice s each"
  for round in 1 2 3; do
    cpu0=$(cpu_seconds "$SERVER_PID")
    run_wrk "$OUT/postgres-page1-$round.log" "$dir/page1.pairs" "$slice"
    cpu1=$(cpu_seconds "$SERVER_PID")
    j=$(bench_json "$OUT/postgres-page1-$round.log")
    p1_ok=$((p1_ok + $(jq .ok <<<"$j")))
    p1_us=$((p1_us + $(jq .duration_us <<<"$j")))
    p1_requests=$((p1_requests + $(jq .requests <<<"$j")))
    p1_cpu=$(awk -v t="$p1_cpu" -v a="$cpu0" -v b="$cpu1" 'BEGIN { print t + b - a }')
    say "page 1 round $round: $(wrk_rate "$j" | cut -d. -f1)/s (p50 $(jq .p50_ms <<<"$j") ms, p99 $(jq .p99_ms <<<"$j") ms)"
    local tx us pg_out
    pg_out=$(run_pgbench "postgres-pgbench-inbox-$round" "$slice")
    read -r tx us <<<"$pg_out"
    say "pgbench round $round: $(awk -v t="$tx" -v u="$us" 'BEGIN { printf "%d", t / (u / 1e6) }') transactions/s"
    pg_tx=$((pg_tx + tx))
    pg_us=$((pg_us + us))
    run_wrk "$OUT/postgres-page200-$round.log" "$dir/page200.pairs" "$slice"
    j=$(bench_json "$OUT/postgres-page200-$round.log")
    p200_ok=$((p200_ok + $(jq .ok <<<"$j")))
    p200_us=$((p200_us + $(jq .duration_us <<<"$j")))
    say "page $FAR round $round: $(wrk_rate "$j" | cut -d. -f1)/s (p50 $(jq .p50_ms <<<"$j") ms, p99 $(jq .p99_ms <<<"$j") ms)"
  done
  local p1_rate p200_rate tps other
  other_cores
  other=$OTHER
  p1_rate=$(awk -v n="$p1_ok" -v u="$p1_us" 'BEGIN { print n / (u / 1e6) }')
  p200_rate=$(awk -v n="$p200_ok" -v u="$p200_us" 'BEGIN { print n / (u / 1e6) }')
  tps=$(awk -v t="$pg_tx" -v u="$pg_us" 'BEGIN { print t / (u / 1e6) }')
  say "page 1: $(fmt "$p1_rate")/s (server CPU $(awk -v c="$p1_cpu" -v n="$p1_requests" 'BEGIN { printf "%.0f", c * 1e6 / n }') µs per request); pgbench: $(fmt "$tps")/s; page $FAR: $(fmt "$p200_rate")/s; other CPU during the wrk runs $other cores"
  record "inbox-page1" "Inbox page 1 throughput, PostgreSQL, $rows rows (wrk, $CONNECTIONS conn.)" \
    "$(fmt "$p1_rate")" "/s" "$(fmt "$tps")/s" "pgbench, same 4 statements, $CONNECTIONS clients, alternating" \
    "$(ratio "$p1_rate" "$tps")" "≥ 0.8" "$(yes_no ge "$(ratio "$p1_rate" "$tps")" 0.8)" "$other"
  record "inbox-page200" "Inbox page $FAR throughput, PostgreSQL (wrk, $CONNECTIONS conn.)" \
    "$(fmt "$p200_rate")" "/s" "$(fmt "$p1_rate")/s" "page 1, alternating" \
    "$(ratio "$p200_rate" "$p1_rate")" "≥ 0.9 (as fast)" "$(yes_no ge "$(ratio "$p200_rate" "$p1_rate")" 0.9)" "$other"

  # Latency at 70 % of the page-1 maximum: page 1, then page 200 at the same rate.
  local rate70
  rate70=$(awk -v r="$p1_rate" 'BEGIN { printf "%d", r * 0.7 }')
  log "[PostgreSQL] 2. inbox at 70 % of the maximum: $rate70/s, $CONNECTIONS connections, ${SECONDS_EACH} s page 1, then ${SECONDS_EACH} s page $FAR"
  local other1 other200
  run_probe "$OUT/postgres-page1-70.json" "$dir/page1.pairs" "$rate70" "$SECONDS_EACH" "$CONNECTIONS"
  other_cores
  other1=$OTHER
  run_probe "$OUT/postgres-page200-70.json" "$dir/page200.pairs" "$rate70" "$SECONDS_EACH" "$CONNECTIONS"
  other_cores
  other200=$OTHER
  say "page 1 at $rate70/s:   $(jq -c '{rate,errors,p50_ms,p90_ms,p99_ms,max_ms}' "$OUT/postgres-page1-70.json"); other CPU $other1 cores"
  say "page $FAR at $rate70/s: $(jq -c '{rate,errors,p50_ms,p90_ms,p99_ms,max_ms}' "$OUT/postgres-page200-70.json"); other CPU $other200 cores"
  local p50 p99 achieved errors
  p50=$(jq -r .p50_ms "$OUT/postgres-page1-70.json")
  p99=$(jq -r .p99_ms "$OUT/postgres-page1-70.json")
  achieved=$(jq -r .rate "$OUT/postgres-page1-70.json")
  errors=$(jq -r .errors "$OUT/postgres-page1-70.json")
  record "inbox-page1-70" "Inbox page 1 p50 / p99 at 70 % of max ($rate70/s), PostgreSQL" \
    "$(fmt "$p50" 2) / $(fmt "$p99" 2)" "ms" "$(fmt "$achieved")/s" "answers/s achieved" \
    "$(ratio "$achieved" "$rate70")" "p99 < 15 ms, rate kept" \
    "$(yes_no eval "lt $p99 15 && ge $(ratio "$achieved" "$rate70") 0.95 && [[ $errors == 0 ]]")" "$other1"
  p50=$(jq -r .p50_ms "$OUT/postgres-page200-70.json")
  p99=$(jq -r .p99_ms "$OUT/postgres-page200-70.json")
  achieved=$(jq -r .rate "$OUT/postgres-page200-70.json")
  errors=$(jq -r .errors "$OUT/postgres-page200-70.json")
  record "inbox-page200-70" "Inbox page $FAR p50 / p99 at the same rate ($rate70/s), PostgreSQL" \
    "$(fmt "$p50" 2) / $(fmt "$p99" 2)" "ms" "$(fmt "$achieved")/s" "answers/s achieved" \
    "$(ratio "$achieved" "$rate70")" "p99 < 15 ms, rate kept" \
    "$(yes_no eval "lt $p99 15 && ge $(ratio "$achieved" "$rate70") 0.95 && [[ $errors == 0 ]]")" "$other200"
}

opening() { # $1 = store, $2 = label, $3 = the store's work folder
  local store=$1 label=$2 dir=$3
  local recipients=$((2 * GROUP_PUPILS))
  log "[$label] 3. $OPEN_MESSAGES messages to $recipients recipients (class bench-3000, both), then each opened once by every recipient"
  local body="$dir/send-3000.json" ids="$dir/open-ids.txt" k
  message_body "$GROUP_3000" "Oudercontact" >"$body"
  : >"$dir/open-sent.txt"
  for k in $(seq 1 "$OPEN_MESSAGES"); do send_once "$body" "$WORK/open-times.txt" "$dir/open-sent.txt"; done
  jq -r .id "$dir/open-sent.txt" >"$ids"
  jq -e ".recipients == $recipients" <(head -1 "$dir/open-sent.txt") >/dev/null ||
    die "the message did not reach $recipients recipients: $(head -1 "$dir/open-sent.txt")"
  # Every (recipient, message) pair once: the first 60 % of the messages for wrk, the
  # rest for the probe. Message after message, the recipients in turn.
  local for_wrk=$(((OPEN_MESSAGES * 6 + 9) / 10)) id
  : >"$dir/open-wrk.pairs"
  : >"$dir/open-probe.pairs"
  k=0
  while read -r id; do
    k=$((k + 1))
    if ((k <= for_wrk)); then
      pairs_of "$dir/tokens-3000.txt" "/api/v1/messages/$id" >>"$dir/open-wrk.pairs"
    else
      pairs_of "$dir/tokens-3000.txt" "/api/v1/messages/$id" >>"$dir/open-probe.pairs"
    fi
  done <"$ids"
  local read0 read1 j rate other
  read0=$(read_receipts "$store")
  log "[$label] 3a. opening: wrk, $CONNECTIONS connections, ${SECONDS_EACH} s over $(wc -l <"$dir/open-wrk.pairs") first openings"
  run_wrk "$OUT/$store-open.log" "$dir/open-wrk.pairs" "$SECONDS_EACH"
  other_cores
  other=$OTHER
  j=$(bench_json "$OUT/$store-open.log")
  read1=$(read_receipts "$store")
  rate=$(wrk_rate "$j")
  say "open: $(fmt "$rate")/s (p50 $(jq .p50_ms <<<"$j") ms, p99 $(jq .p99_ms <<<"$j") ms); read receipts written: $((read1 - read0)) for $(jq .ok <<<"$j") answers$([[ $(jq .wrapped <<<"$j") == true ]] && echo '; WRAPPED: later answers were second openings'); other CPU $other cores"
  record "open-$store" "Opening a message (read receipt written), $label, $recipients-recipient messages (wrk, $CONNECTIONS conn.)" \
    "$(fmt "$rate")" "/s (p99 $(fmt "$(jq .p99_ms <<<"$j")" 2) ms at this load)" "—" "(no reference)" "—" "—" \
    "$([[ $(jq .wrapped <<<"$j") == true ]] && echo "NO (ran out of first openings)" || echo "—")" "$other"
  local rate70
  rate70=$(awk -v r="$rate" 'BEGIN { printf "%d", r * 0.7 }')
  log "[$label] 3a. opening at 70 %: $rate70/s, $CONNECTIONS connections, ${SECONDS_EACH} s"
  read0=$(read_receipts "$store")
  run_probe "$OUT/$store-open-70.json" "$dir/open-probe.pairs" "$rate70" "$SECONDS_EACH" "$CONNECTIONS"
  other_cores
  other=$OTHER
  read1=$(read_receipts "$store")
  say "open at $rate70/s: $(jq -c '{rate,errors,p50_ms,p90_ms,p99_ms,max_ms,wrapped}' "$OUT/$store-open-70.json"); read receipts written: $((read1 - read0)); other CPU $other cores"
  seventy "open70-$store" "Opening a message, p50 / p99 at 70 % of max ($rate70/s), $label" \
    "$OUT/$store-open-70.json" "$rate70" "$other"

  # The sender's receipts of each message, in turn: the largest page (200 of the
  # 3,000; the counts of all are on the message itself).
  local teacher_pairs="$dir/receipts.pairs"
  awk -v t="$TEACHER_TOKEN" 'NF { print t, "/api/v1/messages/" $1 "/receipts?limit=200" }' "$ids" >"$teacher_pairs"
  local size
  size=$(curl -sS --max-time 30 -o /dev/null -w '%{size_download}' -H "authorization: Bearer $TEACHER_TOKEN" \
    "http://$ADDR$(head -1 "$teacher_pairs" | cut -d' ' -f2)")
  log "[$label] 3b. receipts of a $recipients-recipient message ($((size / 1024)) KiB of JSON): wrk, $CONNECTIONS connections, ${SECONDS_EACH} s"
  run_wrk "$OUT/$store-receipts.log" "$teacher_pairs" "$SECONDS_EACH"
  other_cores
  other=$OTHER
  j=$(bench_json "$OUT/$store-receipts.log")
  rate=$(wrk_rate "$j")
  say "receipts: $(fmt "$rate")/s (p50 $(jq .p50_ms <<<"$j") ms, p99 $(jq .p99_ms <<<"$j") ms); other CPU $other cores"
  record "receipts-$store" "Receipts of a $recipients-recipient message, a page of 200, $label (GET …/receipts?limit=200, wrk, $CONNECTIONS conn.)" \
    "$(fmt "$rate")" "/s (p99 $(fmt "$(jq .p99_ms <<<"$j")" 2) ms at this load)" "—" "(no reference)" "—" "—" "—" "$other"
  rate70=$(awk -v r="$rate" 'BEGIN { r = r * 0.7; printf "%d", (r < 1 ? 1 : r) }')
  log "[$label] 3b. receipts at 70 %: $rate70/s, $CONNECTIONS connections, ${SECONDS_EACH} s"
  run_probe "$OUT/$store-receipts-70.json" "$teacher_pairs" "$rate70" "$SECONDS_EACH" "$CONNECTIONS"
  other_cores
  other=$OTHER
  say "receipts at $rate70/s: $(jq -c '{rate,errors,p50_ms,p90_ms,p99_ms,max_ms}' "$OUT/$store-receipts-70.json"); other CPU $other cores"
  seventy "receipts70-$store" "Receipts, p50 / p99 at 70 % of max ($rate70/s), $label" \
    "$OUT/$store-receipts-70.json" "$rate70" "$other"
}

read_receipts() { # $1 = store: read receipts set so far
  sql_count "$1" "SELECT count(*) FROM message_copies WHERE read_at IS NOT NULL"
}

seventy() { # id, label, probe json, target rate, other CPU: p50 / p99, no latency goal
  local p50 p99 achieved errors met
  p50=$(jq -r .p50_ms "$3")
  p99=$(jq -r .p99_ms "$3")
  achieved=$(jq -r .rate "$3")
  errors=$(jq -r .errors "$3")
  met=$(yes_no eval "ge $(ratio "$achieved" "$4") 0.95 && [[ $errors == 0 ]]")
  if [[ $1 == open* && $(jq .wrapped "$3") == true ]]; then met="NO (ran out of first openings)"; fi
  record "$1" "$2" "$(fmt "$p50" 2) / $(fmt "$p99" 2)" "ms" "$(fmt "$achieved")/s" "answers/s achieved" \
    "$(ratio "$achieved" "$4")" "rate kept (no latency goal)" "$met" "$5"
}

START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for store in $BACKENDS; do
  case $store in sqlite | postgres) measure "$store" ;; *) die "unknown store $store" ;; esac
done
ELAPSED=$(($(date +%s) - START))

# --- 4. summary -----------------------------------------------------------------------------
{
  echo "| figure | value | reference | ratio | goal | met? | other CPU |"
  echo "|---|---|---|---|---|---|---|"
  while IFS=$'\t' read -r _id label value unit ref reflabel r goal met other; do
    [[ $ref != "—" ]] && ref="$ref ($reflabel)"
    printf '| %s | %s %s | %s | %s | %s | %s | %s |\n' "$label" "$value" "$unit" "$ref" "$r" "$goal" "$met" "${other:-—}"
  done <"$OUT/figures.txt"
} >"$OUT/table.md"
{
  echo "# Schoolbrug messaging benchmark summary"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); run took ${ELAPSED} s."
  echo "Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + local changes'); each load measurement ${SECONDS_EACH} s; $PUPILS pupils + $PUPILS co-accounts; load generators share the cores with the server and PostgreSQL; \"other CPU\": cores used meanwhile by processes other than the server, its PostgreSQL backends and the load generator."
  echo
  cat "$OUT/table.md"
} >"$SUMMARY"
echo
cat "$SUMMARY"
echo
echo "written to ${SUMMARY#"$ROOT"/} (raw outputs in ${OUT#"$ROOT"/}/)"
