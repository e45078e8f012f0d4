-- wrk script of the benches (bench/support/wrk-load.ts): every request a POST attempt with a unique
-- Idempotency-Key and a token taken round-robin from a file, or a plain GET; counts answers by status per
-- thread and prints one JSON line (prefixed "WRK_SUMMARY ") when the run is done.
-- Arguments (after --): <mode: attempt|get> <tokens file> <key prefix> <sends per key> <paths file or ->
-- WRK_MEAN_DELAY_MS (environment), when set: an offered rate. Each connection waits a random time, of
-- that mean (exponential: Poisson arrivals), before each request, so the load is paced, not closed-loop.
-- It is read here, at load, because wrk checks whether delay() exists before init() runs; a closed-loop
-- run must not have one (wrk then sets a timer per request).
local threads = {}
local counter = 1

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

local function lines(file)
  local out = {}
  if file == nil or file == "-" then return out end
  for line in io.lines(file) do
    if line ~= "" then table.insert(out, line) end
  end
  return out
end

local mode, tokens, prefix, sendsPerKey, paths
local n = 0
statuses = {}

function init(args)
  mode = args[1] or "get"
  tokens = lines(args[2])
  prefix = (args[3] or "wrk-") .. id .. "-"
  sendsPerKey = tonumber(args[4] or "1")
  paths = lines(args[5])
  wrk.headers["Content-Type"] = "application/json"
end

local meanDelayMs = tonumber(os.getenv("WRK_MEAN_DELAY_MS") or "")
if meanDelayMs then
  function delay()
    return -math.log(1 - math.random()) * meanDelayMs
  end
end

function request()
  if mode ~= "attempt" then return wrk.format("GET", wrk.path) end
  local k = math.floor(n / sendsPerKey)
  n = n + 1
  local headers = {
    ["Authorization"] = "Bearer " .. tokens[(k % #tokens) + 1],
    ["Idempotency-Key"] = prefix .. k,
    ["Content-Type"] = "application/json",
  }
  local path = wrk.path
  if #paths > 0 then path = paths[(k % #paths) + 1] end
  return wrk.format("POST", path, headers, '{"quantity":1}')
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for status, count in pairs(s) do
      counts[tostring(status)] = (counts[tostring(status)] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(counts) do table.insert(parts, string.format('"%s":%d', status, count)) end
  local e = summary.errors
  io.write(string.format(
    'WRK_SUMMARY {"requests":%d,"durationUs":%d,"latencyUs":{"mean":%.1f,"p50":%d,"p99":%d,"max":%d},' ..
    '"errors":%d,"timeouts":%d,"statuses":{%s}}\n',
    summary.requests, summary.duration, latency.mean, latency:percentile(50), latency:percentile(99), latency.max,
    e.connect + e.read + e.write, e.timeout, table.concat(parts, ",")))
end
