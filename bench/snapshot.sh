#!/usr/bin/env bash
# Snapshot save and restore of a large state: KEYS KV keys (1,000,000) are loaded into a fresh server
# agent A through /v1/txn (64 set operations per transaction, Consul's limit, CONNS connections), then
#   save:    `curl GET /v1/snapshot` on A into a file (timed),
#   restore: `curl PUT /v1/snapshot` of that file into a second fresh server agent B (timed),
# and checks that B answers SAMPLE random keys exactly as A does (value, CreateIndex, ModifyIndex) and
# that a write on B after the restore gets a higher index than the archive's. During each phase the
# agent's /proc/<pid>/status VmRSS is sampled every 100 ms (peak reported) and VmHWM read at the end.
# Writes bench/results/snapshot-<UTC date-time>.md.
#
# Environment (defaults in brackets):
#   JAR        agent fat jar [<repo>/cli/target/agent.jar]; copied to a temp dir first
#   KEYS       keys to load [1000000]
#   VALUE_LEN  bytes per value, random (so the archive does not compress them away) [100]
#   CONNS      loader connections [4]
#   SAMPLE     keys compared after the restore [200]
#   JAVA_OPTS  JVM options for both agents [none]
#   IP_A, IP_B loopback addresses of the two agents [127.0.0.160, 127.0.0.161]
#   READY_TIMEOUT seconds to wait for a leader [60]
#   OUT        results file [bench/results/snapshot-<date>.md]
#   KEEP_WORK=1 keeps data dirs, logs and the archive in /tmp
# Every agent is started by this script and stopped by PID (also on failure or Ctrl-C).
#
# Exit status: 0 restored state matches; 1 an agent did not start, a phase failed or a key differs.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

JAR=${JAR:-$ROOT/cli/target/agent.jar}
KEYS=${KEYS:-1000000}
VALUE_LEN=${VALUE_LEN:-100}
CONNS=${CONNS:-4}
SAMPLE=${SAMPLE:-200}
JAVA_OPTS=${JAVA_OPTS:-}
IP_A=${IP_A:-127.0.0.160}
IP_B=${IP_B:-127.0.0.161}
READY_TIMEOUT=${READY_TIMEOUT:-60}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-$HERE/results/snapshot-$STAMP.md}

for t in curl java python3; do command -v "$t" >/dev/null || die "$t not found"; done
[[ -f $JAR ]] || die "jar $JAR not found (build it: mvn -o -q -pl cli -am install -DskipTests)"

WORK=$(mktemp -d /tmp/proconsul-snapbench.XXXXXX)
PIDS=()
SAMPLER=""
cleanup() {
  local rc=$?
  [[ -n $SAMPLER ]] && { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; }
  local p
  for p in "${PIDS[@]}"; do stop_pid "$p" agent; done
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
copy_jar "$JAR" "$WORK/agent.jar" || die "could not copy the jar"
JAR_SHA=$(sha256sum "$WORK/agent.jar" | cut -c1-12)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# start_agent NAME IP: a fresh single-server agent on IP's default ports; echoes its PID.
start_agent() {
  local name=$1 ip=$2
  mkdir -p "$WORK/$name"
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$WORK/agent.jar" agent -server -bootstrap-expect=1 -node="$name" \
    -data-dir="$WORK/$name/data" -bind="$ip" -client="$ip" -dns-port=-1 >"$WORK/$name/log" 2>&1 &
  echo $!
}

await_leader() {
  local ip=$1 pid=$2 name=$3 deadline=$(( $(date +%s) + READY_TIMEOUT ))
  while (( $(date +%s) < deadline )); do
    kill -0 "$pid" 2>/dev/null || die "agent on $ip (pid $pid) exited: $(tail -5 "$WORK"/*/log)"
    if [[ $(curl -s "http://$ip:8500/v1/status/leader" 2>/dev/null) == \"*:*\" ]]; then
      curl -s "http://$ip:8500/v1/agent/self" | grep -q "\"NodeName\": *\"$name\"" \
        || die "$ip:8500 is not served by our agent $name (pid $pid)"
      curl -sf -X PUT -d 1 "http://$ip:8500/v1/kv/_bench/ready" >/dev/null && return 0
    fi
    sleep 0.2
  done
  die "no leader on $ip within ${READY_TIMEOUT}s"
}

# sample_rss PID FILE: VmRSS in KiB every 100 ms until killed.
sample_rss() {
  local pid=$1 file=$2
  while kill -0 "$pid" 2>/dev/null; do
    awk '/^VmRSS/{print $2}' "/proc/$pid/status" >>"$file" 2>/dev/null || true
    sleep 0.1
  done
}
start_sampler() { : >"$2"; sample_rss "$1" "$2" & SAMPLER=$!; }
stop_sampler() { kill "$SAMPLER" 2>/dev/null || true; wait "$SAMPLER" 2>/dev/null || true; SAMPLER=""; }
peak_mib() { sort -n "$1" | tail -1 | awk '{printf "%.0f", $1/1024}'; }
hwm_mib() { awk '/^VmHWM/{printf "%.0f", $2/1024}' "/proc/$1/status"; }
rss_mib() { awk '/^VmRSS/{printf "%.0f", $2/1024}' "/proc/$1/status"; }

log "agent A on $IP_A"
PID_A=$(start_agent a "$IP_A"); PIDS+=("$PID_A")
await_leader "$IP_A" "$PID_A" a
IDLE_A=$(rss_mib "$PID_A")

log "loading $KEYS keys through /v1/txn on $CONNS connections"
t0=$(now_ms)
python3 - "$IP_A" "$KEYS" "$VALUE_LEN" "$CONNS" <<'PY'
import base64, http.client, json, os, sys, threading
ip, keys, vlen, conns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
BATCH = 64  # Consul's maximum operations per transaction
errors = []
def work(t):
    c = http.client.HTTPConnection(ip, 8500, timeout=120)
    for start in range(t * BATCH, keys, conns * BATCH):
        ops = []
        for k in range(start, min(start + BATCH, keys)):
            ops.append({"KV": {"Verb": "set", "Key": "bench/%07d" % k,
                               "Value": base64.b64encode(os.urandom(vlen)).decode()}})
        c.request("PUT", "/v1/txn", json.dumps(ops))
        r = c.getresponse(); body = r.read()
        if r.status != 200:
            errors.append("%d %s" % (r.status, body[:200])); return
ts = [threading.Thread(target=work, args=(t,)) for t in range(conns)]
[t.start() for t in ts]; [t.join() for t in ts]
if errors:
    sys.exit("load failed: " + errors[0])
PY
LOAD_S=$(awk -v d=$(( $(now_ms) - t0 )) 'BEGIN{printf "%.1f", d/1000}')
LOADED_A=$(rss_mib "$PID_A")
log "loaded in ${LOAD_S}s"

log "save: GET /v1/snapshot on A"
start_sampler "$PID_A" "$WORK/rss-save"
t0=$(now_ms)
curl -sf -D "$WORK/save.headers" -o "$WORK/backup.snap" "http://$IP_A:8500/v1/snapshot" || die "save failed"
SAVE_MS=$(( $(now_ms) - t0 ))
stop_sampler
SAVE_PEAK=$(peak_mib "$WORK/rss-save"); SAVE_HWM=$(hwm_mib "$PID_A")
INDEX=$(awk 'tolower($1)=="x-consul-index:"{print $2}' "$WORK/save.headers" | tr -d '\r')
SIZE_MIB=$(awk -v b="$(stat -c %s "$WORK/backup.snap")" 'BEGIN{printf "%.1f", b/1048576}')
INSPECT=$(java -jar "$WORK/agent.jar" snapshot inspect "$WORK/backup.snap") || die "inspect failed"
STATE_MIB=$(awk '$1=="Size"{printf "%.1f", $2/1048576}' <<<"$INSPECT")
log "saved index $INDEX, ${SIZE_MIB} MiB archive (${STATE_MIB} MiB state.bin) in ${SAVE_MS} ms"

log "agent B on $IP_B"
PID_B=$(start_agent b "$IP_B"); PIDS+=("$PID_B")
await_leader "$IP_B" "$PID_B" b
IDLE_B=$(rss_mib "$PID_B")
log "restore: PUT /v1/snapshot on B"
start_sampler "$PID_B" "$WORK/rss-restore"
t0=$(now_ms)
code=$(curl -s -o "$WORK/restore.body" -w '%{http_code}' -T "$WORK/backup.snap" "http://$IP_B:8500/v1/snapshot")
RESTORE_MS=$(( $(now_ms) - t0 ))
stop_sampler
[[ $code == 200 ]] || die "restore answered $code: $(cat "$WORK/restore.body")"
RESTORE_PEAK=$(peak_mib "$WORK/rss-restore"); RESTORE_HWM=$(hwm_mib "$PID_B")
log "restored in ${RESTORE_MS} ms"

log "comparing $SAMPLE random keys"
CHECK=$(python3 - "$IP_A" "$IP_B" "$KEYS" "$SAMPLE" "$INDEX" <<'PY'
import http.client, json, random, sys
a, b, keys, sample, index = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ca, cb = http.client.HTTPConnection(a, 8500), http.client.HTTPConnection(b, 8500)
def get(c, path, method="GET", body=None):
    c.request(method, path, body); r = c.getresponse(); return r.status, r.read(), r.getheader("X-Consul-Index")
bad = 0
for k in random.sample(range(keys), min(sample, keys)):
    if get(ca, "/v1/kv/bench/%07d" % k)[1] != get(cb, "/v1/kv/bench/%07d" % k)[1]:
        bad += 1
ia, ib = get(ca, "/v1/kv/bench/0000000")[2], get(cb, "/v1/kv/bench/0000000")[2]
get(cb, "/v1/kv/_bench/after", "PUT", b"x")
after = json.loads(get(cb, "/v1/kv/_bench/after")[1])[0]["CreateIndex"]
print(bad, ia, ib, after, "ok" if bad == 0 and ia == ib and after > index else "FAIL")
PY
)
read -r BAD IDX_A IDX_B AFTER VERDICT <<<"$CHECK"
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
log "check: $VERDICT ($BAD of $SAMPLE keys differ; kvs index A $IDX_A, B $IDX_B; next write on B at $AFTER)"

mkdir -p "$(dirname "$OUT")"
{
  echo "# snapshot save/restore, $KEYS keys — $STAMP UTC"
  echo
  echo "- tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); jar sha256 $JAR_SHA; $(java -version 2>&1 | head -1)"
  echo "- machine: $(nproc) cores, $(free -m | awk '/^Mem/{print $2}') MiB RAM, shared with other engineers' builds; load average $LOAD_START at the start, $LOAD_END at the end"
  echo "- agents: \`agent -server -bootstrap-expect=1\` on $IP_A (A) and $IP_B (B), JAVA_OPTS=\"${JAVA_OPTS}\""
  echo "- data: $KEYS keys \`bench/NNNNNNN\`, $VALUE_LEN-byte random values, loaded through /v1/txn (64 sets per transaction, $CONNS connections) in ${LOAD_S} s"
  echo
  echo "| phase | time | agent RSS peak (sampled every 100 ms) | VmHWM after | other |"
  echo "|---|---|---|---|---|"
  echo "| load on A | ${LOAD_S} s | — | — | RSS idle $IDLE_A MiB, after load $LOADED_A MiB |"
  echo "| save (GET /v1/snapshot on A) | $SAVE_MS ms | $SAVE_PEAK MiB | $SAVE_HWM MiB (since A started) | archive ${SIZE_MIB} MiB, state.bin ${STATE_MIB} MiB, index $INDEX |"
  echo "| restore (PUT /v1/snapshot on B) | $RESTORE_MS ms | $RESTORE_PEAK MiB | $RESTORE_HWM MiB | B idle before: $IDLE_B MiB |"
  echo
  echo "Check: $VERDICT — $BAD of $SAMPLE random keys differ between A and B (value, flags, CreateIndex,"
  echo "ModifyIndex compared as JSON); the kvs table index is $IDX_A on A and $IDX_B on B; the first write on B"
  echo "after the restore got CreateIndex $AFTER (archive index $INDEX)."
  echo
  echo '`snapshot inspect` of the archive:'
  echo
  echo '```'
  echo "$INSPECT"
  echo '```'
} >"$OUT"
log "report: $OUT"
[[ $VERDICT == ok ]]
