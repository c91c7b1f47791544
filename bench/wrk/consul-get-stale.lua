-- Consul KV GET of existing keys with ?stale (any server answers from its own state, no round with
-- the leader): GET /v1/kv/bench/get/<i>?stale, i uniform in [0, BENCH_KEYS). Used by
-- bench/kv-cluster.sh on a follower beside etcd's serializable range; otherwise as consul-get.lua.
local dir = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(dir .. "common.lua")

local paths = {}

function init(args)
  math.randomseed(tid * 7919 + 17)
  for i = 0, bench.keys - 1 do paths[i] = "/v1/kv/bench/get/" .. i .. "?stale" end
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
