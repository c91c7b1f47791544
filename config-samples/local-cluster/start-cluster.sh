#!/usr/bin/env bash
# A local Proconsul datacenter on loopback: three servers and one client agent, each on its own
# address with Consul's default ports (8300 server RPC, 8301/8302 gossip, 8500 HTTP, 8600 DNS), data
# dirs in a temp dir. Every agent reads cluster.hcl; the client also reads web.hcl.
#
#   start-cluster.sh start    start the four agents, wait for a leader and four alive members
#   start-cluster.sh status   the members as the client sees them
#   start-cluster.sh stop     stop the agents this script started (by their PIDs), leave the temp dir
#
# Environment (defaults in brackets):
#   JAR      the agent fat jar [<repo>/cli/target/agent.jar]
#   IPS      four addresses: three servers, then the client ["127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5"]
#   WORK     the work dir (data dirs, logs, PIDs) [a new temp dir; its path is kept in
#            ${TMPDIR:-/tmp}/proconsul-local-cluster.last for status and stop]
#   TIMEOUT  seconds to wait for the cluster to form [90]
#   JAVA_OPTS extra JVM options [-Xmx256m]
# Exit status: 0 done; 1 the cluster did not form in time (the agents are stopped again) or a usage error.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=${JAR:-$ROOT/cli/target/agent.jar}
IPS=(${IPS:-127.0.0.2 127.0.0.3 127.0.0.4 127.0.0.5})
TIMEOUT=${TIMEOUT:-90}
JAVA_OPTS=${JAVA_OPTS:--Xmx256m}
LAST=${TMPDIR:-/tmp}/proconsul-local-cluster.last

die() { echo "start-cluster.sh: $*" >&2; exit 1; }

# start_agent NAME IP ARGS...: starts one agent in the background, its PID in $WORK/NAME.pid.
start_agent() {
  local name=$1 ip=$2; shift 2
  mkdir -p "$WORK/$name"
  # shellcheck disable=SC2086
  nohup java $JAVA_OPTS -jar "$JAR" agent -node="$name" -bind="$ip" -client="$ip" \
    -data-dir="$WORK/$name/data" -config-file="$HERE/cluster.hcl" \
    -retry-join="${IPS[0]}" -retry-join="${IPS[1]}" -retry-join="${IPS[2]}" "$@" \
    >"$WORK/$name/agent.log" 2>&1 &
  echo $! >"$WORK/$name.pid"
  echo "started $name on $ip (pid $!, log $WORK/$name/agent.log)"
}

# members: the client's view, one "name address status" line per member.
members() {
  curl -sf "http://${IPS[3]}:8500/v1/agent/members" | python3 -c '
import json, sys
status = {1: "alive", 2: "leaving", 3: "left", 4: "failed"}
for m in json.load(sys.stdin):
    print(m["Name"], m["Addr"], status.get(m["Status"], m["Status"]))'
}

stop() {
  local pids=() f pid
  for f in "$WORK"/*.pid; do
    [ -e "$f" ] || continue
    pid=$(cat "$f")
    # SIGTERM, not SIGINT: a background job of a script starts with SIGINT ignored, and the JVM keeps it so.
    # On SIGTERM a client agent leaves gracefully and a server stops, as Consul's defaults.
    if kill -0 "$pid" 2>/dev/null; then kill -TERM "$pid"; pids+=("$pid"); fi
    rm -f "$f"
  done
  for _ in $(seq 1 30); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for pid in "${pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      echo "pid $pid did not stop in 30s: SIGKILL" >&2
      kill -KILL "$pid" || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done
    fi
  done
  echo "stopped ${#pids[@]} agent(s); data and logs kept in $WORK"
}

start() {
  [ -f "$JAR" ] || die "$JAR is missing: build it with mvn -pl cli -am package -DskipTests"
  [ ${#IPS[@]} = 4 ] || die "IPS must name four addresses, got: ${IPS[*]}"
  command -v curl >/dev/null && command -v python3 >/dev/null || die "curl and python3 are needed"
  WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/proconsul-local-cluster.XXXXXX")}
  mkdir -p "$WORK"
  echo "$WORK" >"$LAST"
  local i
  for i in 0 1 2; do start_agent "server-$((i + 1))" "${IPS[$i]}" -server -bootstrap-expect=3; done
  start_agent client-1 "${IPS[3]}" -config-file="$HERE/web.hcl"
  local deadline=$((SECONDS + TIMEOUT)) leader=""
  # A leader is "ip:8300"; before the election the answer is "" (with its quotes).
  until leader=$(curl -sf "http://${IPS[0]}:8500/v1/status/leader" || true); [[ $leader == \"*:*\" ]] \
      && [ "$(members 2>/dev/null | grep -c ' alive$')" = 4 ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "the cluster did not form within ${TIMEOUT}s; logs in $WORK" >&2
      stop
      exit 1
    fi
    sleep 1
  done
  echo "leader: $leader"
  members
  echo "try: java -jar $JAR members -http-addr=${IPS[3]}:8500"
}

case ${1:-} in
  start) start ;;
  stop) WORK=${WORK:-$(cat "$LAST" 2>/dev/null || true)}; [ -n "$WORK" ] || die "no cluster started"; stop ;;
  status) WORK=${WORK:-$(cat "$LAST" 2>/dev/null || true)}; members ;;
  *) die "usage: start-cluster.sh start|status|stop" ;;
esac
