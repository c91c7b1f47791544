#!/usr/bin/env bash
# Blocking-query fan-out: WATCHERS clients wait on GET /v1/health/service/watched?index=X against one
# `agent -server -bootstrap-expect=1` (compact JSON as in production; -dev would indent it); a check of
# that service flips; each watcher's time from the flip to its answer is recorded (p50/p99/max over TRIALS
# trials), with the agent's RSS while they all wait. Before each flip another service changes: a watcher
# that answers then is a spurious wake (reported, should be 0).
# The client is bench/lib/Watchers.java (JDK source launcher; raw HTTP/1.1 connections on one selector).
#
# Environment: JAR [cli/target/agent.jar], WATCHERS [5000], TRIALS [5], JAVA_OPTS, OUT
#   [bench/results/watchers-<date>.md], KEEP_WORK=1 keeps logs. One warm-up trial (JIT) runs first, not counted.
# The agent gets limits.http_max_conns_per_client above WATCHERS (Consul's default, 200, would refuse them,
# as Consul would); the HTTP port is 8500 when free, else a free high port.
# Exit status: 0 all watchers answered; 1 otherwise.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

JAR=${JAR:-$ROOT/cli/target/agent.jar}
WATCHERS=${WATCHERS:-5000}
TRIALS=${TRIALS:-5}
JAVA_OPTS=${JAVA_OPTS:-}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-$HERE/results/watchers-$STAMP.md}

for t in curl ss java; do command -v "$t" >/dev/null || die "$t not found"; done
[[ -f $JAR ]] || die "jar $JAR not found (build it: mvn -B -q -DskipTests package)"
(( $(ulimit -n) > WATCHERS * 2 + 200 )) || ulimit -n $((WATCHERS * 2 + 1000)) \
  || die "open-file limit $(ulimit -n) too low for $WATCHERS watchers (client and agent share it)"

WORK=$(mktemp -d /tmp/proconsul-watchbench.XXXXXX)
PID=""
cleanup() {
  local rc=$?
  stop_pid "$PID" agent
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT

copy_jar "$JAR" "$WORK/agent.jar"
HTTP=$(pick_port 8500)
ARGS=(-http-port="$HTTP")
for pair in server:8300 serf-lan:8301 serf-wan:8302 dns:8600; do
  ARGS+=("-${pair%%:*}-port=$(pick_port "${pair##*:}")")
done
cat >"$WORK/limits.json" <<JSON
{"limits": {"http_max_conns_per_client": $((WATCHERS * 2))}}
JSON
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$WORK/agent.jar" agent -server -bootstrap-expect=1 -data-dir="$WORK/data" -bind=127.0.0.1 \
  -client=127.0.0.1 -config-file="$WORK/limits.json" "${ARGS[@]}" \
  >"$WORK/agent.log" 2>&1 &
PID=$!
BASE="http://127.0.0.1:$HTTP"
for _ in $(seq 1 300); do
  leader=$(curl -s "$BASE/v1/status/leader" 2>/dev/null || true)
  [[ $leader == \"*:*\" ]] && break
  kill -0 "$PID" 2>/dev/null || die "agent exited: $(tail -5 "$WORK/agent.log")"
  sleep 0.1
done
[[ $leader == \"*:*\" ]] || die "no leader after 30 s"
IDLE_RSS=$(rss_kb "$PID")
log "agent pid $PID on $BASE, idle RSS ${IDLE_RSS} KiB; $WATCHERS watchers x $TRIALS trials"

set +e
java -Djdk.httpclient.connectionPoolSize=0 "$HERE/lib/Watchers.java" "$BASE" "$PID" "$WATCHERS" "$TRIALS" \
  | tee "$WORK/watchers.out"
rc=${PIPESTATUS[0]}
set -e
AFTER_RSS=$(rss_kb "$PID")

{
  echo "# Blocking health watchers: $WATCHERS watchers, $TRIALS trials ($STAMP UTC)"
  echo
  echo "- agent: \`agent -server -bootstrap-expect=1\`, jar $(date -u -r "$JAR" +%H:%M) UTC, JAVA_OPTS='${JAVA_OPTS}'"
  echo "- machine: $(nproc) cores, load at start $LOAD_START; client (java.net.http) and agent share the cores"
  echo "- what: each watcher holds \`GET /v1/health/service/watched?index=X&wait=120s\`; an unrelated service"
  echo "  changes first (answers then = spurious wakes), then one check of \`watched\` flips via /v1/catalog/register;"
  echo "  latency = flip request sent -> watcher's answer received"
  echo "- agent RSS idle before: ${IDLE_RSS} KiB; after all trials: ${AFTER_RSS} KiB"
  echo
  echo '```'
  cat "$WORK/watchers.out"
  echo '```'
} >"$OUT"
log "report: $OUT"
exit "$rc"
