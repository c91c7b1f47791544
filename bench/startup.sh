#!/usr/bin/env bash
# Start-up time of the agent in -dev mode: N fresh `java -jar agent.jar agent -dev` processes,
# one after the other. For each: wall time from launch to the first HTTP answer of any kind and
# to the first `GET /v1/status/leader` that names a leader (curl polled every ~10 ms), RSS at
# that moment, and the time SIGTERM takes to end the process. Prints each run and the
# median/min/max, writes bench/results/startup-<UTC date-time>.md.
#
# Environment (defaults in brackets):
#   JAR        agent fat jar [<repo>/cli/target/agent.jar]; copied to a temp dir first
#   N          number of starts [10]
#   JAVA_OPTS  extra JVM options [none]
#   AGENT_ARGS extra agent arguments [none]
#   START_TIMEOUT seconds to wait for a leader per start [30]
#   OUT        results file [bench/results/startup-<date>.md]
# Ports: the -dev defaults (HTTP 8500, server 8300, serf 8301/8302, DNS 8600) are used when free;
# a busy one is replaced by a free high port passed as -http-port/-server-port/-serf-lan-port/
# -serf-wan-port/-dns-port.
#
# Exit status: 0 every start reached a leader; 1 otherwise (the failures are in the report).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

JAR=${JAR:-$ROOT/cli/target/agent.jar}
N=${N:-10}
JAVA_OPTS=${JAVA_OPTS:-}
AGENT_ARGS=${AGENT_ARGS:-}
START_TIMEOUT=${START_TIMEOUT:-30}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-$HERE/results/startup-$STAMP.md}

for t in curl ss java; do command -v "$t" >/dev/null || die "$t not found"; done
[[ -f $JAR ]] || die "jar $JAR not found (the lead builds it: cli/target/agent.jar)"

WORK=$(mktemp -d /tmp/proconsul-startbench.XXXXXX)
PID=""
POLL_PID=""
PFD=""
stop_poller() {
  if [[ -n $POLL_PID ]]; then kill "$POLL_PID" 2>/dev/null || true; wait "$POLL_PID" 2>/dev/null || true; fi
  if [[ -n $PFD ]]; then exec {PFD}<&-; fi
  POLL_PID="" PFD=""
}
# One curl process per start polls the leader endpoint every 10 ms (--rate 100/s over a list of
# START_TIMEOUT*100 identical URLs, keep-alive once connected); each answer is one line
# "<body>|<status>" (status 000: no connection yet), timestamped by the shell when read.
POLL_CFG=$WORK/poll.cfg
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
cleanup() {
  local rc=$?
  stop_poller
  stop_pid "$PID" agent
  PID=""
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

copy_jar "$JAR" "$WORK/agent.jar" || die "could not copy a valid jar from $JAR"
JAR_SHA=$(sha256sum "$WORK/agent.jar" | cut -c1-16)
JAR_TIME=$(date -u -r "$WORK/agent.jar" +%Y-%m-%dT%H:%M:%SZ)


ROWS=()
POLL_MS=()
LEADER_MS=()
HTTP_MS=()
FAILS=()
CMD=""

for i in $(seq 1 "$N"); do
  flags=()
  HTTP=$(pick_port 8500)
  [[ $HTTP != 8500 ]] && flags+=("-http-port=$HTTP")
  for spec in server:8300:-server-port serflan:8301:-serf-lan-port serfwan:8302:-serf-wan-port dns:8600:-dns-port grpc:8502:-grpc-port; do
    IFS=: read -r name def flag <<<"$spec"
    p=$(pick_port "$def")
    [[ $p != "$def" ]] && flags+=("$flag=$p")
  done
  # shellcheck disable=SC2206
  cmd=(java $JAVA_OPTS -jar "$WORK/agent.jar" agent -dev "${flags[@]}" $AGENT_ARGS)
  CMD="${cmd[*]}"
  url=http://127.0.0.1:$HTTP/v1/status/leader
  logf=$WORK/agent-$i.log

  for ((k = 0; k < START_TIMEOUT * 100; k++)); do echo "url = \"$url\""; done >"$POLL_CFG"
  t0=${EPOCHREALTIME/[.,]/}
  "${cmd[@]}" >"$logf" 2>&1 &
  PID=$!
  exec {PFD}< <(exec curl -s --rate 100/s --max-time 1 -K "$POLL_CFG" -w '|%{http_code}\n' 2>/dev/null)
  POLL_PID=$!
  http_ms="" leader_ms="" leader="" fail="" polls=0 acc="" code="" body=""
  deadline=$(( t0 + START_TIMEOUT * 1000000 ))
  while :; do
    if ! kill -0 "$PID" 2>/dev/null; then
      fail="exited before a leader; log tail: $(tail -3 "$logf" | tr '\n' ' ')"; break
    fi
    if (( ${EPOCHREALTIME/[.,]/} > deadline )); then
      fail="no leader after ${START_TIMEOUT}s (last answer: HTTP $code '${body:0:80}')"; break
    fi
    line="" rc=0
    IFS= read -r -t 1 -u "$PFD" line || rc=$?
    if (( rc > 128 )); then acc+=$line; continue; fi  # timed out (keep any partial line): check agent and deadline
    if (( rc != 0 )); then fail="the curl poller ended before a leader (last answer: HTTP $code '${body:0:80}')"; break; fi
    t=${EPOCHREALTIME/[.,]/}
    if [[ $line != *'|'[0-9][0-9][0-9] ]]; then acc+=$line; continue; fi   # a body line before "|code"
    polls=$((polls + 1))
    code=${line##*|}
    body=$acc${line%|*}
    acc=""
    body=${body//[$'\r\n\t ']/}
    if [[ -z $http_ms && $code != 000 ]]; then http_ms=$(( (t - t0) / 1000 )); fi
    if [[ $code == 200 && $body =~ ^\"[^\"]+\"$ ]]; then
      leader_ms=$(( (t - t0) / 1000 )); leader=$body; break
    fi
  done
  stop_poller
  rss=$(rss_kb "$PID" || true)
  owner=$(port_owner "$HTTP")
  if [[ -z $fail && -n $owner && $owner != "$PID" ]]; then
    fail="port $HTTP answered by pid $owner, not by our agent $PID: run discarded"
  fi
  s0=${EPOCHREALTIME/[.,]/}
  stop_pid "$PID" agent
  stop_ms=$(( (${EPOCHREALTIME/[.,]/} - s0) / 1000 ))
  PID=""
  if [[ -n $fail ]]; then
    FAILS+=("run $i: $fail")
    ROWS+=("| $i | ${http_ms:--} | FAILED | - | $stop_ms | $polls | - |")
    log "run $i: FAILED: $fail"
  else
    LEADER_MS+=("$leader_ms"); HTTP_MS+=("$http_ms")
    poll_ms=$(( leader_ms / polls )); POLL_MS+=("$poll_ms")
    ROWS+=("| $i | $http_ms | $leader_ms | $(( ${rss:-0} / 1024 )) | $stop_ms | $polls | $poll_ms |")
    log "run $i: first HTTP answer ${http_ms} ms, leader $leader at ${leader_ms} ms, RSS $(( ${rss:-0} / 1024 )) MiB, stop ${stop_ms} ms"
  fi
  sleep 0.5
done

stats() {  # values... -> "median / min / max"
  if (( $# == 0 )); then echo "- / - / -"; return; fi
  printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {
    m = (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.0f / %d / %d", m, a[1], a[NR] }'
}

mkdir -p "$(dirname "$OUT")"
{
  echo "# Agent start-up, -dev mode ($STAMP UTC)"
  echo
  echo "Generated by \`bench/startup.sh\` (see bench/README.md)."
  echo
  echo "- command: \`$CMD\`"
  echo "- tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); jar: $JAR_SHA (sha256 prefix, built $JAR_TIME); $(java -version 2>&1 | head -1)"
  echo "- load average at the start: $LOAD_START, at the end: $(cut -d' ' -f1-3 /proc/loadavg) (2 cores shared with other work: start-up is CPU-bound, so this matters)"
  echo "- timing: launch (just before the fork of java) → the moment the script read the answer from one curl process polling at 100 requests/s (\`--rate 100/s\`, keep-alive once connected); a value is late by up to one poll period (median $(stats "${POLL_MS[@]}" | cut -d' ' -f1) ms per poll in this run, last column)"
  echo
  echo "| | median | min | max |"
  echo "|---|---:|---:|---:|"
  echo "| launch → leader at /v1/status/leader (ms) | $(stats "${LEADER_MS[@]}" | sed 's# / # | #g') |"
  echo "| launch → first HTTP answer (ms) | $(stats "${HTTP_MS[@]}" | sed 's# / # | #g') |"
  echo
  echo "Successful starts: ${#LEADER_MS[@]} of $N."
  echo
  echo "| run | first HTTP answer ms | leader ms | RSS at leader MiB | SIGTERM → exit ms | polls | ms per poll |"
  echo "|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${ROWS[@]}"
  echo
  echo "## Failures"
  echo
  if (( ${#FAILS[@]} == 0 )); then echo "None."; else printf -- '- %s\n' "${FAILS[@]}"; fi
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
log "results written to $OUT"
(( ${#FAILS[@]} == 0 ))
