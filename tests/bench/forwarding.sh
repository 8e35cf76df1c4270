#!/usr/bin/env bash
# Schoolbrug forwarding benchmark: one command, bounded in time, cleaning up after itself.
#
#   bash tests/bench/forwarding.sh
#
# The figures of the forwarding issue, on PostgreSQL with the release binary, mailing to
# smtp-sink (the in-process test SMTP server of tests/src/smtp.rs behind a relay that
# notes when each mail is accepted) on loopback:
#   1. throughput: BENCH_FWD_ROWS waiting outbox rows (messages delivered through the API
#      to a class whose parents forward, their confirmed settings inserted with SQL, while
#      serve's own worker is parked), then `schoolbrug worker` ×1 and, with as many fresh
#      rows, ×4: mails per second until the sink has accepted them all;
#   2. latency: one `schoolbrug worker`, POST /api/v1/messages at BENCH_FWD_RATE per
#      second for BENCH_FWD_SECONDS, each message to one forwarding parent (bench-forward
#      send): from each 201 (after the delivery's commit) to the sink's acceptance of its
#      mail, p50 and p99; once per idle poll of BENCH_FWD_POLLS, and once with serve's
#      own worker, which each delivery wakes.
# Prints a summary table and writes it to target/bench/forwarding-summary.md; raw outputs
# in target/bench/forwarding/. See docs/benchmarks.md.
#
# Settings (environment variables, defaults in brackets):
#   BENCH_FWD_PARENTS   pupils, each with one forwarding co-account [1000]
#   BENCH_FWD_ROWS      outbox rows per throughput run, a multiple of the parents [5000]
#   BENCH_FWD_WORKERS   worker counts of the throughput runs ["1 4"]
#   BENCH_FWD_RATE      messages per second of the latency runs [100]
#   BENCH_FWD_SECONDS   length of each latency run [20]
#   BENCH_FWD_POLLS     the latency runs: a `schoolbrug worker`'s idle poll in ms,
#                       "default" (its built-in 2 s), or "serve" (serve's own worker,
#                       woken in-process by each delivery) ["100 default serve"]
#   BENCH_FWD_THROUGHPUT_POLL  the idle poll of the throughput runs' workers, ms [100]
#   BENCH_PG            PostgreSQL server [postgres://postgres@127.0.0.1:5432]
#   BENCH_SKIP_BUILD    1: use the binaries already in target/release
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT="$ROOT/target/bench/forwarding"
SUMMARY="$ROOT/target/bench/forwarding-summary.md"
REL="$ROOT/target/release"

PARENTS=${BENCH_FWD_PARENTS:-1000}
ROWS=${BENCH_FWD_ROWS:-5000}
WORKER_COUNTS=${BENCH_FWD_WORKERS:-"1 4"}
RATE=${BENCH_FWD_RATE:-100}
LOAD_SECONDS=${BENCH_FWD_SECONDS:-20}
POLLS=${BENCH_FWD_POLLS:-"100 default serve"}
THROUGHPUT_POLL=${BENCH_FWD_THROUGHPUT_POLL:-100}
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
MAIL_FROM=berichten@bench.example
PUBLIC_URL=https://bench.schoolbrug.example
# bench-msg-seed's class of every pupil, and its co-account ids (fixed).
GROUP_ALL=00000003-0000-7000-8000-000000000001
co_account_id() { printf '00000002-0000-7000-8000-%012x' "$1"; }
# The server's idle poll when it must stay out of the way (10 minutes).

log() { printf '\n== %s\n' "$*" >&2; }
say() { printf '%s\n' "$*" >&2; }
die() { printf 'bench: %s\n' "$*" >&2; exit 1; }
((PARENTS >= 100)) || die "BENCH_FWD_PARENTS must be at least 100"
((ROWS % PARENTS == 0)) || die "BENCH_FWD_ROWS must be a multiple of BENCH_FWD_PARENTS"

# --- cleanup: workers, sink, server, database ---------------------------------------------
SERVER_PID=""
SINK_PID=""
WORKER_PIDS=()
PG_DB=""
WORK=""
stop_pid() { # $1 = pid: TERM, up to 10 s, then KILL
  local pid=$1
  [[ -n $pid ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}
stop_workers() {
  local pid
  for pid in "${WORKER_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${WORKER_PIDS[@]}"; do stop_pid "$pid"; done
  WORKER_PIDS=()
}
cleanup() {
  local rc=$?
  stop_workers
  stop_pid "$SINK_PID"
  stop_pid "$SERVER_PID"
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
missing=()
for tool in jq curl; do command -v "$tool" >/dev/null || missing+=("$tool"); done
command -v psql >/dev/null || missing+=(postgresql-client)
if ((${#missing[@]})); then
  log "installing ${missing[*]}"
  sudo=""
  ((EUID != 0)) && sudo=sudo
  $sudo apt-get install -y "${missing[@]}" >/dev/null 2>&1 ||
    { $sudo apt-get update >/dev/null && $sudo apt-get install -y "${missing[@]}" >/dev/null; } ||
    die "cannot install ${missing[*]}"
fi
if [[ ${BENCH_SKIP_BUILD:-0} != 1 ]]; then
  log "building the release binary and the helpers"
  (cd "$ROOT" && cargo build --release -p schoolbrug)
  (cd "$ROOT" && cargo build --release -p schoolbrug-tests \
    --bin bench-msg-seed --bin smtp-sink --bin bench-forward)
fi
for bin in schoolbrug bench-msg-seed smtp-sink bench-forward; do
  [[ -x $REL/$bin ]] || die "$REL/$bin is missing (run without BENCH_SKIP_BUILD)"
done

mkdir -p "$OUT"
rm -f "$OUT"/*.log "$OUT"/*.json "$OUT"/*.tsv "$OUT"/*.txt "$OUT"/*.md
WORK=$(mktemp -d "$OUT/work.XXXXXX")
: >"$OUT/figures.tsv"

record() { printf '%s\n' "$(IFS=$'\t'; echo "$*")" >>"$OUT/figures.tsv"; } # figure, value, settings
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN { printf "%.*f", d, v }'; }
cpu_seconds() { # user + system CPU of a live process, seconds
  awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); print ($12 + $13) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}
now_ns() { date +%s%N; }

# --- 2. the sink, the server, the workers ----------------------------------------------------
SINK_PORT=0
SINK_OUT=""
start_sink() { # $1 = name, then smtp-sink's extra flags; sets SINK_PID, SINK_PORT
  local name=$1 addr=""
  shift
  SINK_OUT="$OUT/sink-$name"
  "$REL/smtp-sink" --port "$SINK_PORT" --out "$SINK_OUT.tsv" --seconds 240 "$@" \
    >"$SINK_OUT.log" 2>&1 &
  SINK_PID=$!
  for _ in $(seq 1 100); do
    addr=$(grep -aom1 'listens on [0-9.:]*' "$SINK_OUT.log" | sed 's/.* //') || true
    [[ -n $addr ]] && break
    kill -0 "$SINK_PID" 2>/dev/null || { cat "$SINK_OUT.log" >&2; die "smtp-sink did not start"; }
    sleep 0.05
  done
  [[ -n $addr ]] || die "smtp-sink did not say where it listens"
  SINK_PORT=${addr##*:}
}
# Waits (up to $1 s) for the sink to end by itself; its summary line in SINK_SUMMARY.
SINK_SUMMARY=""
wait_sink() {
  local deadline=$(($(date +%s) + $1))
  while kill -0 "$SINK_PID" 2>/dev/null; do
    (($(date +%s) < deadline)) || die "smtp-sink did not get its mails within $1 s ($(sent_count) rows sent)"
    sleep 0.05
  done
  wait "$SINK_PID" 2>/dev/null || true
  SINK_PID=""
  SINK_SUMMARY=$(tail -1 "$SINK_OUT.log")
  jq -e .accepted <<<"$SINK_SUMMARY" >/dev/null 2>&1 || die "smtp-sink ended without its summary: $SINK_SUMMARY"
}
end_sink() { # SIGTERM, then as wait_sink
  kill -TERM "$SINK_PID" 2>/dev/null || true
  wait_sink 20
}

mail_env() { # $1 = idle poll in ms or "default"
  echo "SCHOOLBRUG_DATABASE_URL=$PG/$PG_DB"
  echo "SCHOOLBRUG_SMTP_URL=smtp://127.0.0.1:$SINK_PORT"
  echo "SCHOOLBRUG_MAIL_FROM=$MAIL_FROM"
  echo "SCHOOLBRUG_PUBLIC_URL=$PUBLIC_URL"
  [[ $1 == default ]] || echo "SCHOOLBRUG_FORWARD_POLL_MS=$1"
}

ADDR=""
# The server forwards nothing itself (SCHOOLBRUG_SERVE_FORWARDING=false), so that only the
# `schoolbrug worker` processes under test send; with $1 = forwarding, its own worker runs
# (woken in-process by every delivery) and no other.
start_server() {
  local envs=() forwarding=false log="$OUT/server.log"
  [[ ${1:-} == forwarding ]] && { forwarding=true; log="$OUT/server-forwarding.log"; }
  mapfile -t envs < <(mail_env default)
  env -u RUST_LOG -u SCHOOLBRUG_FORWARD_POLL_MS "${envs[@]}" SCHOOLBRUG_SERVE_FORWARDING=$forwarding \
    "$REL/schoolbrug" serve --listen 127.0.0.1:0 >"$log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 300); do
    ADDR=$(grep -aom1 'listens on http://[0-9.:]*' "$log" | sed 's#.*http://##') || true
    [[ -n $ADDR ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log" >&2; die "the server did not start"; }
    sleep 0.1
  done
  [[ -n $ADDR ]] || die "the server did not say where it listens"
  curl -fsS --max-time 5 "http://$ADDR/readyz" >/dev/null || die "the server is not ready"
}

start_worker() { # $1 = log name, $2 = idle poll; appends to WORKER_PIDS
  local logfile="$OUT/worker-$1.log" envs=() pid
  mapfile -t envs < <(mail_env "$2")
  env -u RUST_LOG -u SCHOOLBRUG_FORWARD_POLL_MS "${envs[@]}" \
    "$REL/schoolbrug" worker >"$logfile" 2>&1 &
  pid=$!
  WORKER_PIDS+=("$pid")
}
wait_workers_up() { # every worker of WORKER_PIDS has said it runs (its log names)
  local name
  for name in "$@"; do
    for _ in $(seq 1 200); do
      grep -aq 'Schoolbrug worker forwards' "$OUT/worker-$name.log" && break
      sleep 0.05
    done
    grep -aq 'Schoolbrug worker forwards' "$OUT/worker-$name.log" ||
      { cat "$OUT/worker-$name.log" >&2; die "worker $name did not start"; }
  done
}

# --- 3. the school: API for the people who sign in, SQL for the rest --------------------------
api() { # method path expected-status [bearer] [json body]; prints the answer
  local method=$1 path=$2 expected=$3 bearer=${4:-} body=${5:-} args=() out status
  args=(-sS --max-time 60 -X "$method" -o "$WORK/api.out" -w '%{http_code}')
  [[ -n $bearer ]] && args+=(-H "authorization: Bearer $bearer")
  [[ -n $body ]] && args+=(-H 'content-type: application/json' -d "$body")
  status=$(curl "${args[@]}" "http://$ADDR$path") || die "$method $path: curl failed"
  out=$(cat "$WORK/api.out")
  [[ $status == "$expected" ]] || die "$method $path: expected $expected, got $status: $out"
  printf '%s' "$out"
}
waiting_count() { psql_db -Atc "SELECT count(*) FROM outbox WHERE status = 'waiting'"; }
sent_count() { psql_db -Atc "SELECT count(*) FROM outbox WHERE status = 'sent'" 2>/dev/null || echo '?'; }

TEACHER_TOKEN=""
setup() {
  local dir="$WORK/seed" school_id code admin teacher issued
  mkdir -p "$dir"
  PG_DB="sb_fwdbench_$$_$(date +%s)"
  psql_admin -qc "CREATE DATABASE $PG_DB" >/dev/null
  "$REL/schoolbrug" school create --slug "$SCHOOL_SLUG" --name Bench --admin "$ADMIN" --json \
    --database-url "$PG/$PG_DB" >"$dir/school.json" 2>"$OUT/school-create.log"
  school_id=$(jq -r .school_id "$dir/school.json")
  code=$(jq -r .code "$dir/school.json")
  "$REL/bench-msg-seed" --dialect postgres --school "$school_id" --pupils "$PARENTS" \
    --group-pupils 1 --out "$dir" 2>>"$OUT/seed.log"
  psql_db -q -f "$dir/seed.sql" >>"$OUT/seed.log"
  # Every co-account forwards to a confirmed address (what the confirmation link leads to).
  psql_db -q -v "school=$school_id" >>"$OUT/seed.log" <<'SQL'
INSERT INTO notification_settings (school_id, account_id, forward_email,
    forward_email_confirmed, forward_messages, notify_news, push)
SELECT :'school', id, username || '@thuis.example', true, true, false, false
FROM accounts WHERE school_id = :'school' AND kind = 'co';
VACUUM ANALYZE;
SQL
  for i in $(seq 1 100); do co_account_id "$i"; echo; done >"$WORK/recipients.txt"

  # Sink first (the server's mailer points at its port), then the server.
  start_sink setup
  start_server
  api POST /api/v1/password-reset 204 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$ADMIN\",\"code\":\"$code\",\"new\":\"$PASSWORD\",\"repeat\":\"$PASSWORD\"}" >/dev/null
  admin=$(api POST /api/v1/session 201 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$ADMIN\",\"password\":\"$PASSWORD\"}" | jq -r .token)
  teacher=$(api POST /api/v1/admin/accounts 201 "$admin" \
    "{\"username\":\"$TEACHER\",\"first_name\":\"Bench\",\"last_name\":\"Leerkracht\",\"roles\":[\"teacher\"]}" | jq -r .id)
  issued=$(api POST "/api/v1/admin/accounts/$teacher/reset-code" 201 "$admin" | jq -r .code)
  api POST /api/v1/password-reset 204 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$TEACHER\",\"code\":\"$issued\",\"new\":\"$PASSWORD\",\"repeat\":\"$PASSWORD\"}" >/dev/null
  TEACHER_TOKEN=$(api POST /api/v1/session 201 "" \
    "{\"school\":\"$SCHOOL_SLUG\",\"username\":\"$TEACHER\",\"password\":\"$PASSWORD\"}" | jq -r .token)
  end_sink
}

# ROWS waiting rows: ROWS / PARENTS messages to the parents of the class of every pupil.
fill_outbox() { # $1 = run name
  local n=$((ROWS / PARENTS)) i t0 t1
  t0=$(now_ns)
  for i in $(seq 1 "$n"); do
    api POST /api/v1/messages 201 "$TEACHER_TOKEN" \
      "{\"subject\":\"Nieuwsbrief $1 $i\",\"body\":\"Beste ouders,\\n\\nVolgende week is er geen zwemles. De turnles gaat wel door.\\n\\nMet vriendelijke groeten,\\nde school\",\"to\":[{\"group\":\"$GROUP_ALL\",\"audience\":\"co_accounts\"}]}" >/dev/null
  done
  t1=$(now_ns)
  local waiting
  waiting=$(waiting_count)
  [[ $waiting == "$ROWS" ]] || die "expected $ROWS waiting rows, found $waiting"
  say "outbox: $waiting rows waiting ($n messages to $PARENTS forwarding parents, $(fmt "$(((t1 - t0) / 1000000))" 0) ms through the API)"
}

# Rows updated in the outbox so far, and how many of them as HOT updates: "upd|hot".
outbox_updates() {
  psql_db -Atc "SELECT n_tup_upd || '|' || n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'outbox'"
}

# The CPU (s) of the PostgreSQL backends serving the connections of the given processes
# (matched by client port: ss, then pg_stat_activity).
backend_cpu() {
  local pids_re ports total=0 pid
  pids_re=$(IFS='|'; echo "$*")
  ports=$(ss -Htnp state established '( dport = :'"$PG_PORT"' )' 2>/dev/null |
    grep -E "pid=($pids_re)," | awk '{ n = split($3, a, ":"); print a[n] }' | paste -sd, -)
  [[ -n $ports ]] || { echo 0; return; }
  for pid in $(psql_db -Atc "SELECT pid FROM pg_stat_activity WHERE datname = current_database()
                               AND client_port IN ($ports)"); do
    total=$(awk -v t="$total" -v c="$(cpu_seconds "$pid")" 'BEGIN { print t + c }')
  done
  echo "$total"
}

# --- 4. throughput --------------------------------------------------------------------------
throughput() { # $1 = number of workers
  local workers=$1 name="x$1" t0 summary label="$1 workers" first last accepted unique rate_ff rate_launch
  local wcpu=0 pgcpu names=() i pid batches
  ((workers == 1)) && label="1 worker"
  log "throughput, $label: $ROWS rows, batch 50 (default), idle poll ${THROUGHPUT_POLL} ms"
  fill_outbox "$name"
  local upd0 upd1
  upd0=$(outbox_updates)
  start_sink "$name" --expect "$ROWS"
  t0=$(now_ns)
  for i in $(seq 1 "$workers"); do
    start_worker "$name-$i" "$THROUGHPUT_POLL"
    names+=("$name-$i")
  done
  wait_workers_up "${names[@]}"
  wait_sink 180
  summary=$SINK_SUMMARY
  for pid in "${WORKER_PIDS[@]}"; do
    wcpu=$(awk -v t="$wcpu" -v c="$(cpu_seconds "$pid")" 'BEGIN { print t + c }')
  done
  pgcpu=$(backend_cpu "${WORKER_PIDS[@]}")
  stop_workers
  sleep 0.5 # the backends flushed their statistics when they ended
  upd1=$(outbox_updates)
  echo "$summary" >"$OUT/throughput-$name.json"
  first=$(jq -r .first_ns <<<"$summary")
  last=$(jq -r .last_ns <<<"$summary")
  accepted=$(jq -r .accepted <<<"$summary")
  unique=$(jq -r .unique <<<"$summary")
  [[ $accepted == "$ROWS" && $unique == "$ROWS" ]] ||
    die "the sink accepted $accepted mails ($unique distinct), expected $ROWS"
  local left=""
  for _ in $(seq 1 50); do
    left=$(waiting_count)
    [[ $left == 0 ]] && break
    sleep 0.1
  done
  [[ $left == 0 ]] || die "$left rows still waiting after the sink got them all"
  rate_ff=$(awk -v n="$ROWS" -v a="$first" -v b="$last" 'BEGIN { printf "%.1f", (n - 1) / ((b - a) / 1e9) }')
  rate_launch=$(awk -v n="$ROWS" -v a="$t0" -v b="$last" 'BEGIN { printf "%.1f", n / ((b - a) / 1e9) }')
  batches=$(cat "$OUT"/worker-"$name"-*.log | grep -ac 'forwarded a batch' || true)
  say "accepted $accepted mails, none twice, over $(jq -r .connections <<<"$summary") SMTP connection(s); SMTP commands: $(jq -c .commands <<<"$summary")"
  say "first → last mail: $rate_ff mails/s; from the launch of the worker(s): $rate_launch mails/s (first mail $(awk -v a="$t0" -v b="$first" 'BEGIN { printf "%.0f", (b - a) / 1e6 }') ms after the launch)"
  awk -v a="$upd0" -v b="$upd1" -v n="$ROWS" 'BEGIN { split(a, x, "|"); split(b, y, "|")
    printf "outbox updates per mail: %.2f, of which HOT (no index touched): %.2f\n", (y[1] - x[1]) / n, (y[2] - x[2]) / n }' >&2
  say "per mail, on its SMTP connection: between the previous mail's acceptance and the next command (recording, reading the next copy, rendering; a claim every 50) p50 $(jq -r .between_mails.p50_ms <<<"$summary") ms, p90 $(jq -r .between_mails.p90_ms <<<"$summary") ms; the SMTP exchange (NOOP, MAIL, RCPT, DATA, data) p50 $(jq -r .exchange.p50_ms <<<"$summary") ms, p90 $(jq -r .exchange.p90_ms <<<"$summary") ms"
  say "CPU per mail: worker(s) $(awk -v c="$wcpu" -v n="$ROWS" 'BEGIN { printf "%.2f", c * 1e3 / n }') ms, their PostgreSQL backends $(awk -v c="$pgcpu" -v n="$ROWS" 'BEGIN { printf "%.2f", c * 1e3 / n }') ms, sink $(jq -r '.cpu_ms' <<<"$summary" | awk -v n="$ROWS" '{ printf "%.2f", $1 / n }') ms; $batches batches logged"
  record "Mails/s, $label" "$rate_ff /s" \
    "$ROWS waiting rows; first to last acceptance ($rate_launch /s from the launch); batch 50, idle poll ${THROUGHPUT_POLL} ms; per mail: CPU worker $(awk -v c="$wcpu" -v n="$ROWS" 'BEGIN { printf "%.2f", c * 1e3 / n }') ms, PostgreSQL $(awk -v c="$pgcpu" -v n="$ROWS" 'BEGIN { printf "%.2f", c * 1e3 / n }') ms, sink $(jq -r '.cpu_ms' <<<"$summary" | awk -v n="$ROWS" '{ printf "%.2f", $1 / n }') ms; p50 between mails $(jq -r .between_mails.p50_ms <<<"$summary") ms, SMTP exchange $(jq -r .exchange.p50_ms <<<"$summary") ms (per connection)"
}

# --- 5. latency -------------------------------------------------------------------------------
latency() { # $1 = idle poll of a `schoolbrug worker` (ms or "default"), or "serve"
  local poll=$1 name="poll-$1" load summary result poll_label wcpu pgcpu waiting who="1 worker"
  poll_label="idle poll $poll ms"
  [[ $poll == default ]] && poll_label="idle poll 2000 ms (the default)"
  if [[ $poll == serve ]]; then
    name="serve"
    poll_label="serve's own worker, woken by each delivery"
    who="serve's worker"
  fi
  log "latency: $poll_label, $RATE messages/s for $LOAD_SECONDS s, each to one of 100 forwarding parents"
  start_sink "$name"
  if [[ $poll == serve ]]; then
    # The same database and sessions; the server now forwards itself.
    stop_pid "$SERVER_PID"
    start_server forwarding
    WORKER_PIDS=("$SERVER_PID")
  else
    start_worker "$name" "$poll"
    wait_workers_up "$name"
  fi
  sleep 0.5
  load=$(timeout $((LOAD_SECONDS + 40)) "$REL/bench-forward" send --addr "$ADDR" \
    --token "$TEACHER_TOKEN" --recipients "$WORK/recipients.txt" --rate "$RATE" \
    --seconds "$LOAD_SECONDS" --out "$OUT/sent-$name.tsv" 2>"$OUT/load-$name.err") ||
    { cat "$OUT/load-$name.err" >&2; die "bench-forward send failed"; }
  echo "$load" >"$OUT/load-$name.json"
  [[ $(jq -r .errors <<<"$load") == 0 ]] || die "bench-forward: failed sends: $load"
  say "load: $(jq -c . <<<"$load")"
  for _ in $(seq 1 300); do
    waiting=$(waiting_count)
    [[ $waiting == 0 ]] && break
    sleep 0.1
  done
  [[ $waiting == 0 ]] || die "$waiting rows still waiting 30 s after the load"
  sleep 0.3
  wcpu=$(cpu_seconds "${WORKER_PIDS[0]}")
  pgcpu=$(backend_cpu "${WORKER_PIDS[@]}")
  end_sink
  summary=$SINK_SUMMARY
  if [[ $poll == serve ]]; then WORKER_PIDS=(); else stop_workers; fi
  psql_db -AtF $'\t' -c "SELECT id, message_id FROM outbox" >"$OUT/outbox-$name.tsv"
  result=$("$REL/bench-forward" latency --sent "$OUT/sent-$name.tsv" \
    --accepted "$SINK_OUT.tsv" --outbox "$OUT/outbox-$name.tsv")
  echo "$result" >"$OUT/latency-$name.json"
  say "sink: $(jq -c '{accepted, unique, connections, cpu_ms, commands}' <<<"$summary")"
  say "commit → accepted: $(jq -c . <<<"$result")"
  say "CPU: $who $(fmt "$wcpu" 2) s$([[ $poll == serve ]] && echo " (the whole server, the API's requests included)"), its PostgreSQL backends $(fmt "$pgcpu" 2) s"
  [[ $(jq -r .missing <<<"$result") == 0 && $(jq -r .duplicates <<<"$result") == 0 ]] ||
    die "latency: mails missing or twice: $result"
  record "Commit → accepted p50 / p99, $poll_label" \
    "$(jq -r .p50_ms <<<"$result") / $(jq -r .p99_ms <<<"$result") ms" \
    "$who, batch 50; $(jq -r .created <<<"$load") messages at $(jq -r .rate <<<"$load")/s (target $RATE/s) for $LOAD_SECONDS s, one recipient each; p90 $(jq -r .p90_ms <<<"$result") ms, min $(jq -r .min_ms <<<"$result") ms, max $(jq -r .max_ms <<<"$result") ms; POST p50 / p99 $(jq -r .http_p50_ms <<<"$load") / $(jq -r .http_p99_ms <<<"$load") ms"
}

START=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "setup: a school of $PARENTS pupils with one forwarding co-account each (SQL), admin and teacher through the API"
setup
for w in $WORKER_COUNTS; do throughput "$w"; done
for p in $POLLS; do latency "$p"; done
stop_pid "$SERVER_PID"
SERVER_PID=""
ELAPSED=$(($(date +%s) - START))

# --- 6. summary -----------------------------------------------------------------------------
{
  echo "# Schoolbrug forwarding benchmark"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); run took ${ELAPSED} s."
  echo "Commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' + local changes'); PostgreSQL, release binary, \`schoolbrug worker\` processes; the SMTP sink, the server, the workers and PostgreSQL share the cores."
  echo
  echo "| figure | value | settings |"
  echo "|---|---|---|"
  while IFS=$'\t' read -r figure value settings; do
    printf '| %s | %s | %s |\n' "$figure" "$value" "$settings"
  done <"$OUT/figures.tsv"
} >"$SUMMARY"
echo
cat "$SUMMARY"
echo
echo "written to ${SUMMARY#"$ROOT"/} (raw outputs in ${OUT#"$ROOT"/}/)"
