-- etcd v3 (JSON gRPC gateway) GET of existing keys: POST /v3/kv/range {"key":b64("bench/get/<i>")},
-- i uniform in [0, BENCH_KEYS). etcd answers 200 even for a missing key (no "kvs"): counted as bad body.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local bodies = {}
local headers
-- BENCH_ETCD_SERIALIZABLE=1: serializable (local, no ReadIndex) reads instead of etcd's default
-- linearizable ones.
local extra = (os.getenv("BENCH_ETCD_SERIALIZABLE") == "1") and ',"serializable":true' or ""

function init(args)
  math.randomseed(tid * 7919 + 17)
  headers = { ["Content-Type"] = "application/json" }
  for i = 0, bench.keys - 1 do
    bodies[i] = '{"key":"' .. bench.b64("bench/get/" .. i) .. '"' .. extra .. '}'
  end
end

function request()
  return wrk.format("POST", "/v3/kv/range", headers, bodies[math.random(0, bench.keys - 1)])
end

function response(status, hdrs, resp)
  bench.count(status)
  if status >= 200 and status < 300 and not (resp and resp:find("\"kvs\"", 1, true)) then
    badbody = badbody + 1
  end
end
