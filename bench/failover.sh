#!/usr/bin/env bash
# Failover: kill -9 the leader of a 3-server cluster and time how long until a write succeeds again,
# through a surviving server (or through a client agent with CLIENT=1). Repeats TRIALS times, restarting
# the killed server between trials, and writes bench/results/failover-<date>.md.
#
#   bench/failover.sh                  # 10 trials, servers on 127.0.0.2-4, default ports
#   TRIALS=20 CLIENT=1 bench/failover.sh
#   IP_BASE=40 bench/failover.sh       # servers on 127.0.0.40-42 (client on .43): away from other clusters
#   KEEP_WORK=1 ...                    # keep the agents' logs and data dirs (printed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-10}
CLIENT=${CLIENT:-0}
IP_BASE=${IP_BASE:-2}
JAR_SRC=${JAR:-cli/target/agent.jar}
JAVA_OPTS=${JAVA_OPTS:-}
[ -f "$JAR_SRC" ] || { echo "no $JAR_SRC: run 'mvn -B -DskipTests package' first" >&2; exit 1; }
work=$(mktemp -d /tmp/proconsul-failover.XXXXXX)
cp "$JAR_SRC" "$work/agent.jar"
declare -A pids

cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "logs and data kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

ip_of() { echo "127.0.0.$(( $1 + IP_BASE ))"; }

start_agent() { # index, extra args...
  local i=$1; shift
  local ip; ip=$(ip_of "$i")
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$work/agent.jar" agent -node="n$i" -data-dir="$work/n$i" -bind="$ip" -client="$ip" \
    -dns-port=-1 -retry-join="$(ip_of 0)" -retry-join="$(ip_of 1)" -retry-join="$(ip_of 2)" -retry-interval=1s "$@" \
    >> "$work/n$i.log" 2>&1 &
  pids[$i]=$!
}

start_server() { start_agent "$1" -server -bootstrap-expect=3; }

leader_of() { curl -s -m 1 "http://$(ip_of "$1"):8500/v1/status/leader" 2>/dev/null | tr -d '"' || true; }

voters_of() { curl -s -m 1 "http://$(ip_of "$1"):8500/v1/status/peers" 2>/dev/null | tr -cd ',' | wc -c || true; }

# Waits until servers 0-2 name the same live leader and each counts three voters. The voter count matters:
# a server down for long enough is removed by autopilot (CleanupDeadServers) and added back only after
# ServerStabilizationTime; killing the leader of a two-voter configuration leaves no quorum (as in Consul).
await_agreement() {
  local deadline=$(( $(date +%s) + 60 ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    local a b c; a=$(leader_of 0); b=$(leader_of 1); c=$(leader_of 2)
    if [ -n "$a" ] && [ "$a" = "$b" ] && [ "$b" = "$c" ] \
        && [ "$(voters_of 0)" = 2 ] && [ "$(voters_of 1)" = 2 ] && [ "$(voters_of 2)" = 2 ]; then
      echo "$a"; return 0
    fi
    sleep 0.1
  done
  echo "servers did not agree on a leader within 60 s; logs in $work" >&2
  trap - EXIT; return 1
}

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Waits until the restarted server $1 has trial $2's key. A server whose process exited while starting (its
# "Error starting agent" line is noted in the results) is started again, twice at most; gives up after 120 s
# (then the agents are stopped and their logs kept).
failed_starts=()
await_restart() {
  local i=$1 t=$2 tries=0 why deadline=$(( $(date +%s) + 120 ))
  until [ "$(curl -s -m 1 "http://$(ip_of "$i"):8500/v1/kv/failover/$t?stale&raw" 2>/dev/null)" = "$t" ]; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      why=$( (grep -a "Error starting agent" "$work/n$i.log" || echo "exited") | tail -1)
      failed_starts+=("trial $t, $(ip_of "$i"): $why")
      tries=$(( tries + 1 ))
      if [ "$tries" -gt 2 ]; then
        echo "server $(ip_of "$i") did not restart: $why; logs in $work" >&2
        KEEP_WORK=1; exit 1
      fi
      echo "trial $t: restarted server $(ip_of "$i") exited ($why); starting it again" >&2
      start_server "$i"
    fi
    if [ "$(date +%s)" -gt "$deadline" ]; then
      echo "server $(ip_of "$i") did not catch up with trial $t within 120 s; logs in $work" >&2
      KEEP_WORK=1; exit 1
    fi
    sleep 0.2
  done
}

for i in 0 1 2; do start_server "$i"; done
writer_ip=""
if [ "$CLIENT" = 1 ]; then start_agent 3; writer_ip=$(ip_of 3); fi
await_agreement > /dev/null
echo "cluster formed; $TRIALS trials" >&2

results=()
for t in $(seq 1 "$TRIALS"); do
  leader=$(await_agreement)
  last=${leader%%:*}; last=${last##*.}; li=$(( last - IP_BASE ))
  survivor=$(( (li + 1) % 3 ))
  target=${writer_ip:-$(ip_of "$survivor")}
  t0=$(now_ms)
  kill -9 "${pids[$li]}"
  until [ "$(curl -s -m 2 -X PUT -d "$t" "http://$target:8500/v1/kv/failover/$t" 2>/dev/null)" = "true" ]; do
    sleep 0.01
    if [ $(( $(now_ms) - t0 )) -gt 60000 ]; then
      echo "trial $t: no write within 60 s; last answer: $(curl -s -m 2 -w ' (HTTP %{http_code})' -X PUT -d "$t" \
        "http://$target:8500/v1/kv/failover/$t" 2>&1)" >&2
      for i in 0 1 2; do echo "  $(ip_of "$i") says leader: $(leader_of "$i")" >&2; done
      exit 1
    fi
  done
  ms=$(( $(now_ms) - t0 ))
  results+=("$ms")
  echo "trial $t: leader $leader killed, write through $target after $ms ms" >&2
  start_server "$li"
  await_restart "$li" "$t"
  await_agreement > /dev/null
  sleep 3
done

sorted=$(printf '%s\n' "${results[@]}" | sort -n)
n=${#results[@]}
pct() { printf '%s\n' "$sorted" | awk -v p="$1" -v n="$n" 'BEGIN{r=int(p*n/100); if (r<p*n/100) r++; if (r<1) r=1} NR==r'; }
p50=$(pct 50); p99=$(pct 99); max=$(printf '%s\n' "$sorted" | tail -1)
stamp=$(date -u +%Y%m%d-%H%M%S)
out=bench/results/failover-$stamp.md
{
  echo "# Failover: kill -9 of the leader to the first successful write ($stamp UTC)"
  echo
  echo "Generated by \`bench/failover.sh\` (TRIALS=$TRIALS CLIENT=$CLIENT). Three servers on $(ip_of 0)-$(( IP_BASE + 2 )),"
  echo "default raft_multiplier (5); writes through $( [ "$CLIENT" = 1 ] && echo "a client agent on $(ip_of 3)" || echo "a surviving server"),"
  echo "retried every 10 ms with a 2 s request timeout. Load, tree and JVM:"
  echo
  echo "- load average: $(cut -d' ' -f1-3 /proc/loadavg); tree $(git rev-parse --short HEAD); $(java -version 2>&1 | head -1)"
  echo
  echo "| trials | p50 ms | p99 ms | max ms |"
  echo "|---:|---:|---:|---:|"
  echo "| $n | $p50 | $p99 | $max |"
  echo
  echo "Trials (ms): ${results[*]}"
  if [ "${#failed_starts[@]}" -gt 0 ]; then
    echo
    echo "Restarted servers that exited while starting (started again):"
    printf -- '- %s\n' "${failed_starts[@]}"
  fi
} > "$out"
cat "$out"
