-- wrk script: GET /api/v1/me with `Authorization: Bearer <token>`, rotating over the
-- seeded sessions' tokens (BENCH_TOKENS: a file with one token per line). At the end
-- prints one line "BENCH {json}"; `non_2xx` should be 0 (anything else means refused
-- or failed requests, which then do not count as throughput).

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  reqs = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do
    if #line > 0 then
      reqs[#reqs + 1] = wrk.format("GET", "/api/v1/me", {
        ["Authorization"] = "Bearer " .. line,
        ["Accept"] = "application/json",
      })
    end
  end
  counter = (tid or 0) * 37
end

function request()
  counter = counter + 1
  return reqs[(counter % #reqs) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"non_2xx":%d,"socket_errors":%d,' ..
    '"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration, e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
