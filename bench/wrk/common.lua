-- Shared helpers for the bench/wrk/*.lua scripts (loaded with dofile by each script).
--
-- Every script gets:
--   * a per-thread id (tid) assigned in setup(), so generated keys are unique per thread;
--   * per-thread counters of HTTP status codes and of "bad bodies" (a 2xx whose body is not
--     what the API promises, e.g. a Consul PUT that did not answer `true`);
--   * a done() that prints one machine-readable RESULT line (parsed by bench/kv-load.sh) with
--     req/s, latency percentiles (microseconds) and every error class wrk knows about.
--
-- Environment (read in each thread):
--   BENCH_TAG       distinguishes runs/points so PUT keys never repeat (default "t")
--   BENCH_KEYS      number of pre-populated keys for the GET scripts (default 1000)
--   BENCH_VALUE_LEN value size in bytes for the PUT scripts (default 256)

bench = {}

bench.tag = os.getenv("BENCH_TAG") or "t"
bench.keys = tonumber(os.getenv("BENCH_KEYS") or "1000")
bench.value_len = tonumber(os.getenv("BENCH_VALUE_LEN") or "256")

-- Deterministic printable value of the requested length (the pre-population helper uses the same).
function bench.value(n)
  local pat = "0123456789abcdef"
  local s = string.rep(pat, math.floor(n / #pat) + 1)
  return string.sub(s, 1, n)
end

-- Plain base64 (etcd's JSON gateway wants keys and values base64-encoded).
local b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local b64 = {}
for i = 1, 64 do b64[i - 1] = string.sub(b64chars, i, i) end
function bench.b64(s)
  local out, n = {}, #s
  local i = 1
  while i <= n - 2 do
    local a, b, c = string.byte(s, i, i + 2)
    local v = a * 65536 + b * 256 + c
    out[#out + 1] = b64[math.floor(v / 262144) % 64] .. b64[math.floor(v / 4096) % 64]
                 .. b64[math.floor(v / 64) % 64] .. b64[v % 64]
    i = i + 3
  end
  local rest = n - i + 1
  if rest == 1 then
    local v = string.byte(s, i) * 65536
    out[#out + 1] = b64[math.floor(v / 262144) % 64] .. b64[math.floor(v / 4096) % 64] .. "=="
  elseif rest == 2 then
    local a, b = string.byte(s, i, i + 1)
    local v = a * 65536 + b * 256
    out[#out + 1] = b64[math.floor(v / 262144) % 64] .. b64[math.floor(v / 4096) % 64]
                 .. b64[math.floor(v / 64) % 64] .. "="
  end
  return table.concat(out)
end

-- ---- per-thread state ----------------------------------------------------------------------
codes = {}     -- status code -> count (thread-local, collected in done())
badbody = 0    -- 2xx answers whose body failed the script's check
tid = tid or 0 -- set by setup() through thread:set before init() runs

local function count(status)
  codes[status] = (codes[status] or 0) + 1
end
bench.count = count

-- ---- main-state hooks -------------------------------------------------------------------------
local threads = {}
local nthreads = 0
function setup(thread)
  nthreads = nthreads + 1
  thread:set("tid", nthreads)
  threads[#threads + 1] = thread
end

function done(summary, latency, requests)
  local all, bad = {}, 0
  for _, t in ipairs(threads) do
    local c = t:get("codes")
    if c then
      for k, v in pairs(c) do all[k] = (all[k] or 0) + v end
    end
    bad = bad + (t:get("badbody") or 0)
  end
  local keys = {}
  for k in pairs(all) do keys[#keys + 1] = k end
  table.sort(keys)
  local parts, non2xx = {}, 0
  for _, k in ipairs(keys) do
    parts[#parts + 1] = k .. ":" .. all[k]
    if k < 200 or k > 299 then non2xx = non2xx + all[k] end
  end
  local e = summary.errors
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d duration_s=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d mean_us=%.0f "
    .. "connect=%d read=%d write=%d timeout=%d status_ge400=%d non2xx=%d badbody=%d codes=%s\n",
    summary.requests, secs, summary.requests / secs,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.timeout, e.status, non2xx, bad,
    (#parts > 0) and table.concat(parts, ",") or "none"))
end
