-- wrk script: a flood of wrong sign-ins (POST /api/v1/session), as a botnet spraying
-- passwords would send them: every request a made-up username and a wrong password, from
-- an address of its own (X-Forwarded-For, read because the server trusts 127.0.0.1 as its
-- proxy), so that no throttle key stops it and every request costs the server a hash.
--   BENCH_SCHOOL     the school's slug
-- At the end prints one line "BENCH {json}": the answers by status (401: hashed and
-- refused; 429: throttled; 503: shed), and the latencies.

local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

function init(args)
  school = os.getenv("BENCH_SCHOOL") or "bench"
  counter = (tid or 0) * 1000003
  unauthorized = 0
  throttled = 0
  shed = 0
  other = 0
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"school":"%s","username":"spray.%d","password":"verkeerd wachtwoord %d"}',
    school, counter, counter)
  local n = counter % 16777216
  -- LuaJIT (wrk's Lua) has no bit operators: the three low bytes by division.
  local address = string.format("10.%d.%d.%d",
                                math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
  return wrk.format("POST", "/api/v1/session",
                    { ["Content-Type"] = "application/json", ["X-Forwarded-For"] = address },
                    body)
end

function response(status, headers, body)
  if status == 401 then
    unauthorized = unauthorized + 1
  elseif status == 429 then
    throttled = throttled + 1
  elseif status == 503 then
    shed = shed + 1
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local u, t, s, o = 0, 0, 0, 0
  for _, th in ipairs(threads) do
    u = u + th:get("unauthorized")
    t = t + th:get("throttled")
    s = s + th:get("shed")
    o = o + th:get("other")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH {"requests":%d,"duration_us":%d,"unauthorized":%d,"throttled":%d,"shed":%d,' ..
    '"other":%d,"socket_errors":%d,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.requests, summary.duration, u, t, s, o,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
