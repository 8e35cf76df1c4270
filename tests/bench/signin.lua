-- wrk script: POST /api/v1/session (sign-in), rotating over the seeded pupils.
--   BENCH_USERNAMES  file with one username per line (written by bench-seed)
--   BENCH_PASSWORD   their password
--   BENCH_SCHOOL     the school's slug
-- At the end prints one line "BENCH {json}" with the counts and latencies; `created`
-- counts 201 answers only (a sign-in that succeeded), `other` every other status.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  users = {}
  for line in io.lines(os.getenv("BENCH_USERNAMES")) do
    if #line > 0 then users[#users + 1] = line end
  end
  password = os.getenv("BENCH_PASSWORD")
  school = os.getenv("BENCH_SCHOOL") or "bench"
  -- each thread starts elsewhere in the list
  counter = (tid or 0) * 37
  created = 0
  other = 0
  statuses = ""
end

function request()
  counter = counter + 1
  local user = users[(counter % #users) + 1]
  local body = string.format('{"school":"%s","username":"%s","password":"%s"}',
                             school, user, password)
  return wrk.format("POST", "/api/v1/session",
                    { ["Content-Type"] = "application/json" }, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    other = other + 1
    if #statuses < 200 then statuses = statuses .. status .. " " end
  end
end

function done(summary, latency, requests)
  local ok, bad, seen = 0, 0, ""
  for _, t in ipairs(threads) do
    ok = ok + t:get("created")
    bad = bad + t:get("other")
    seen = seen .. t:get("statuses")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"created":%d,"other":%d,"other_statuses":"%s",' ..
    '"socket_errors":%d,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration, ok, bad, seen,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
