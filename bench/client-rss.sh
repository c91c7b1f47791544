#!/usr/bin/env bash
# Idle client-agent memory (issue 3 target: RSS <= 64 MiB). Starts one server
# (`agent -server -bootstrap-expect=1`) and two client agents that retry-join it; waits until the
# server has a leader and `members` (asked of each client) shows the client alive; samples each
# client's RSS (`ps -o rss=`) and thread count 30 s and 60 s after it joined; stops all three by PID.
#
# Client A runs exactly as an operator runs it (`java -jar agent.jar agent ...`, no JVM flags) and
# gives the RSS numbers. Client B is the same agent with -XX:NativeMemoryTracking=summary (which
# costs a few MiB itself) and gives the breakdown: `jcmd VM.native_memory summary`, `GC.heap_info`,
# `VM.metaspace` totals, the classes loaded per package, and the threads by name, all taken after
# the 60 s sample. Writes bench/results/client-rss-<UTC date-time>.md.
#
# Environment (defaults in brackets):
#   JAR        agent fat jar [<repo>/cli/target/agent.jar]; copied to a temp dir first
#   IP_BASE    first three octets of the loopback addresses [127.0.0]
#   SERVER_IP  last octet of the server [90]; client A is SERVER_IP+1, client B SERVER_IP+2
#   JAVA_OPTS  extra JVM options for both clients (experiments only) [none]
#   LATE       seconds after the join for one more sample of client A, after IdleReclaim's first
#              60 s rounds (e.g. 180); taken before the breakdown [none]
#   OUT        results file [bench/results/client-rss-<date>.md]
# Ports: Consul's defaults (HTTP 8500, server 8300, serf 8301/8302, DNS 8600, gRPC 8502) on each
# agent's own address; one already taken on that address (or on the wildcard) is replaced by a free
# high port.
#
# Exit status: 0 when every agent started and both clients joined; 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

JAR=${JAR:-$ROOT/cli/target/agent.jar}
IP_BASE=${IP_BASE:-127.0.0}
SERVER_IP=${SERVER_IP:-90}
JAVA_OPTS=${JAVA_OPTS:-}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-$HERE/results/client-rss-$STAMP.md}

for t in ss java jcmd curl python3; do command -v "$t" >/dev/null || die "$t not found"; done
[[ -f $JAR ]] || die "jar $JAR not found (build it: mvn -o -q -pl cli -am install -DskipTests)"

WORK=$(mktemp -d /tmp/proconsul-clientrss.XXXXXX)
PIDS=()
cleanup() {
  local rc=$? p
  for p in "${PIDS[@]}"; do stop_pid "$p" agent; done
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

copy_jar "$JAR" "$WORK/agent.jar" || die "could not copy a valid jar from $JAR"
JAR_SHA=$(sha256sum "$WORK/agent.jar" | cut -c1-16)
JAR_TIME=$(date -u -r "$WORK/agent.jar" +%Y-%m-%dT%H:%M:%SZ)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# addr_port_busy IP PORT: something listens on IP:PORT or on the wildcard address at PORT.
addr_port_busy() {
  [[ -n "$(ss -Hltun 2>/dev/null | awk -v a="$1:$2" -v p=":$2" \
      '$5 == a || $5 == "0.0.0.0" p || $5 == "*" p || $5 == "[::]" p')" ]]
}
# port_flags IP: the -xxx-port flags for the defaults taken on IP; sets HTTP_PORT and SERF_PORT.
port_flags() {
  local ip=$1 spec name def flag p
  FLAGS=()
  for spec in http:8500:-http-port server:8300:-server-port serflan:8301:-serf-lan-port \
      serfwan:8302:-serf-wan-port dns:8600:-dns-port grpc:8502:-grpc-port; do
    IFS=: read -r name def flag <<<"$spec"
    p=$def
    if addr_port_busy "$ip" "$p"; then
      p=$(( 20000 + RANDOM % 20000 ))
      while addr_port_busy "$ip" "$p"; do p=$((p + 1)); done
      FLAGS+=("$flag=$p")
    fi
    [[ $name == http ]] && HTTP_PORT=$p
    [[ $name == serflan ]] && SERF_PORT=$p
  done
  return 0
}

SIP=$IP_BASE.$SERVER_IP
AIP=$IP_BASE.$((SERVER_IP + 1))
BIP=$IP_BASE.$((SERVER_IP + 2))

port_flags "$SIP"; S_HTTP=$HTTP_PORT; S_SERF=$SERF_PORT
java -jar "$WORK/agent.jar" agent -server -bootstrap-expect=1 -node=rss-server -bind="$SIP" -client="$SIP" \
  -data-dir="$WORK/server" "${FLAGS[@]}" >"$WORK/server.log" 2>&1 &
PIDS+=($!); SERVER_PID=$!
for i in $(seq 1 300); do
  [[ "$(curl -s --max-time 1 "http://$SIP:$S_HTTP/v1/status/leader" || true)" =~ ^\"[^\"]+\"$ ]] && break
  kill -0 "$SERVER_PID" 2>/dev/null || die "server exited: $(tail -3 "$WORK/server.log")"
  sleep 0.1
done
log "server $SERVER_PID on $SIP has a leader"

# start_client NAME IP [JVM options...]: sets CLIENT_PID and CLIENT_HTTP.
start_client() {
  local name=$1 ip=$2
  shift 2
  port_flags "$ip"
  # shellcheck disable=SC2086
  java "$@" $JAVA_OPTS -jar "$WORK/agent.jar" agent -node="$name" -bind="$ip" -client="$ip" \
    -retry-join="$SIP:$S_SERF" -data-dir="$WORK/$name" "${FLAGS[@]}" >"$WORK/$name.log" 2>&1 &
  CLIENT_PID=$!
  PIDS+=("$CLIENT_PID")
  CLIENT_HTTP=$HTTP_PORT
}
# wait_alive NAME IP HTTP PID: until `members` asked of the client lists it alive; prints the seconds.
wait_alive() {
  local t0=$SECONDS
  for i in $(seq 1 600); do
    if java -jar "$WORK/agent.jar" members -http-addr="$2:$3" 2>/dev/null | grep -qE "^$1 .* alive .* client "; then
      echo $((SECONDS - t0)); return 0
    fi
    kill -0 "$4" 2>/dev/null || die "client $1 exited: $(tail -3 "$WORK/$1.log")"
    sleep 0.5
  done
  die "client $1 not alive in members after 300 s"
}

start_client rss-client-a "$AIP"; A_PID=$CLIENT_PID; A_HTTP=$CLIENT_HTTP
start_client rss-client-b "$BIP" -XX:NativeMemoryTracking=summary; B_PID=$CLIENT_PID; B_HTTP=$CLIENT_HTTP
A_JOIN=$(wait_alive rss-client-a "$AIP" "$A_HTTP" "$A_PID")
B_JOIN=$(wait_alive rss-client-b "$BIP" "$B_HTTP" "$B_PID")
JOINED=$SECONDS
log "clients alive in members (A after ${A_JOIN}s, B after ${B_JOIN}s); sampling at +30 s and +60 s"

threads() { find "/proc/$1/task" -mindepth 1 -maxdepth 1 | wc -l; }
sleep $((JOINED + 30 - SECONDS))
A30=$(rss_kb "$A_PID"); B30=$(rss_kb "$B_PID"); AT30=$(threads "$A_PID")
sleep $((JOINED + 60 - SECONDS))
A60=$(rss_kb "$A_PID"); B60=$(rss_kb "$B_PID"); AT60=$(threads "$A_PID")
S60=$(rss_kb "$SERVER_PID")
ALIVE=$(java -jar "$WORK/agent.jar" members -http-addr="$AIP:$A_HTTP" | grep -c ' alive ' || true)
log "client A RSS $((A30 / 1024)) MiB at +30 s, $((A60 / 1024)) MiB at +60 s ($AT60 threads); $ALIVE members alive"
LATE=${LATE:-}
if [[ -n $LATE ]]; then
  sleep $((JOINED + LATE - SECONDS > 0 ? JOINED + LATE - SECONDS : 0))
  ALATE=$(rss_kb "$A_PID"); ATLATE=$(threads "$A_PID")
  log "client A RSS $((ALATE / 1024)) MiB at +$LATE s"
fi

NMT=$(jcmd "$B_PID" VM.native_memory summary | grep -E '^(Total|-)|committed=|malloc:' | grep -vE '^\s*\(' || true)
# Client A's resident memory by kind: anonymous (heap, metaspace, malloc, stacks, code) and file-backed
# (libjvm.so, the CDS archive, the modules image), which other JVMs on the host share.
SMAPS=$(grep -E '^(Rss|Pss_Anon|Pss_File|Shared_Clean|Private_Dirty):' "/proc/$A_PID/smaps_rollup" || true)
HEAP=$(jcmd "$B_PID" GC.heap_info | tail -n +2)
META=$(jcmd "$B_PID" VM.metaspace | sed -n '/^Total Usage/,/Both:/p')
CLASSES=$(jcmd "$B_PID" VM.class_hierarchy | grep -oE '[a-z][a-zA-Z0-9_]*(\.[a-zA-Z0-9_$]+)+' \
  | sed -E 's/^org\.apache\.ratis\.thirdparty\.([a-z]+\.[a-z]+).*/ratis-thirdparty.\1/; t
            s/^(org|com|io|ch)\.([a-zA-Z0-9_]+)\.([a-zA-Z0-9_]+).*/\1.\2.\3/; t
            s/^([a-z]+)\.([a-zA-Z0-9_]+).*/\1.\2/' | sort | uniq -c | sort -rn | head -15)
THREADS=$(for t in /proc/"$A_PID"/task/*; do cat "$t/comm"; done | sed -E 's/[-#]?[0-9]+$//' | sort | uniq -c | sort -rn)

mkdir -p "$(dirname "$OUT")"
{
  echo "# Idle client agent RSS ($STAMP UTC)"
  echo
  echo "Generated by \`bench/client-rss.sh\`. Target (issue 3): <= 64 MiB for an idle client agent."
  echo
  echo "- client command: \`java -jar agent.jar agent -node=rss-client-a -bind=$AIP -client=$AIP -retry-join=$SIP:$S_SERF -data-dir=...\`${JAVA_OPTS:+ (JAVA_OPTS: \`$JAVA_OPTS\`)}"
  echo "- tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); jar: $JAR_SHA (sha256 prefix, built $JAR_TIME); $(java -version 2>&1 | head -1); $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
  echo "- load average at the start: $LOAD_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "- joined (alive in \`members\`): A after ${A_JOIN} s, B ${B_JOIN} s later; members alive seen by A at the end: $ALIVE"
  echo
  echo "| agent | RSS +30 s (MiB) | RSS +60 s (MiB) | threads |"
  echo "|---|---:|---:|---:|"
  echo "| client A (as operators run it) | $((A30 / 1024)) | $((A60 / 1024)) | $AT30 / $AT60 |"
  echo "| client B (with NMT summary) | $((B30 / 1024)) | $((B60 / 1024)) | $(threads "$B_PID") |"
  echo "| server (for reference) | | $((S60 / 1024)) | $(threads "$SERVER_PID") |"
  if [[ -n $LATE ]]; then
    echo
    echo "Client A at +$LATE s (LATE): $((ALATE / 1024)) MiB RSS, $ATLATE threads."
  fi
  echo
  echo "Client A's RSS by kind (\`/proc/<pid>/smaps_rollup\`, kB):"
  echo
  echo '```'
  echo "$SMAPS"
  echo '```'
  echo
  echo "## Breakdown (client B, after the +60 s sample)"
  echo
  echo "NMT committed is not RSS: heap and metaspace pages count only once touched, and malloc'ed"
  echo "memory that was freed but not returned (glibc arenas) counts in RSS but not here."
  echo
  echo '```'
  echo "$NMT"
  echo
  echo "$HEAP"
  echo
  echo "$META"
  echo '```'
  echo
  echo "Classes loaded, by package (top 15):"
  echo
  echo '```'
  echo "$CLASSES"
  echo '```'
  echo
  echo "Threads of client A, by name:"
  echo
  echo '```'
  echo "$THREADS"
  echo '```'
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
log "results written to $OUT"
