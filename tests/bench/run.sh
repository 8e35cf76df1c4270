#!/usr/bin/env bash
# Schoolbrug load benchmark: one command, bounded in time, cleaning up after itself.
#
#   bash tests/bench/run.sh
#
# Builds the release binary and the helpers in tests/src/bin, seeds a fresh SQLite data
# folder and a fresh PostgreSQL database through the real binary and its JSON API, then
# measures on each store: sign-ins per second (against the in-process argon2id rate),
# GET /api/v1/me latency during a sign-in storm, /me throughput (on PostgreSQL against
# pgbench running the same SQL), /me latency at 70 % of that throughput, and a flood of
# 200 concurrent wrong sign-ins from made-up users and addresses during which the owner
# signs in from a known device and /me is probed. Prints a summary table and writes it to
# target/bench/summary.md. See docs/benchmarks.md.
#
# Settings (environment variables, defaults in brackets):
#   BENCH_BACKENDS       stores to measure ["sqlite postgres"]
#   BENCH_SECONDS        length of each measurement [12]
#   BENCH_ACCOUNTS       pupils created [200]
#   BENCH_TOKENS         sessions used by the /me runs and pgbench, at most 100 [100]
#   BENCH_CONNECTIONS    wrk connections = pgbench clients for /me [10]
#   BENCH_SIGNIN_CONNECTIONS  wrk connections of the sign-in runs [4]
#   BENCH_PROBE_RATE     /me requests per second during the storm and the flood [50]
#   BENCH_FLOOD_CONNECTIONS  wrk connections of the flood of wrong sign-ins [200]
#   BENCH_OWNER_RATE     the owner's known-device sign-ins per second in the flood [5]
#   BENCH_PG             PostgreSQL server [postgres://postgres@127.0.0.1:5432]
#   BENCH_STAGES         which measurements of each store run ["a b c d e"]: a. sign-ins/s,
#                        b. /me during a sign-in storm, c. /me throughput, d. /me at 70 %
#                        of it (needs c), e. the flood of wrong sign-ins
#   BENCH_SKIP_BUILD     1: use the binaries already in target/release
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BENCH_DIR="$ROOT/tests/bench"
OUT="$ROOT/target/bench"
REL="$ROOT/target/release"

BACKENDS=${BENCH_BACKENDS:-"sqlite postgres"}
SECONDS_EACH=${BENCH_SECONDS:-12}
ACCOUNTS=${BENCH_ACCOUNTS:-200}
TOKENS=${BENCH_TOKENS:-100}
CONNECTIONS=${BENCH_CONNECTIONS:-10}
SIGNIN_CONNECTIONS=${BENCH_SIGNIN_CONNECTIONS:-4}
PROBE_RATE=${BENCH_PROBE_RATE:-50}
FLOOD_CONNECTIONS=${BENCH_FLOOD_CONNECTIONS:-200}
OWNER_RATE=${BENCH_OWNER_RATE:-5}
STAGES=" ${BENCH_STAGES:-a b c d e} "
PG=${BENCH_PG:-postgres://postgres@127.0.0.1:5432}
PG_HOST=127.0.0.1
PG_PORT=5432
PG_USER=postgres
if [[ $PG =~ ^postgres(ql)?://([^@/]+)@([^:/]+)(:([0-9]+))? ]]; then
  PG_USER=${BASH_REMATCH[2]}
  PG_HOST=${BASH_REMATCH[3]}
  PG_PORT=${BASH_REMATCH[5]:-5432}
fi
[[ $STAGES != *" d "* || $STAGES == *" c "* ]] || { echo "bench: stage d needs stage c" >&2; exit 1; }
SCHOOL=bench
ADMIN=beheerder
PASSWORD=Kwik-zonnebloem-Rivier-73
((TOKENS > 100)) && TOKENS=100 # pgbench takes at most 128 scripts

log() { printf '\n== %s\n' "$*" >&2; }
want_stage() { [[ $STAGES == *" $1 "* ]]; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }

# --- cleanup: servers, load generators, database, data folder -------------------------
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
psql_db() { psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$PG_DB" -X "$@"; }

# --- 1. tools and binaries --------------------------------------------------------------
install_debian() {
  local sudo=""
  ((EUID != 0)) && sudo=sudo
  $sudo apt-get install -y "$@" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y "$@" >/dev/null; } ||
    die "cannot install $*"
}
missing=()
for tool in wrk jq; do command -v "$tool" >/dev/null || missing+=("$tool"); done
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
  (cd "$ROOT" && cargo build --release -p schoolbrug-tests \
    --bin argon2-rate --bin bench-seed --bin bench-probe)
fi
for bin in schoolbrug argon2-rate bench-seed bench-probe; do
  [[ -x $REL/$bin ]] || die "$REL/$bin is missing (run without BENCH_SKIP_BUILD)"
done

mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.json "$OUT"/*.txt
WORK=$(mktemp -d "$OUT/work.XXXXXX")
: >"$OUT/figures.txt"

# Figures go to figures.txt as tab-separated rows: id, label, value, unit, reference,
# reference label, ratio, goal, met.
record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$OUT/figures.txt"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0) printf "%.2f", a / b; else print "—" }'; }
ge() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 >= b + 0) }'; }
le() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 <= b + 0) }'; }
yes_no() { if "$@"; then echo yes; else echo NO; fi; }
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, v }'; }
# wrk's "BENCH {json}" line from a log
bench_json() { grep -a '^BENCH ' "$1" | tail -1 | cut -d' ' -f2-; }
# CPU seconds (user + system) a process has used so far
cpu_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat"
}

# --- 2. the reference of the sign-ins: argon2id verifications per second, in-process, on
# all cores. Measured right before and right after each store's sign-in run (the mean is
# the reference), so that both see the same machine: other work on a shared machine
# changes from minute to minute. Also the CPU time one verification takes.
ARGON2_RATE=""
ARGON2_CPU_MS=""
argon2_rate() { # $1 = output name; prints the rate, sets LAST_CPU_MS
  local TIMEFORMAT="%3U %3S"
  { time timeout 60 "$REL/argon2-rate" --seconds 8 >"$OUT/argon2-$1.json" 2>/dev/null; } 2>"$OUT/argon2-$1.time"
  jq -r .rate "$OUT/argon2-$1.json"
}
argon2_reference() { # $1 = store, $2 = before | after
  local rate cpu
  rate=$(argon2_rate "$1-$2")
  cpu=$(awk -v h="$(jq -r .hashes "$OUT/argon2-$1-$2.json")" '{ printf "%.1f", ($1 + $2) * 1000 / h }' "$OUT/argon2-$1-$2.time")
  echo "argon2id m=19456 KiB t=2 p=1, $2: $(fmt "$rate") verifications/s on $(nproc) threads, $cpu ms CPU each" >&2
  if [[ $2 == before ]]; then
    ARGON2_RATE=$rate
    ARGON2_CPU_MS=$cpu
  else
    ARGON2_RATE=$(awk -v a="$ARGON2_RATE" -v b="$rate" 'BEGIN { print (a + b) / 2 }')
    ARGON2_CPU_MS=$(awk -v a="$ARGON2_CPU_MS" -v b="$cpu" 'BEGIN { printf "%.1f", (a + b) / 2 }')
  fi
}

# --- the server -------------------------------------------------------------------------
ADDR=""
start_server() { # $1 = name, then the data flags
  local name=$1
  shift
  # 127.0.0.1 is a trusted proxy: the flood (e.) sends X-Forwarded-For to come from
  # many addresses; the other runs send none and come from 127.0.0.1.
  env -u RUST_LOG "$REL/schoolbrug" serve --listen 127.0.0.1:0 --trusted-proxies 127.0.0.1 "$@" \
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

# wrk, bounded; $1 = log file, then wrk's arguments
run_wrk() {
  local logfile=$1
  shift
  timeout $((SECONDS_EACH + 30)) wrk --latency "$@" >"$logfile" 2>&1 ||
    { cat "$logfile" >&2; die "wrk failed"; }
}

# --- 3. one store -------------------------------------------------------------------------
measure() { # $1 = sqlite | postgres
  local store=$1 label data_flags=()
  case $store in
    sqlite)
      label=SQLite
      data_flags=(--data-dir "$WORK/sqlite-data")
      ;;
    postgres)
      label=PostgreSQL
      PG_DB="sb_bench_$$_$(date +%s)"
      psql_admin -qc "CREATE DATABASE $PG_DB" >/dev/null
      data_flags=(--database-url "$PG/$PG_DB")
      ;;
  esac
  local dir="$WORK/$store"
  mkdir -p "$dir"

  log "[$label] seeding: school create, admin password, $ACCOUNTS pupils through the API"
  "$REL/schoolbrug" school create --slug "$SCHOOL" --name Bench --admin "$ADMIN" --json \
    "${data_flags[@]}" >"$dir/school.json" 2>"$OUT/school-create-$store.log"
  local code
  code=$(jq -r .code "$dir/school.json")
  start_server "$store" "${data_flags[@]}"
  timeout 300 "$REL/bench-seed" --base "http://$ADDR" --school "$SCHOOL" --admin "$ADMIN" \
    --code "$code" --password "$PASSWORD" --accounts "$ACCOUNTS" --tokens "$TOKENS" \
    --out "$dir"
  export BENCH_USERNAMES="$dir/usernames.txt" BENCH_TOKENS="$dir/tokens.txt"
  export BENCH_PASSWORD="$PASSWORD" BENCH_SCHOOL="$SCHOOL"
  local cpu0 cpu1 j storm_p99=""
  local signin_args=(-t1 -c"$SIGNIN_CONNECTIONS" -s "$BENCH_DIR/signin.lua" "http://$ADDR/api/v1/session")

  if want_stage a; then
    # a. sign-ins per second, between two measurements of the reference
    log "[$label] a. sign-in throughput: wrk, $SIGNIN_CONNECTIONS connections, ${SECONDS_EACH} s, between two argon2id references (8 s each)"
    argon2_reference "$store" before
    cpu0=$(cpu_seconds "$SERVER_PID")
    run_wrk "$OUT/$store-signin.log" -d"${SECONDS_EACH}s" "${signin_args[@]}"
    cpu1=$(cpu_seconds "$SERVER_PID")
    argon2_reference "$store" after
    local signin_rate signin_cpu_ms
    j=$(bench_json "$OUT/$store-signin.log")
    signin_rate=$(jq -r '.created / (.duration_us / 1e6)' <<<"$j")
    signin_cpu_ms=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$(jq .requests <<<"$j")" 'BEGIN { printf "%.1f", (b - a) * 1000 / n }')
    echo "sign-ins: $(fmt "$signin_rate")/s (201s: $(jq .created <<<"$j"), other: $(jq .other <<<"$j") $(jq -r .other_statuses <<<"$j"), p50 $(jq .p50_ms <<<"$j") ms, p99 $(jq .p99_ms <<<"$j") ms); server CPU $signin_cpu_ms ms per sign-in" >&2
    echo "  ratio to the argon2id rate ($(fmt "$ARGON2_RATE")/s): $(ratio "$signin_rate" "$ARGON2_RATE"); CPU of one verification / server CPU per sign-in: $ARGON2_CPU_MS / $signin_cpu_ms = $(ratio "$ARGON2_CPU_MS" "$signin_cpu_ms")" >&2
    record "signin-$store" "Sign-ins/s, $label (wrk, $SIGNIN_CONNECTIONS conn.)" "$(fmt "$signin_rate")" "/s" \
      "$(fmt "$ARGON2_RATE")/s" "argon2id verifications in-process, all cores" "$(ratio "$signin_rate" "$ARGON2_RATE")" \
      "≥ 0.9" "$(yes_no ge "$(ratio "$signin_rate" "$ARGON2_RATE")" 0.9)"
    record "signin-cpu-$store" "Server CPU per sign-in, $label" "$signin_cpu_ms" "ms" \
      "$ARGON2_CPU_MS ms" "CPU of one argon2id verification in-process" \
      "$(ratio "$ARGON2_CPU_MS" "$signin_cpu_ms")" "≥ 0.9 (reference / value)" \
      "$(yes_no ge "$(ratio "$ARGON2_CPU_MS" "$signin_cpu_ms")" 0.9)"

  fi
  if want_stage b; then
    # b. /me latency at a fixed moderate rate, quiet and during a sign-in storm
    log "[$label] b. /me at $PROBE_RATE/s, quiet (8 s), then during a sign-in storm (${SECONDS_EACH} s)"
    timeout 60 "$REL/bench-probe" --addr "$ADDR" --tokens "$BENCH_TOKENS" --rate "$PROBE_RATE" \
      --seconds 8 --connections 2 --warmup 1 >"$OUT/$store-me-quiet.json"
    timeout $((SECONDS_EACH + 40)) wrk --latency -d"$((SECONDS_EACH + 4))s" "${signin_args[@]}" \
      >"$OUT/$store-storm.log" 2>&1 &
    local storm=$!
    BG_PIDS+=("$storm")
    sleep 2
    timeout $((SECONDS_EACH + 30)) "$REL/bench-probe" --addr "$ADDR" --tokens "$BENCH_TOKENS" \
      --rate "$PROBE_RATE" --seconds "$SECONDS_EACH" --connections 2 --warmup 1 \
      >"$OUT/$store-me-storm.json"
    wait "$storm" || die "the storm's wrk failed: $(cat "$OUT/$store-storm.log")"
    local quiet_p99 storm_rate
    quiet_p99=$(jq -r .p99_ms "$OUT/$store-me-quiet.json")
    storm_p99=$(jq -r .p99_ms "$OUT/$store-me-storm.json")
    j=$(bench_json "$OUT/$store-storm.log")
    storm_rate=$(jq -r '.created / (.duration_us / 1e6)' <<<"$j")
    echo "/me quiet:  $(jq -c '{rate,errors,p50_ms,p99_ms,max_ms}' "$OUT/$store-me-quiet.json")" >&2
    echo "/me storm:  $(jq -c '{rate,errors,p50_ms,p99_ms,max_ms}' "$OUT/$store-me-storm.json") while $(fmt "$storm_rate") sign-ins/s" >&2
    echo "  p99 during the storm: $(fmt "$storm_p99" 2) ms (goal ≤ 50 ms; quiet p99 $(fmt "$quiet_p99" 2) ms)" >&2
    local storm_errors
    storm_errors=$(jq -r .errors "$OUT/$store-me-storm.json")
    record "storm-$store" "/me p99 during sign-in storm, $label ($PROBE_RATE/s)" "$(fmt "$storm_p99" 2)" "ms" \
      "$(fmt "$quiet_p99" 2) ms" "p99 at the same rate without storm" "$(ratio "$storm_p99" "$quiet_p99")" \
      "p99 ≤ 50 ms" "$(yes_no eval "le $storm_p99 50 && [[ $storm_errors == 0 ]]")"

  fi
  if want_stage c; then
    # c. /me throughput. On PostgreSQL in three rounds, each a wrk run and a pgbench run of
    # the same SQL (a third of the time each), so that both see the same machine.
    local rounds=1 slice=$SECONDS_EACH
    if [[ $store == postgres ]]; then
      rounds=3
      slice=$(((SECONDS_EACH + 2) / 3))
      write_pgbench_scripts "$dir"
    fi
    log "[$label] c. /me throughput: wrk, $CONNECTIONS connections$([[ $store == postgres ]] && echo ", alternating with pgbench (same SQL, $CONNECTIONS clients)"), $rounds × $slice s"
    local stats0="" round me_requests=0 me_ok=0 me_us=0 pg_tx=0 pg_us=0 me_cpu=0
    if [[ $store == postgres ]]; then stats0=$(pg_counters); fi
    for round in $(seq 1 "$rounds"); do
      cpu0=$(cpu_seconds "$SERVER_PID")
      run_wrk "$OUT/$store-me-$round.log" -t2 -c"$CONNECTIONS" -d"${slice}s" \
        -s "$BENCH_DIR/me.lua" "http://$ADDR/api/v1/me"
      cpu1=$(cpu_seconds "$SERVER_PID")
      j=$(bench_json "$OUT/$store-me-$round.log")
      echo "/me round $round: $(jq -r '(.requests - .non_2xx) / (.duration_us / 1e6) | floor' <<<"$j")/s (non-2xx $(jq .non_2xx <<<"$j"), socket errors $(jq .socket_errors <<<"$j"), p50 $(jq .p50_ms <<<"$j") ms, p99 $(jq .p99_ms <<<"$j") ms)" >&2
      me_requests=$((me_requests + $(jq .requests <<<"$j")))
      me_ok=$((me_ok + $(jq '.requests - .non_2xx' <<<"$j")))
      me_us=$((me_us + $(jq .duration_us <<<"$j")))
      me_cpu=$(awk -v t="$me_cpu" -v a="$cpu0" -v b="$cpu1" 'BEGIN { print t + b - a }')
      if [[ $store == postgres ]]; then
        local pg_out tx us
        pg_out=$(run_pgbench "$store-pgbench-$round" "$slice")
        read -r tx us <<<"$pg_out"
        echo "pgbench round $round: $(awk -v t="$tx" -v u="$us" 'BEGIN { printf "%d", t / (u / 1e6) }') transactions/s" >&2
        pg_tx=$((pg_tx + tx))
        pg_us=$((pg_us + us))
      fi
    done
    local me_rate
    me_rate=$(awk -v n="$me_ok" -v u="$me_us" 'BEGIN { print n / (u / 1e6) }')
    echo "/me: $(fmt "$me_rate")/s over $rounds × $slice s; server CPU $(awk -v c="$me_cpu" -v n="$me_requests" 'BEGIN { printf "%.0f", c * 1e6 / n }') µs per request" >&2
    if [[ $store == postgres ]]; then
      # An idle backend flushes its last second of statistics only after 10 s.
      sleep 11
      pg_per_request "$stats0" "$(pg_counters)" "$me_requests" "$pg_tx"
      local tps
      tps=$(awk -v t="$pg_tx" -v u="$pg_us" 'BEGIN { print t / (u / 1e6) }')
      echo "pgbench: $(fmt "$tps") transactions/s; ratio /me to pgbench: $(ratio "$me_rate" "$tps")" >&2
      record "me-$store" "/me throughput, $label (wrk, $CONNECTIONS conn.)" "$(fmt "$me_rate")" "/s" \
        "$(fmt "$tps")/s" "pgbench, same 3 statements, $CONNECTIONS clients, alternating" \
        "$(ratio "$me_rate" "$tps")" "≥ 0.8" "$(yes_no ge "$(ratio "$me_rate" "$tps")" 0.8)"
    else
      record "me-$store" "/me throughput, $label (wrk, $CONNECTIONS conn.)" "$(fmt "$me_rate")" "/s" \
        "—" "(no reference)" "—" "—" "—"
    fi

  fi
  if want_stage d; then
    # d. /me latency at 70 % of the measured maximum
    local rate70
    rate70=$(awk -v r="$me_rate" 'BEGIN { printf "%d", r * 0.7 }')
    log "[$label] d. /me at 70 % of the maximum: $rate70/s, $CONNECTIONS connections, ${SECONDS_EACH} s"
    timeout $((SECONDS_EACH + 30)) "$REL/bench-probe" --addr "$ADDR" --tokens "$BENCH_TOKENS" \
      --rate "$rate70" --seconds "$SECONDS_EACH" --connections "$CONNECTIONS" --warmup 1 \
      >"$OUT/$store-me-70.json"
    echo "/me at $rate70/s: $(jq -c '{rate,errors,p50_ms,p90_ms,p99_ms,max_ms}' "$OUT/$store-me-70.json")" >&2
    local p50 p99 achieved errors70
    p50=$(jq -r .p50_ms "$OUT/$store-me-70.json")
    p99=$(jq -r .p99_ms "$OUT/$store-me-70.json")
    achieved=$(jq -r .rate "$OUT/$store-me-70.json")
    errors70=$(jq -r .errors "$OUT/$store-me-70.json")
    record "me70-$store" "/me p50 / p99 at 70 % of max ($rate70/s), $label" \
      "$(fmt "$p50" 2) / $(fmt "$p99" 2)" "ms" "$(fmt "$achieved")/s" "answers/s achieved" \
      "$(ratio "$achieved" "$rate70")" "p99 ≤ 50 ms, rate kept" \
      "$(yes_no eval "le $p99 50 && ge $(ratio "$achieved" "$rate70") 0.95 && [[ $errors70 == 0 ]]")"

  fi
  if want_stage e; then
    # e. a flood of wrong sign-ins: the owner of a known device still gets in, /me stays
    # fast, and the server hashes at the rate of argon2id in-process
    log "[$label] e. flood: $FLOOD_CONNECTIONS connections of wrong sign-ins (made-up users, many addresses), the owner from a known device at $OWNER_RATE/s, /me at $PROBE_RATE/s, ${SECONDS_EACH} s"
    local device
    device=$(curl -fsS --max-time 10 -X POST "http://$ADDR/api/v1/session" -H 'content-type: application/json' \
      -d "{\"school\":\"$SCHOOL\",\"username\":\"$ADMIN\",\"password\":\"$PASSWORD\"}" | jq -r .device)
    [[ -n $device && $device != null ]] || die "the owner's sign-in answered no device token"
    printf '{"school":"%s","username":"%s","password":"%s","device":"%s"}\n' \
      "$SCHOOL" "$ADMIN" "$PASSWORD" "$device" >"$dir/owner.json"
    argon2_reference "$store-flood" before
    cpu0=$(cpu_seconds "$SERVER_PID")
    # wrk's default timeout (2 s) is the length of the server's line: a wrong sign-in it
    # gave up on still costs its hash and would be counted as a socket error, not a 401.
    timeout $((SECONDS_EACH + 40)) wrk --latency --timeout 10s -t2 -c"$FLOOD_CONNECTIONS" -d"$((SECONDS_EACH + 4))s" \
      -s "$BENCH_DIR/flood.lua" "http://$ADDR/api/v1/session" >"$OUT/$store-flood.log" 2>&1 &
    local flood=$!
    BG_PIDS+=("$flood")
    sleep 2
    timeout $((SECONDS_EACH + 30)) "$REL/bench-probe" --addr "$ADDR" --post "$dir/owner.json" \
      --path /api/v1/session --rate "$OWNER_RATE" --seconds "$SECONDS_EACH" --connections 1 \
      --warmup 1 >"$OUT/$store-owner-flood.json" &
    local owner=$!
    BG_PIDS+=("$owner")
    timeout $((SECONDS_EACH + 30)) "$REL/bench-probe" --addr "$ADDR" --tokens "$BENCH_TOKENS" \
      --rate "$PROBE_RATE" --seconds "$SECONDS_EACH" --connections 2 --warmup 1 \
      >"$OUT/$store-me-flood.json"
    wait "$owner" || die "the owner's probe failed"
    wait "$flood" || die "the flood's wrk failed: $(cat "$OUT/$store-flood.log")"
    cpu1=$(cpu_seconds "$SERVER_PID")
    argon2_reference "$store-flood" after
    j=$(bench_json "$OUT/$store-flood.log")
    local hashed_rate owner_rate flood_rate owner_p99 owner_errors flood_me_p99 flood_me_errors
    owner_rate=$(jq -r .rate "$OUT/$store-owner-flood.json")
    flood_rate=$(jq -r '.unauthorized / (.duration_us / 1e6)' <<<"$j")
    # Every 401 of the flood and every owner's sign-in cost one verification.
    hashed_rate=$(awk -v a="$flood_rate" -v b="$owner_rate" 'BEGIN { print a + b }')
    owner_p99=$(jq -r .p99_ms "$OUT/$store-owner-flood.json")
    owner_errors=$(jq -r .errors "$OUT/$store-owner-flood.json")
    flood_me_p99=$(jq -r .p99_ms "$OUT/$store-me-flood.json")
    flood_me_errors=$(jq -r .errors "$OUT/$store-me-flood.json")
    echo "flood: $(jq -c '{requests,unauthorized,throttled,shed,other,socket_errors,p50_ms,p99_ms}' <<<"$j"); server CPU $(awk -v a="$cpu0" -v b="$cpu1" 'BEGIN { printf "%.1f", b - a }') s" >&2
    echo "owner: $(jq -c '{rate,errors,p50_ms,p99_ms,max_ms}' "$OUT/$store-owner-flood.json")" >&2
    echo "/me:   $(jq -c '{rate,errors,p50_ms,p99_ms,max_ms}' "$OUT/$store-me-flood.json")" >&2
    echo "  verifications/s: $(fmt "$hashed_rate") against $(fmt "$ARGON2_RATE")/s in-process: $(ratio "$hashed_rate" "$ARGON2_RATE")" >&2
    record "flood-owner-$store" "Owner's known-device sign-in p99 during the flood, $label ($OWNER_RATE/s)" \
      "$(fmt "$owner_p99" 1)" "ms" "$(jq -r .ok "$OUT/$store-owner-flood.json") of $(jq -r .sent "$OUT/$store-owner-flood.json")" "answered 201" \
      "—" "p99 ≤ 1000 ms, all 201" "$(yes_no eval "le $owner_p99 1000 && [[ $owner_errors == 0 ]]")"
    record "flood-me-$store" "/me p99 during the flood, $label ($PROBE_RATE/s)" "$(fmt "$flood_me_p99" 2)" "ms" \
      "$([[ -n $storm_p99 ]] && echo "$(fmt "$storm_p99" 2) ms" || echo —)" "p99 during the sign-in storm (b.)" \
      "$([[ -n $storm_p99 ]] && ratio "$flood_me_p99" "$storm_p99" || echo —)" \
      "p99 ≤ 50 ms" "$(yes_no eval "le $flood_me_p99 50 && [[ $flood_me_errors == 0 ]]")"
    record "flood-rate-$store" "Verifications/s during the flood, $label ($FLOOD_CONNECTIONS conn. + owner)" \
      "$(fmt "$hashed_rate")" "/s" "$(fmt "$ARGON2_RATE")/s" "argon2id verifications in-process, all cores" \
      "$(ratio "$hashed_rate" "$ARGON2_RATE")" "≥ 0.9" "$(yes_no ge "$(ratio "$hashed_rate" "$ARGON2_RATE")" 0.9)"

  fi
  stop_server
  if [[ $store == postgres ]]; then
    psql_admin -qc "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null
    PG_DB=""
  fi
  unset BENCH_USERNAMES BENCH_TOKENS
}

# One pgbench script per seeded token (pgbench picks one at random per transaction).
PGBENCH_SCRIPTS=()
write_pgbench_scripts() { # $1 = the store's work folder
  local i=0 hash school
  PGBENCH_SCRIPTS=()
  mkdir -p "$1/pgbench"
  while read -r hash; do
    [[ -n $hash ]] || continue
    i=$((i + 1))
    # The session's school: the server reads it from the token, the reference is given it.
    school=$(psql_db -Atc "SELECT school_id FROM sessions WHERE token_hash = '\\x$hash'::bytea")
    [[ -n $school ]] || die "no session for token hash $hash"
    sed -e "s/@TOKEN_HASH@/$hash/" -e "s/@SCHOOL_ID@/$school/" \
      "$BENCH_DIR/me.pgbench.sql.in" >"$1/pgbench/me-$i.sql"
    PGBENCH_SCRIPTS+=(-f "$1/pgbench/me-$i.sql")
  done <"$1/token_hashes.txt"
}
run_pgbench() { # $1 = log name, $2 = seconds; prints "transactions microseconds"
  local logfile="$OUT/$1.log" tx failed tps
  timeout $(($2 + 30)) pgbench -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -n \
    -M prepared -c "$CONNECTIONS" -j 2 -T "$2" "${PGBENCH_SCRIPTS[@]}" "$PG_DB" \
    >"$logfile" 2>&1 || { cat "$logfile" >&2; die "pgbench failed"; }
  tx=$(grep -aoP 'number of transactions actually processed: \K[0-9]+' "$logfile" | head -1)
  tps=$(grep -aoP 'tps = \K[0-9.]+(?= \(without initial connection time\))' "$logfile" | head -1)
  failed=$(grep -aoP 'number of failed transactions: \K[0-9]+' "$logfile" | head -1)
  [[ ${failed:-0} == 0 ]] || die "pgbench: $failed failed transactions (see $logfile)"
  # the time pgbench's own rate is computed over (without connecting)
  awk -v t="$tx" -v r="$tps" 'BEGIN { printf "%d %d\n", t, t / r * 1e6 }'
}

# PostgreSQL's counters for the benchmark database: commits, and per table index scans,
# rows read, inserted and updated.
pg_counters() {
  psql_db -Atc "SELECT relname, coalesce(idx_scan, 0) + coalesce(seq_scan, 0), n_tup_ins, n_tup_upd, n_tup_del
                FROM pg_stat_user_tables WHERE relname IN ('sessions', 'accounts', 'schools')
                ORDER BY 1"
}
pg_per_request() { # before, after, /me requests, pgbench transactions (subtracted)
  echo "  PostgreSQL work per /me request (pg_stat, pgbench's own 3 statements per transaction subtracted):" >&2
  join -t'|' <(sort <<<"$1") <(sort <<<"$2") | awk -F'|' -v n="$3" -v p="$4" '
    BEGIN { own["sessions"] = 1; own["accounts"] = 1; own["schools"] = 1 }
    $1 == "xact" { next }
    { printf "    %-9s scans %.2f, inserts %.3f, updates %.3f, deletes %.3f\n", $1, ($6 - $2 - own[$1] * p) / n, ($7 - $3) / n, ($8 - $4) / n, ($9 - $5) / n }' >&2
}

START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
for store in $BACKENDS; do
  case $store in sqlite | postgres) measure "$store" ;; *) die "unknown store $store" ;; esac
done
ELAPSED=$(($(date +%s) - START))

# --- 4. summary -----------------------------------------------------------------------------
{
  echo "| figure | value | reference | ratio | goal | met? |"
  echo "|---|---|---|---|---|---|"
  while IFS=$'\t' read -r _id label value unit ref reflabel r goal met; do
    [[ $ref != "—" ]] && ref="$ref ($reflabel)"
    printf '| %s | %s %s | %s | %s | %s | %s |\n' "$label" "$value" "$unit" "$ref" "$r" "$goal" "$met"
  done <"$OUT/figures.txt"
} >"$OUT/table.md"
{
  echo "# Schoolbrug benchmark summary"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); run took ${ELAPSED} s."
  echo "Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + local changes'); each measurement ${SECONDS_EACH} s; load generators share the cores with the server and PostgreSQL."
  echo
  cat "$OUT/table.md"
} >"$OUT/summary.md"
echo
cat "$OUT/summary.md"
echo
echo "written to ${OUT#"$ROOT"/}/summary.md (raw outputs next to it)"
