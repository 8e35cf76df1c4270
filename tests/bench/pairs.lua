-- wrk script: GET requests with `Authorization: Bearer <token>`, one per line of a file.
--   BENCH_PAIRS        file with lines "TOKEN PATH" (one space)
--   BENCH_WRK_THREADS  wrk's -t (how the lines are shared out)
-- Thread t of n sends lines t+1, t+1+n, t+1+2n, …: every line once, in order, before any
-- line comes again. When the requests change something the first time only (opening a
-- message sets its read receipt), `wrapped` in the result tells whether the run came back
-- to lines already sent. Prints one line "BENCH {json}" at the end; `ok` counts 2xx
-- answers, `non_2xx` the others (and their statuses, the first few).

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  for line in io.lines(os.getenv("BENCH_PAIRS")) do
    local token, path = line:match("^(%S+) (%S+)$")
    if token then
      reqs[#reqs + 1] = wrk.format("GET", path, {
        ["Authorization"] = "Bearer " .. token,
        ["Accept"] = "application/json",
      })
    end
  end
  stride = tonumber(os.getenv("BENCH_WRK_THREADS") or "1")
  nextline = tid or 0
  lines = #reqs
  ok = 0
  other = 0
  statuses = ""
end

function request()
  local r = reqs[(nextline % #reqs) + 1]
  nextline = nextline + stride
  return r
end

function response(status, headers, body)
  if status >= 200 and status < 300 then
    ok = ok + 1
  else
    other = other + 1
    if #statuses < 100 then statuses = statuses .. status .. " " end
  end
end

function done(summary, latency, requests)
  local good, bad, seen, wrapped, lines = 0, 0, "", false, 0
  for _, t in ipairs(threads) do
    good = good + t:get("ok")
    bad = bad + t:get("other")
    seen = seen .. t:get("statuses")
    lines = t:get("lines")
    -- the last line this thread asked for (sent, perhaps still unanswered at the end)
    if t:get("nextline") - t:get("stride") >= lines then wrapped = true end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"ok":%d,"non_2xx":%d,"statuses":"%s",' ..
    '"socket_errors":%d,"lines":%d,"wrapped":%s,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration, good, bad, seen,
    e.connect + e.read + e.write + e.timeout, lines, tostring(wrapped),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
