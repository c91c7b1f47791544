#!/usr/bin/env bash
# DNS load: one Proconsul dev agent on 127.0.0.1 (-dev, in-memory), a service "web" with INSTANCES
# instances registered through /v1/catalog/register, queried over UDP by dnsperf.
#
#   start the agent -> wait for a leader (/v1/status/leader) -> register INSTANCES instances (one node each,
#   a passing check each) -> wait until DNS answers web.service.consul A -> idle RSS -> for each query type
#   (A, SRV) and each client count in CLIENTS: dnsperf for DURATION s (-v, so every answer's latency is
#   recorded and percentiles computed) -> RSS -> stop the agent (by PID).
# Writes bench/results/dns-<UTC date-time>.md (qps, latency avg/p50/p99/max, lost queries, rcodes, TC
# answers, agent CPU and RSS, other machine load) and prints the table.
#
# Environment (defaults in brackets):
#   JAR           agent fat jar [<repo>/cli/target/agent.jar]; copied to a temp dir first
#   DURATION      seconds per measured point [10]
#   WARMUP        seconds of warm-up (A queries, 16 clients), 0 to skip [3]
#   CLIENTS       dnsperf client counts [1 16 64]  (dnsperf threads = min(2, clients))
#   TYPES         query types [A SRV]
#   INSTANCES     instances of the service [20]
#   EDNS=1        send queries with EDNS0 (dnsperf -e); default plain 512-byte UDP
#   MAX_QPS       dnsperf -Q limit, empty for none []
#   JAVA_OPTS     extra JVM options for the agent [none]
#   AGENT_ARGS    extra agent arguments [none]
#   READY_TIMEOUT seconds to wait for the agent's leader and DNS [60]
#   OUT           results file [bench/results/dns-<date>.md]
#   KEEP_WORK=1   keep the temp dir (agent log, raw dnsperf output)
# Ports: the defaults (HTTP 8500, DNS 8600, server 8300, serf 8301/8302) when free; a busy one is replaced
# by a free high port and passed as a flag (-http-port, -dns-port, ...), as in kv-load.sh.
#
# Exit status: 0 all points ran without lost queries or SERVFAIL; 3 some point saw errors (they are in
# the report); 1 the agent could not be started, DNS never answered, or dnsperf failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

JAR=${JAR:-$ROOT/cli/target/agent.jar}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CLIENTS=${CLIENTS:-"1 16 64"}
TYPES=${TYPES:-"A SRV"}
INSTANCES=${INSTANCES:-20}
EDNS=${EDNS:-0}
MAX_QPS=${MAX_QPS:-}
JAVA_OPTS=${JAVA_OPTS:-}
AGENT_ARGS=${AGENT_ARGS:-}
READY_TIMEOUT=${READY_TIMEOUT:-60}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-$HERE/results/dns-$STAMP.md}

for t in dnsperf curl python3 ss java; do
  command -v "$t" >/dev/null || die "$t not found (apt-get install -y dnsperf curl iproute2)"
done

WORK=$(mktemp -d /tmp/proconsul-dnsbench.XXXXXX)
AGENT_PID=""
cleanup() {
  local rc=$?
  stop_pid "$AGENT_PID" agent
  AGENT_PID=""
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

declare -A R     # R[type:clients:field]
declare -A INFO
ERRORS=()

# dns_probe PORT NAME TYPE: prints "<rcode> <answers> <tc>" for one UDP query, or nothing on timeout.
dns_probe() {
  python3 - "$1" "$2" "$3" <<'PY'
import random, socket, struct, sys
port, name, qtype = int(sys.argv[1]), sys.argv[2], {"A": 1, "SRV": 33}[sys.argv[3]]
qid = random.randrange(65536)
q = struct.pack(">HHHHHH", qid, 0x0100, 1, 0, 0, 0)
q += b"".join(bytes([len(l)]) + l.encode() for l in name.rstrip(".").split(".")) + b"\0"
q += struct.pack(">HH", qtype, 1)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
try:
    s.sendto(q, ("127.0.0.1", port))
    data, _ = s.recvfrom(65535)
except OSError:
    sys.exit(0)
_, flags, _, an, _, _ = struct.unpack(">HHHHHH", data[:12])
print(flags & 0xF, an, (flags >> 9) & 1)
PY
}

start_agent() {
  [[ -f $JAR ]] || die "jar $JAR not found (mvn -o -q -pl cli -am install -DskipTests)"
  copy_jar "$JAR" "$WORK/agent.jar" || die "could not copy a valid jar from $JAR"
  INFO[jar_sha]=$(sha256sum "$WORK/agent.jar" | cut -c1-16)
  INFO[jar_time]=$(date -u -r "$WORK/agent.jar" +%Y-%m-%dT%H:%M:%SZ)
  local flags=() name def flag p
  HTTP_PORT=$(pick_port 8500)
  [[ $HTTP_PORT != 8500 ]] && flags+=("-http-port=$HTTP_PORT")
  DNS_PORT=$(pick_port 8600)
  [[ $DNS_PORT != 8600 ]] && flags+=("-dns-port=$DNS_PORT")
  for spec in server:8300:-server-port serflan:8301:-serf-lan-port serfwan:8302:-serf-wan-port; do
    IFS=: read -r name def flag <<<"$spec"
    p=$(pick_port "$def")
    [[ $p != "$def" ]] && flags+=("$flag=$p")
  done
  # shellcheck disable=SC2206
  local cmd=(java $JAVA_OPTS -jar "$WORK/agent.jar" agent -dev -bind=127.0.0.1 -client=127.0.0.1
             "${flags[@]}" $AGENT_ARGS)
  INFO[cmd]="${cmd[*]}"
  log "starting agent: ${cmd[*]}"
  "${cmd[@]}" >"$WORK/agent.log" 2>&1 &
  AGENT_PID=$!
  local deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 )) leader
  while :; do
    kill -0 "$AGENT_PID" 2>/dev/null || die "agent exited during start-up; log tail: $(tail -5 "$WORK/agent.log")"
    leader=$(curl -s --max-time 1 "http://127.0.0.1:$HTTP_PORT/v1/status/leader" 2>/dev/null || true)
    [[ $leader =~ ^\"[^\"]+\"$ ]] && break
    (( $(now_ms) > deadline )) && die "no leader after ${READY_TIMEOUT}s; log tail: $(tail -5 "$WORK/agent.log")"
    sleep 0.2
  done
  log "agent ready (pid $AGENT_PID, http $HTTP_PORT, dns $DNS_PORT)"
}

register_instances() {
  local i body code
  for i in $(seq 1 "$INSTANCES"); do
    body=$(printf '{"Node":"web-node-%d","Address":"10.77.%d.%d","NodeMeta":{"rack":"r%d"},
      "Service":{"ID":"web-%d","Service":"web","Port":%d,"Tags":["v1"]},
      "Check":{"CheckID":"web-%d-alive","Name":"alive","Status":"passing","ServiceID":"web-%d"}}' \
      "$i" $((i / 250)) $((i % 250 + 1)) "$i" "$i" $((8000 + i)) "$i" "$i")
    code=$(curl -s -o "$WORK/register.out" -w '%{http_code}' -X PUT --data "$body" \
      "http://127.0.0.1:$HTTP_PORT/v1/catalog/register")
    [[ $code == 200 ]] || die "register web-$i: HTTP $code $(head -c 200 "$WORK/register.out")"
  done
  local deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 )) probe=""
  while :; do
    probe=$(dns_probe "$DNS_PORT" web.service.consul A || true)
    [[ ${probe%% *} == 0 && $(awk '{print $2}' <<<"$probe") -gt 0 ]] && break
    (( $(now_ms) > deadline )) && die "DNS on 127.0.0.1:$DNS_PORT never answered web.service.consul A \
(last: '${probe:-no reply}'); is the DNS server wired into the agent? log tail: $(tail -3 "$WORK/agent.log")"
    sleep 0.2
  done
  log "$INSTANCES instances registered; DNS answers ($probe)"
}

# run_point TYPE CLIENTS DURATION TAG
run_point() {
  local type=$1 c=$2 d=$3 tag=$4 t raw data key cpu0 cpu1 m0 m1
  t=$(( c < 2 ? c : 2 ))
  data=$WORK/queries-$type.txt
  echo "web.service.consul $type" >"$data"
  raw=$WORK/dnsperf-$type-c$c-$tag.txt
  local args=(-s 127.0.0.1 -p "$DNS_PORT" -d "$data" -c "$c" -T "$t" -l "$d" -t 5 -q $((c * 4)) -v)
  [[ $EDNS == 1 ]] && args+=(-e)
  [[ -n $MAX_QPS ]] && args+=(-Q "$MAX_QPS")
  m0=$(machine_ticks); cpu0=$(cpu_ticks "$AGENT_PID")
  log "dnsperf $type c=$c t=$t ${d}s ($tag)"
  timeout -k 5 $((d + 30)) dnsperf "${args[@]}" >"$raw" 2>&1 || die "dnsperf failed: $(tail -3 "$raw")"
  cpu1=$(cpu_ticks "$AGENT_PID"); m1=$(machine_ticks)
  [[ $tag == warm ]] && return 0
  key=$type:$c
  R[$key:raw]=$raw
  R[$key:qps]=$(awk '/Queries per second:/ {printf "%.0f", $4}' "$raw")
  R[$key:sent]=$(awk '/Queries sent:/ {print $3}' "$raw")
  R[$key:lost]=$(awk '/Queries lost:/ {print $3}' "$raw")
  R[$key:rcodes]=$(awk '/Response codes:/ {sub(/.*Response codes: */, ""); print}' "$raw")
  # -v lines: "> NOERROR web.service.consul A 0.000123" (the latency in seconds is the last field).
  read -r R[$key:avg_ms] R[$key:p50_ms] R[$key:p99_ms] R[$key:max_ms] < <(
    awk '/^> / {print $NF * 1000}' "$raw" | sort -n | awk '{a[NR]=$1; s+=$1}
      END { if (NR == 0) { print "- - - -"; exit }
            i50 = int(NR * 0.50); if (i50 < 1) i50 = 1
            i99 = int(NR * 0.99); if (i99 < 1) i99 = 1
            printf "%.3f %.3f %.3f %.3f\n", s/NR, a[i50], a[i99], a[NR] }')
  R[$key:cpu_s]=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", (b-a)/hz}')
  R[$key:other_cpu_s]=$(awk -v m0="${m0%% *}" -v m1="${m1%% *}" -v s="$((cpu1 - cpu0))" -v hz="$CLK_TCK" \
    'BEGIN{o=(m1-m0-s)/hz; if (o<0) o=0; printf "%.2f", o}')
  local servfail
  servfail=$(grep -c '^> SERVFAIL' "$raw" || true)
  if [[ ${R[$key:lost]%% *} != 0 || $servfail != 0 ]]; then
    ERRORS+=("$type c=$c: lost ${R[$key:lost]}, SERVFAIL $servfail, rcodes ${R[$key:rcodes]}")
  fi
  kill -0 "$AGENT_PID" 2>/dev/null || die "agent died during $type c=$c"
}

write_report() {
  local type c key
  {
    echo "# DNS load: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo
    echo "One dev agent on 127.0.0.1, service \`web\` with $INSTANCES instances (one node each, passing),"
    echo "dnsperf $(dnsperf -h 2>&1 | awk '/^Version/ {print $2}') over UDP$([[ $EDNS == 1 ]] && echo ' with EDNS0'),"
    echo "one name per type (\`web.service.consul\`), ${DURATION}s per point, threads = min(2, clients)."
    echo "Latency percentiles from dnsperf -v (every answer's latency). Machine: $(nproc) cores,"
    echo "load average at start ${INFO[load_start]}. \`other CPU\` is CPU time used by everything else on the"
    echo "machine during the point (dnsperf included)."
    echo
    echo "- jar: sha256 ${INFO[jar_sha]}..., built ${INFO[jar_time]}"
    echo "- command: \`${INFO[cmd]}\`"
    echo "- RSS: idle ${INFO[rss_idle]} KiB, after registration ${INFO[rss_registered]} KiB, after the run ${INFO[rss_end]} KiB"
    echo
    echo "| type | clients | qps | avg ms | p50 ms | p99 ms | max ms | sent | lost | agent CPU s | other CPU s | rcodes |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for type in $TYPES; do
      for c in $CLIENTS; do
        key=$type:$c
        echo "| $type | $c | ${R[$key:qps]:-} | ${R[$key:avg_ms]:-} | ${R[$key:p50_ms]:-} | ${R[$key:p99_ms]:-} | ${R[$key:max_ms]:-} | ${R[$key:sent]:-} | ${R[$key:lost]:-} | ${R[$key:cpu_s]:-} | ${R[$key:other_cpu_s]:-} | ${R[$key:rcodes]:-} |"
      done
    done
    echo
    if ((${#ERRORS[@]})); then
      echo "## Errors"
      printf -- '- %s\n' "${ERRORS[@]}"
      echo
    fi
    echo "## Sample answers"
    echo
    echo '```'
    for type in $TYPES; do
      command -v dig >/dev/null && dig +norec +noedns -p "$DNS_PORT" @127.0.0.1 web.service.consul "$type" 2>&1 | sed -n '1,40p'
    done
    echo '```'
    echo
    echo "## dnsperf summaries"
    for type in $TYPES; do
      for c in $CLIENTS; do
        echo
        echo "### $type, $c clients"
        echo '```'
        grep -v '^> ' "${R[$type:$c:raw]}" | sed -n '/Statistics:/,$p'
        echo '```'
      done
    done
  } >"$OUT"
}

INFO[load_start]=$(cut -d' ' -f1-3 /proc/loadavg)
start_agent
INFO[rss_idle]=$(rss_kb "$AGENT_PID")
register_instances
INFO[rss_registered]=$(rss_kb "$AGENT_PID")
[[ $WARMUP != 0 ]] && run_point A 16 "$WARMUP" warm
for type in $TYPES; do
  for c in $CLIENTS; do
    sleep 1
    run_point "$type" "$c" "$DURATION" "c$c"
  done
done
INFO[rss_end]=$(rss_kb "$AGENT_PID")
mkdir -p "$(dirname "$OUT")"
write_report
log "report: $OUT"
sed -n '/^| type/,/^$/p' "$OUT" >&2
((${#ERRORS[@]} == 0)) || exit 3
