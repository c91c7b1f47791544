#!/usr/bin/env bash
# Real client libraries against the jar: starts `agent -dev` on IP (127.0.0.170), runs each client check
# found here and stops the agent. Not part of `mvn verify` (it needs npm's registry for the first install).
#
#   bench/compat/run.sh                  # node-consul (npm install on first run), JAR=cli/target/agent.jar
#   IP=127.0.0.171 JAR=/tmp/agent.jar bench/compat/run.sh
set -euo pipefail
cd "$(dirname "$0")"
IP=${IP:-127.0.0.170}
JAR=${JAR:-../../cli/target/agent.jar}
[ -f "$JAR" ] || { echo "no $JAR: build it with 'mvn -o -q -pl cli -am install -DskipTests'" >&2; exit 1; }
[ -d node_modules/consul ] || npm install --no-audit --no-fund >&2
work=$(mktemp -d /tmp/proconsul-compat.XXXXXX)
cp "$JAR" "$work/agent.jar"
java -jar "$work/agent.jar" agent -dev -bind="$IP" -client="$IP" -data-dir="$work/data" >"$work/agent.log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; [ "${KEEP_WORK:-0}" = 1 ] && echo "kept $work" >&2 || rm -rf "$work"' EXIT
for _ in $(seq 1 150); do
  leader=$(curl -fsS "http://$IP:8500/v1/status/leader" 2>/dev/null || true)
  [ -n "$leader" ] && [ "$leader" != '""' ] && break
  sleep 0.2
done
[ -n "${leader:-}" ] && [ "$leader" != '""' ] || { echo "agent on $IP has no leader:" >&2; tail -20 "$work/agent.log" >&2; exit 1; }
# The leader registers its own node (with serfHealth) shortly after it wins; sessions need it.
for _ in $(seq 1 100); do
  curl -fsS "http://$IP:8500/v1/health/node/$(curl -fsS "http://$IP:8500/v1/agent/self" | sed 's/.*"NodeName": *"\([^"]*\)".*/\1/')" \
    2>/dev/null | grep -q serfHealth && break
  sleep 0.2
done
CONSUL_HOST=$IP CONSUL_PORT=8500 node node-check.js
