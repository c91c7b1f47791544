-- Consul KV GET of existing keys: GET /v1/kv/bench/get/<i>, i uniform in [0, BENCH_KEYS).
-- The keys are written before the run by bench/lib/prepop.py. A 404 (missing key) is an error.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local paths = {}

function init(args)
  math.randomseed(tid * 7919 + 17)
  for i = 0, bench.keys - 1 do paths[i] = "/v1/kv/bench/get/" .. i end
end

function request()
  return wrk.format("GET", paths[math.random(0, bench.keys - 1)])
end

function response(status, hdrs, resp)
  bench.count(status)
  if status >= 200 and status < 300 and not (resp and resp:find("\"Value\"", 1, true)) then
    badbody = badbody + 1
  end
end
