-- etcd v3 (JSON gRPC gateway) PUT with unique keys: POST /v3/kv/put {"key":b64,"value":b64},
-- key bench/put/<tag>/<thread>/<n>, value BENCH_VALUE_LEN bytes (default 256) before base64.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local n = 0
local prefix, tail, headers

function init(args)
  prefix = "bench/put/" .. bench.tag .. "/" .. tid .. "/"
  tail = '","value":"' .. bench.b64(bench.value(bench.value_len)) .. '"}'
  headers = { ["Content-Type"] = "application/json" }
end

function request()
  n = n + 1
  return wrk.format("POST", "/v3/kv/put", headers, '{"key":"' .. bench.b64(prefix .. n) .. tail)
end

function response(status, hdrs, resp)
  bench.count(status)
  if status >= 200 and status < 300 and not (resp and resp:find("\"header\"", 1, true)) then
    badbody = badbody + 1
  end
end
