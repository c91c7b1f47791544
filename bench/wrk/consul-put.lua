-- Consul KV PUT with unique keys: PUT /v1/kv/bench/put/<tag>/<thread>/<n>, body = value
-- (BENCH_VALUE_LEN bytes, default 256). Consul answers 200 `true`; anything else is counted.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local n = 0
local prefix, body, headers

function init(args)
  prefix = "/v1/kv/bench/put/" .. bench.tag .. "/" .. tid .. "/"
  body = bench.value(bench.value_len)
  headers = { ["Content-Type"] = "application/octet-stream" }
end

function request()
  n = n + 1
  return wrk.format("PUT", prefix .. n, headers, body)
end

function response(status, hdrs, resp)
  bench.count(status)
  if status >= 200 and status < 300 and not (resp and resp:find("^%s*true")) then
    badbody = badbody + 1
  end
end
