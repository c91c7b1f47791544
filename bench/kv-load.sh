#!/usr/bin/env bash
# KV load: one Proconsul agent (-server, single node, on-disk data dir) against one single-member
# etcd 3.4, both on 127.0.0.1, driven by wrk (bench/wrk/*.lua).
#
# For each system, one after the other (never both under load at once):
#   start it in a fresh temp data dir -> wait until ready (agent: a leader at /v1/status/leader;
#   etcd: /health) -> idle RSS -> pre-populate KEYS keys -> warm-up (PUT and GET, 16 conns,
#   WARMUP s, not reported) -> PUT with unique keys at each of CONNS -> RSS -> GET of existing
#   keys at each of CONNS -> RSS -> stop (by PID).
# Writes bench/results/kv-<UTC date-time>.md (tables per system, ratio agent/etcd per point,
# every error seen, raw wrk output) and prints the tables.
#
# Environment (defaults in brackets):
#   JAR          agent fat jar [<repo>/cli/target/agent.jar]; copied to a temp dir first
#   DURATION     seconds per measured point [10]
#   WARMUP       seconds of warm-up per op per system, 0 to skip [5]
#   CONNS        connection counts [1 16 64]  (wrk threads = min(2, conns))
#   SYSTEMS      which systems to run [agent etcd]
#   KEYS         pre-populated keys read by GET [1000]
#   VALUE_LEN    value size in bytes [256]
#   WRK_TIMEOUT  wrk per-request timeout; a slower answer counts as a timeout error [5s]
#   JAVA_OPTS    extra JVM options for the agent [none]
#   AGENT_ARGS   extra agent arguments [none]
#   READY_TIMEOUT seconds to wait for each system to become ready [60]
#   ETCD_SERIALIZABLE=1  etcd GETs as serializable reads instead of the default linearizable ones
#   OUT          results file [bench/results/kv-<date>.md]
#   KEEP_WORK=1  keep the temp dir (logs, data dirs, raw wrk output)
# Ports: the defaults (agent HTTP 8500, server 8300, serf 8301/8302, DNS 8600; etcd 2379/2380)
# are used when free; a busy one is replaced by a free high port and passed as a flag
# (-http-port, -server-port, -serf-lan-port, -serf-wan-port, -dns-port).
#
# Exit status: 0 all points ran without errors; 3 some point saw errors (they are in the report);
# 1 a system could not be started or wrk failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

JAR=${JAR:-$ROOT/cli/target/agent.jar}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNS=${CONNS:-"1 16 64"}
SYSTEMS=${SYSTEMS:-"agent etcd"}
KEYS=${KEYS:-1000}
VALUE_LEN=${VALUE_LEN:-256}
WRK_TIMEOUT=${WRK_TIMEOUT:-5s}
JAVA_OPTS=${JAVA_OPTS:-}
AGENT_ARGS=${AGENT_ARGS:-}
READY_TIMEOUT=${READY_TIMEOUT:-60}
ETCD_SERIALIZABLE=${ETCD_SERIALIZABLE:-0}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-$HERE/results/kv-$STAMP.md}

for t in wrk etcd curl python3 ss java; do
  command -v "$t" >/dev/null || die "$t not found (apt-get install -y wrk etcd-server etcd-client curl iproute2)"
done

WORK=$(mktemp -d /tmp/proconsul-kvbench.XXXXXX)
AGENT_PID=""
ETCD_PID=""
AGENT_HTTP=""
ETCD_PORT=""
cleanup() {
  local rc=$?
  stop_pid "$AGENT_PID" agent
  stop_pid "$ETCD_PID" etcd
  AGENT_PID="" ETCD_PID=""
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

declare -A R            # R[system:op:conns:field]
declare -A INFO         # INFO[system:field]
ERRORS=()               # human-readable error lines
FAILED=0

# ---------------------------------------------------------------------------------------------
# run_point SYSTEM(agent|etcd) OP(put|get) CONNS DURATION_S TAG -> fills R[...]; returns 1 if wrk failed
run_point() {
  local sys=$1 op=$2 c=$3 d=$4 tag=$5 port script url raw t pid line k v
  if [[ $sys == agent ]]; then port=$AGENT_HTTP; script=$HERE/wrk/consul-$op.lua; pid=$AGENT_PID
  else port=$ETCD_PORT; script=$HERE/wrk/etcd-$op.lua; pid=$ETCD_PID; fi
  url=http://127.0.0.1:$port
  t=$(( c < 2 ? c : 2 ))
  raw=$WORK/wrk-$sys-$op-c$c-$tag.txt
  local cpu0 cpu1 m0 m1 w0 w1
  children_cpu "$WORK/times" w0
  m0=$(machine_ticks)
  cpu0=$(cpu_ticks "$pid")
  log "$sys $op c=$c t=$t ${d}s ($tag)"
  if ! BENCH_TAG="$tag" BENCH_KEYS=$KEYS BENCH_VALUE_LEN=$VALUE_LEN BENCH_ETCD_SERIALIZABLE=$ETCD_SERIALIZABLE \
       timeout -k 5 $((d + 30)) wrk -t"$t" -c"$c" -d"${d}s" --timeout "$WRK_TIMEOUT" --latency -s "$script" "$url" >"$raw" 2>&1; then
    log "wrk failed: $(tail -3 "$raw")"
  fi
  cpu1=$(cpu_ticks "$pid")
  m1=$(machine_ticks)
  children_cpu "$WORK/times" w1
  line=$(grep '^RESULT ' "$raw" | tail -1 || true)
  local key=$sys:$op:$c
  [[ $tag == warm* ]] && key=$sys:$op:warm$c
  R[$key:threads]=$t
  R[$key:raw]=$raw
  if [[ -z $line ]]; then
    R[$key:failed]=1
    ERRORS+=("$sys $op c=$c ($tag): wrk produced no result: $(tail -3 "$raw" | tr '\n' ' ')")
    return 1
  fi
  for kv in ${line#RESULT }; do
    k=${kv%%=*}; v=${kv#*=}
    R[$key:$k]=$v
  done
  R[$key:cpu_s]=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", (b-a)/hz}')
  R[$key:cpu_us_req]=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$CLK_TCK" -v n="${R[$key:requests]}" \
    'BEGIN{ if (n>0) printf "%.0f", (b-a)/hz*1e6/n; else print "-" }')
  # CPU seconds during the point: wrk (children of this shell) and everything else on the machine
  # (other engineers' work) = all busy CPU time - server - wrk.
  R[$key:wrk_cpu_s]=$(awk -v a="$w0" -v b="$w1" 'BEGIN{printf "%.2f", b-a}')
  R[$key:other_cpu_s]=$(awk -v m0="${m0%% *}" -v m1="${m1%% *}" -v s="$((cpu1 - cpu0))" -v w="${R[$key:wrk_cpu_s]}" \
    -v hz="$CLK_TCK" 'BEGIN{o=(m1-m0-s)/hz-w; if (o<0) o=0; printf "%.2f", o}')
  local errs=""
  for f in connect read write timeout non2xx badbody; do
    if [[ ${R[$key:$f]:-0} != 0 ]]; then errs+=" $f=${R[$key:$f]}"; fi
  done
  if [[ -n $errs ]]; then
    ERRORS+=("$sys $op c=$c ($tag): requests=${R[$key:requests]}$errs status codes: ${R[$key:codes]}")
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    ERRORS+=("$sys died during $op c=$c ($tag)")
    return 1
  fi
  return 0
}

bench_system() {
  local sys=$1 pid c
  if [[ $sys == agent ]]; then pid=$AGENT_PID; else pid=$ETCD_PID; fi
  INFO[$sys:rss_idle]=$(rss_kb "$pid")
  log "$sys idle RSS ${INFO[$sys:rss_idle]} KiB; pre-populating $KEYS keys"
  local psys=consul port=$AGENT_HTTP
  [[ $sys == etcd ]] && psys=etcd port=$ETCD_PORT
  if ! timeout 300 python3 "$HERE/lib/prepop.py" "$psys" "$port" "$KEYS" "$VALUE_LEN" >"$WORK/prepop-$sys.txt" 2>&1; then
    ERRORS+=("$sys pre-population failed: $(tail -2 "$WORK/prepop-$sys.txt" | tr '\n' ' ')")
    return 1
  fi
  INFO[$sys:rss_prepop]=$(rss_kb "$pid")
  if [[ $WARMUP != 0 ]]; then
    run_point "$sys" put 16 "$WARMUP" warm || return 1
    run_point "$sys" get 16 "$WARMUP" warm || return 1
  fi
  for c in $CONNS; do
    sleep 1
    run_point "$sys" put "$c" "$DURATION" "c$c" || return 1
  done
  INFO[$sys:rss_put]=$(rss_kb "$pid")
  for c in $CONNS; do
    sleep 1
    run_point "$sys" get "$c" "$DURATION" "c$c" || return 1
  done
  INFO[$sys:rss_get]=$(rss_kb "$pid")
  return 0
}

# ---------------------------------------------------------------------------------------------
start_agent() {
  [[ -f $JAR ]] || { ERRORS+=("agent: jar $JAR not found"); return 1; }
  copy_jar "$JAR" "$WORK/agent.jar" || { ERRORS+=("agent: could not copy a valid jar from $JAR"); return 1; }
  INFO[agent:jar_sha]=$(sha256sum "$WORK/agent.jar" | cut -c1-16)
  INFO[agent:jar_time]=$(date -u -r "$WORK/agent.jar" +%Y-%m-%dT%H:%M:%SZ)
  local flags=() name def flag p
  AGENT_HTTP=$(pick_port "${AGENT_HTTP_PORT:-8500}")
  [[ $AGENT_HTTP != 8500 ]] && flags+=("-http-port=$AGENT_HTTP")
  for spec in server:8300:-server-port serflan:8301:-serf-lan-port serfwan:8302:-serf-wan-port dns:8600:-dns-port grpc:8502:-grpc-port; do
    IFS=: read -r name def flag <<<"$spec"
    p=$(pick_port "$def")
    [[ $p != "$def" ]] && flags+=("$flag=$p")
  done
  mkdir -p "$WORK/agent-data"
  # shellcheck disable=SC2206
  local cmd=(java $JAVA_OPTS -jar "$WORK/agent.jar" agent -server -bootstrap-expect=1
             "-data-dir=$WORK/agent-data" -bind=127.0.0.1 -client=127.0.0.1 "${flags[@]}" $AGENT_ARGS)
  INFO[agent:cmd]="${cmd[*]}"
  log "starting agent: ${cmd[*]}"
  local t0; t0=$(now_ms)
  "${cmd[@]}" >"$WORK/agent.log" 2>&1 &
  AGENT_PID=$!
  local deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 )) leader
  while :; do
    if ! kill -0 "$AGENT_PID" 2>/dev/null; then
      wait "$AGENT_PID" 2>/dev/null && rc=0 || rc=$?
      ERRORS+=("agent exited during start-up (status $rc); log tail: $(tail -5 "$WORK/agent.log" | tr '\n' ' ')")
      AGENT_PID=""; return 1
    fi
    leader=$(curl -s --max-time 1 "http://127.0.0.1:$AGENT_HTTP/v1/status/leader" 2>/dev/null || true)
    if [[ $leader =~ ^\"[^\"]+\"$ ]]; then break; fi
    if (( $(now_ms) > deadline )); then
      ERRORS+=("agent: no leader after ${READY_TIMEOUT}s (last answer: '${leader:0:100}'); log tail: $(tail -5 "$WORK/agent.log" | tr '\n' ' ')")
      return 1
    fi
    sleep 0.05
  done
  INFO[agent:ready_ms]=$(( $(now_ms) - t0 ))
  local owner; owner=$(port_owner "$AGENT_HTTP")
  if [[ -n $owner && $owner != "$AGENT_PID" ]]; then
    ERRORS+=("agent: port $AGENT_HTTP is served by pid $owner, not by our agent $AGENT_PID")
    return 1
  fi
  log "agent ready in ${INFO[agent:ready_ms]} ms, leader $leader, pid $AGENT_PID"
  sleep 2
}

start_etcd() {
  ETCD_PORT=$(pick_port "${ETCD_CLIENT_PORT:-2379}")
  local peer; peer=$(pick_port "${ETCD_PEER_PORT:-2380}")
  INFO[etcd:version]=$(etcd --version | head -1 | awk '{print $3}')
  local cmd=(etcd --name bench --data-dir "$WORK/etcd-data"
             --listen-client-urls "http://127.0.0.1:$ETCD_PORT" --advertise-client-urls "http://127.0.0.1:$ETCD_PORT"
             --listen-peer-urls "http://127.0.0.1:$peer" --initial-advertise-peer-urls "http://127.0.0.1:$peer"
             --initial-cluster "bench=http://127.0.0.1:$peer")
  INFO[etcd:cmd]="${cmd[*]}"
  log "starting etcd: ${cmd[*]}"
  local t0; t0=$(now_ms)
  "${cmd[@]}" >"$WORK/etcd.log" 2>&1 &
  ETCD_PID=$!
  local deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 )) h
  while :; do
    if ! kill -0 "$ETCD_PID" 2>/dev/null; then
      ERRORS+=("etcd exited during start-up; log tail: $(tail -5 "$WORK/etcd.log" | tr '\n' ' ')")
      ETCD_PID=""; return 1
    fi
    h=$(curl -s --max-time 1 "http://127.0.0.1:$ETCD_PORT/health" 2>/dev/null || true)
    [[ $h == *'"health":"true"'* ]] && break
    if (( $(now_ms) > deadline )); then
      ERRORS+=("etcd: not healthy after ${READY_TIMEOUT}s (last answer: '${h:0:100}')"); return 1
    fi
    sleep 0.05
  done
  INFO[etcd:ready_ms]=$(( $(now_ms) - t0 ))
  local owner; owner=$(port_owner "$ETCD_PORT")
  if [[ -n $owner && $owner != "$ETCD_PID" ]]; then
    ERRORS+=("etcd: port $ETCD_PORT is served by pid $owner, not by our etcd $ETCD_PID"); return 1
  fi
  log "etcd ready in ${INFO[etcd:ready_ms]} ms, pid $ETCD_PID"
  sleep 2
}

# ---------------------------------------------------------------------------------------------
INFO[load_start]=$(cut -d' ' -f1-3 /proc/loadavg)
INFO[started]=$(date -u +%Y-%m-%dT%H:%M:%SZ)
for sys in $SYSTEMS; do
  INFO[$sys:load_before]=$(cut -d' ' -f1-3 /proc/loadavg)
  case $sys in
    agent)
      if start_agent; then bench_system agent || FAILED=1; else FAILED=1; fi
      stop_pid "$AGENT_PID" agent; AGENT_PID="" ;;
    etcd)
      if start_etcd; then bench_system etcd || FAILED=1; else FAILED=1; fi
      stop_pid "$ETCD_PID" etcd; ETCD_PID="" ;;
    *) die "unknown system $sys (agent|etcd)" ;;
  esac
  INFO[$sys:ran]=1
done
INFO[finished]=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# ---------------------------------------------------------------------------------------------
ms() { awk -v u="$1" 'BEGIN{ if (u=="") print "-"; else printf "%.2f", u/1000 }'; }
mb() { awk -v k="$1" 'BEGIN{ if (k=="") print "-"; else printf "%.0f MiB", k/1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="" || b=="" || b+0==0) print "-"; else printf "%.2f", a/b }'; }
sysname() { if [[ $1 == agent ]]; then echo "Proconsul agent"; else echo "etcd ${INFO[etcd:version]:-}"; fi; }

table() {
  local sys=$1 op c k
  echo "| op | conns | wrk threads | req/s | p50 ms | p90 ms | p99 ms | max ms | socket errors c/r/w/timeout | non-2xx | bad body | status codes | server CPU s | server CPU µs/req | wrk CPU s | other CPU s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|"
  for op in put get; do
    for c in $CONNS; do
      k=$sys:$op:$c
      if [[ -z ${R[$k:threads]:-} ]]; then continue; fi
      if [[ -n ${R[$k:failed]:-} ]]; then echo "| $op | $c | ${R[$k:threads]} | FAILED (see errors) |||||||||||||"; continue; fi
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s/%s/%s/%s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "$op" "$c" "${R[$k:threads]}" "$(printf %.0f "${R[$k:rps]}")" \
        "$(ms "${R[$k:p50_us]}")" "$(ms "${R[$k:p90_us]}")" "$(ms "${R[$k:p99_us]}")" "$(ms "${R[$k:max_us]}")" \
        "${R[$k:connect]}" "${R[$k:read]}" "${R[$k:write]}" "${R[$k:timeout]}" \
        "${R[$k:non2xx]}" "${R[$k:badbody]}" "${R[$k:codes]}" "${R[$k:cpu_s]}" "${R[$k:cpu_us_req]}" \
        "${R[$k:wrk_cpu_s]}" "${R[$k:other_cpu_s]}"
    done
  done
}

report() {
  local sys op c a e
  echo "# KV load: Proconsul agent vs etcd ($STAMP UTC)"
  echo
  echo "Generated by \`bench/kv-load.sh\` (see bench/README.md). Load generator (wrk) and server share the"
  echo "machine's $(nproc) cores: absolute numbers include wrk's own CPU; compare the systems, not the absolutes."
  echo
  echo "- run: ${INFO[started]} → ${INFO[finished]}; load average before: agent ${INFO[agent:load_before]:--}, etcd ${INFO[etcd:load_before]:--} (other work on the machine shows here)"
  echo "- tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); jar: ${INFO[agent:jar_sha]:--} (sha256 prefix, built ${INFO[agent:jar_time]:--})"
  echo "- $(java -version 2>&1 | head -1); etcd ${INFO[etcd:version]:-$(etcd --version | head -1 | awk '{print $3}')}; $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "- settings: DURATION=${DURATION}s per point, WARMUP=${WARMUP}s per op (16 conns, not reported), CONNS=\"$CONNS\", KEYS=$KEYS pre-populated, VALUE_LEN=$VALUE_LEN, WRK_TIMEOUT=$WRK_TIMEOUT, JAVA_OPTS=\"$JAVA_OPTS\""
  echo "- PUT: unique keys \`bench/put/<point>/<thread>/<n>\` (agent: \`PUT /v1/kv/...\`, etcd: \`POST /v3/kv/put\`); GET: uniform random over the $KEYS pre-populated keys (agent: \`GET /v1/kv/...\` default consistency, etcd: \`POST /v3/kv/range\` $( [[ $ETCD_SERIALIZABLE == 1 ]] && echo 'serializable (ETCD_SERIALIZABLE=1)' || echo 'linearizable, the default'))"
  echo
  for sys in $SYSTEMS; do
    echo "## $(sysname "$sys")"
    echo
    echo "\`${INFO[$sys:cmd]:-not started}\`"
    echo
    echo "- ready after: ${INFO[$sys:ready_ms]:--} ms (launch → $( [[ $sys == agent ]] && echo 'leader at /v1/status/leader' || echo '/health true'))"
    echo "- RSS: idle $(mb "${INFO[$sys:rss_idle]:-}"), after pre-population $(mb "${INFO[$sys:rss_prepop]:-}"), after PUT points $(mb "${INFO[$sys:rss_put]:-}"), after GET points $(mb "${INFO[$sys:rss_get]:-}")"
    echo
    table "$sys"
    echo
  done
  if [[ " $SYSTEMS " == *" agent "* && " $SYSTEMS " == *" etcd "* ]]; then
    echo "## Ratio agent / etcd"
    echo
    echo "req/s ratio > 1: the agent serves more; latency ratio < 1: the agent answers faster."
    echo
    echo "| op | conns | req/s | p50 | p99 | CPU µs/req |"
    echo "|---|---:|---:|---:|---:|---:|"
    for op in put get; do
      for c in $CONNS; do
        a=agent:$op:$c e=etcd:$op:$c
        printf '| %s | %s | %s | %s | %s | %s |\n' "$op" "$c" \
          "$(ratio "${R[$a:rps]:-}" "${R[$e:rps]:-}")" "$(ratio "${R[$a:p50_us]:-}" "${R[$e:p50_us]:-}")" \
          "$(ratio "${R[$a:p99_us]:-}" "${R[$e:p99_us]:-}")" "$(ratio "${R[$a:cpu_us_req]:-}" "${R[$e:cpu_us_req]:-}")"
      done
    done
    echo
  fi
  echo "## Errors"
  echo
  if (( ${#ERRORS[@]} == 0 )); then
    echo "None: every request of every point (warm-up included) got a 2xx with the expected body, no socket errors or timeouts."
  else
    for e in "${ERRORS[@]}"; do echo "- $e"; done
  fi
  echo
  echo "## Raw wrk output"
  echo
  echo "<details><summary>all points, warm-up included</summary>"
  echo
  for sys in $SYSTEMS; do
    for f in "$WORK"/wrk-"$sys"-*.txt; do
      [[ -f $f ]] || continue
      echo "### $(basename "$f" .txt)"
      echo '```'
      cat "$f"
      echo '```'
    done
  done
  echo
  echo "</details>"
}

mkdir -p "$(dirname "$OUT")"
report >"$OUT"
# print the tables (not the raw output) to the terminal
sed -n '1,/^## Raw wrk output/p' "$OUT" | sed '$d'
log "results written to $OUT"

if (( FAILED )); then exit 1; fi
if (( ${#ERRORS[@]} > 0 )); then exit 3; fi
exit 0
