-- wrk script for every load run of bench/run. Configured by environment variables:
--   BENCH_MIX     weights of request kinds, e.g. "list:45,detail:45,write:10" (kinds: get, list,
--                 detail, write, ticket; `get` and `list` request BENCH_PATH)
--   BENCH_PATH    the path of `get`/`list` requests
--   BENCH_DETAIL  detail path with "{id}" in it;  BENCH_IDS  comma-separated ids to rotate over
--   BENCH_WRITE   write path with "{id}" in it (PUT, JSON body: one indicator upsert)
--   BENCH_YEAR    the year whose months writes touch
--   BENCH_TICKET  path of `ticket` requests (POST, JSON body: a phoned-in ticket about one of
--                 BENCH_IDS, each with its own title)
--   BENCH_COOKIE  Cookie header;  BENCH_OUT  file the summary is written to (JSON)

local function env(name, default)
  local v = os.getenv(name)
  if v == nil or v == "" then return default end
  return v
end

local mix, total = {}, 0
local path = env("BENCH_PATH", "/")
local detail = env("BENCH_DETAIL", "")
local write = env("BENCH_WRITE", "")
local ticket = env("BENCH_TICKET", "/api/v1/tickets")
local year = tonumber(env("BENCH_YEAR", "2021"))
local ids = {}
local headers = {}
local fixed, details = nil, {}

function init(args)
  local cookie = env("BENCH_COOKIE", "")
  if cookie ~= "" then headers["Cookie"] = cookie end
  for kind, w in string.gmatch(env("BENCH_MIX", "get:100"), "(%a+):(%d+)") do
    total = total + tonumber(w)
    table.insert(mix, { kind = kind, upto = total })
  end
  for id in string.gmatch(env("BENCH_IDS", ""), "(%d+)") do table.insert(ids, id) end
  fixed = wrk.format("GET", path, headers)
  for i, id in ipairs(ids) do
    details[i] = wrk.format("GET", (string.gsub(detail, "{id}", id)), headers)
  end
  math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%x+)"), 16) or 0) % 100000)
end

local function write_request()
  local id = ids[math.random(#ids)]
  local period = year * 100 + math.random(12)
  local value = math.random(1000, 99999) / 100
  local body = string.format('{"items":[{"metric":"energy","period":%d,"value":%.2f}]}', period, value)
  local h = { ["Content-Type"] = "application/json" }
  for k, v in pairs(headers) do h[k] = v end
  return wrk.format("PUT", (string.gsub(write, "{id}", id)), h, body)
end

local seq = 0
local function ticket_request()
  seq = seq + 1
  local id = ids[math.random(#ids)]
  local body = string.format(
    '{"channel":"phone","category":"other","priority":"normal","title":"压测来电 %d-%d",' ..
    '"detail":"企业来电反映的问题（压测）","enterprise_id":%s,"contact_name":"压测","contact_phone":"0514-87654321"}',
    seq, math.random(1000000), id)
  local h = { ["Content-Type"] = "application/json" }
  for k, v in pairs(headers) do h[k] = v end
  return wrk.format("POST", ticket, h, body)
end

function request()
  local r = math.random(total)
  for _, m in ipairs(mix) do
    if r <= m.upto then
      if m.kind == "detail" then return details[math.random(#details)] end
      if m.kind == "write" then return write_request() end
      if m.kind == "ticket" then return ticket_request() end
      return fixed
    end
  end
  return fixed
end

function done(summary, latency, requests)
  local e = summary.errors
  local secs = summary.duration / 1e6
  local out = string.format(
    '{"requests":%d,"secs":%.3f,"rps":%.1f,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"lat_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p95":%.3f,"p99":%.3f,"max":%.3f}}',
    summary.requests, secs, summary.requests / secs, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency.mean / 1000, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000)
  local f = io.open(env("BENCH_OUT", "/dev/stdout"), "w")
  f:write(out, "\n")
  f:close()
end
