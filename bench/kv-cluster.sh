#!/usr/bin/env bash
# KV load on clusters: three Proconsul servers (127.0.0.2-4, -bootstrap-expect=3) against a 3-member
# etcd 3.4 (127.0.0.5-7), both started by this script in the same run, driven by wrk with the same
# Lua scripts as bench/kv-load.sh (bench/wrk/*.lua).
#
#   start the 3 agents and the 3 etcd members (fresh data dirs in a temp dir) -> wait until the three
#   agents name one leader and the three etcd members are healthy and name one leader -> RSS of all six
#   (idle) -> for each system in turn: pre-populate KEYS keys through its leader, then for each target
#   node (the leader, then a follower): warm-up (PUT and GET, 16 conns, WARMUP s, not reported) ->
#   PUT unique keys at each of CONNS -> RSS -> GET of existing keys at each of CONNS -> (follower, with
#   EXTRA_READS=1: GET with local reads, Proconsul ?stale / etcd serializable, at each of CONNS) -> RSS.
#   Only one target is under load at a time; the other cluster sits idle meanwhile.
# Writes bench/results/kv-cluster-<UTC date-time>.md (a table per target, ratios Proconsul/etcd for
# leader vs leader and follower vs follower, RSS of every process per phase, every error, raw wrk
# output) and prints the tables.
#
# Environment (defaults in brackets):
#   JAR           agent fat jar [<repo>/cli/target/agent.jar]; copied to a temp dir first
#   DURATION      seconds per measured point [10]
#   WARMUP        seconds of warm-up per op per target, 0 to skip [5]
#   CONNS         connection counts [1 16 64]  (wrk threads = min(2, conns))
#   TARGETS       which targets, in order [pc-leader pc-follower etcd-leader etcd-follower]
#   EXTRA_READS   1: also GET with local reads on the followers (Proconsul ?stale, etcd serializable) [1]
#   ETCD_SERIALIZABLE=1  the main etcd GET points as serializable reads (default: linearizable) [0]
#   KEYS          pre-populated keys read by GET [1000]
#   VALUE_LEN     value size in bytes [256]
#   WRK_TIMEOUT   wrk per-request timeout; a slower answer counts as a timeout error [5s]
#   JAVA_OPTS     extra JVM options for the agents [none]
#   AGENT_ARGS    extra agent arguments [none]
#   READY_TIMEOUT seconds to wait for each cluster to form [90]
#   PC_IPS        the agents' addresses ["127.0.0.2 127.0.0.3 127.0.0.4"]
#   ETCD_IPS      the etcd members' addresses ["127.0.0.5 127.0.0.6 127.0.0.7"]
#   OUT           results file [bench/results/kv-cluster-<date>.md]
#   KEEP_WORK=1   keep the temp dir (logs, data dirs, raw wrk output)
# Ports: every agent uses Consul's defaults (8300/8301/8302/8500, DNS off) on its own address, every
# etcd member 2379/2380 on its own. If one of them is already held on a given address (or on the
# wildcard), e.g. by bench/failover.sh, the next candidate addresses are used (127.0.1.x, 127.0.2.x,
# ...) unless PC_IPS/ETCD_IPS were given, in which case the run stops.
#
# Exit status: 0 all points ran without errors; 3 some point saw errors (they are in the report);
# 1 a cluster could not be formed, pre-population failed or wrk failed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(dirname "$HERE")
# shellcheck source=lib/common.sh
source "$HERE/lib/common.sh"

JAR=${JAR:-$ROOT/cli/target/agent.jar}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-5}
CONNS=${CONNS:-"1 16 64"}
TARGETS=${TARGETS:-"pc-leader pc-follower etcd-leader etcd-follower"}
EXTRA_READS=${EXTRA_READS:-1}
ETCD_SERIALIZABLE=${ETCD_SERIALIZABLE:-0}
KEYS=${KEYS:-1000}
VALUE_LEN=${VALUE_LEN:-256}
WRK_TIMEOUT=${WRK_TIMEOUT:-5s}
JAVA_OPTS=${JAVA_OPTS:-}
AGENT_ARGS=${AGENT_ARGS:-}
READY_TIMEOUT=${READY_TIMEOUT:-90}
STAMP=$(date -u +%Y%m%d-%H%M%S)
OUT=${OUT:-$HERE/results/kv-cluster-$STAMP.md}
PC_PORTS="8300 8301 8302 8500 8502"
ETCD_PORTS="2379 2380"

for t in wrk etcd curl python3 ss java; do
  command -v "$t" >/dev/null || die "$t not found (apt-get install -y wrk etcd-server etcd-client curl iproute2)"
done
for t in $TARGETS; do
  case $t in pc-leader|pc-follower|etcd-leader|etcd-follower) ;; *) die "unknown target $t" ;; esac
done

# ---------------------------------------------------------------------------------------------
# addresses
# addr_busy IP PORT: something listens (TCP) or is bound (UDP) on IP:PORT or on the wildcard.
addr_busy() {
  local ip=$1 port=$2
  ss -Hltun 2>/dev/null | awk '{print $5}' | grep -qE "^(${ip//./\\.}|0\.0\.0\.0|\*|\[::\]|\[::ffff:${ip//./\\.}\]):$port\$"
}
ips_free() { # "IPS" "PORTS"
  local ip p
  for ip in $1; do for p in $2; do addr_busy "$ip" "$p" && return 1; done; done
  return 0
}
# choose_ips FIRST_LAST_OCTETS GIVEN PORTS: prints three free addresses
choose_ips() {
  local octets=$1 given=$2 ports=$3 net cand o
  if [[ -n $given ]]; then
    ips_free "$given" "$ports" || { log "ERROR: a port of $ports is busy on $given"; return 1; }
    echo "$given"; return 0
  fi
  for net in 0 1 2 3 4 5 6 7 8 9; do
    cand=""
    for o in $octets; do cand+="127.0.$net.$o "; done
    cand=${cand% }
    if ips_free "$cand" "$ports"; then echo "$cand"; return 0; fi
  done
  log "ERROR: no free address triple for ports $ports"; return 1
}
PC_IPS=$(choose_ips "2 3 4" "${PC_IPS:-}" "$PC_PORTS") || exit 1
ETCD_IPS=$(choose_ips "5 6 7" "${ETCD_IPS:-}" "$ETCD_PORTS") || exit 1
read -r -a PCIP <<<"$PC_IPS"
read -r -a ETIP <<<"$ETCD_IPS"

# owner_of IP PORT: PID of the process listening on TCP IP:PORT (or on the wildcard).
owner_of() {
  ss -Hltnp 2>/dev/null | awk -v a="$1:$2" -v b="[::ffff:$1]:$2" -v c="0.0.0.0:$2" -v d="*:$2" -v e="[::]:$2" \
    '$4==a || $4==b || $4==c || $4==d || $4==e' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true
}

WORK=$(mktemp -d /tmp/proconsul-kvcluster.XXXXXX)
declare -A PID          # PID[pc0..2], PID[etcd0..2]
PROCS="pc0 pc1 pc2 etcd0 etcd1 etcd2"
cleanup() {
  local rc=$? p
  for p in $PROCS; do stop_pid "${PID[$p]:-}" "$p"; PID[$p]=""; done
  if [[ "${KEEP_WORK:-0}" == 1 ]]; then log "work dir kept: $WORK"; else rm -rf "$WORK"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

declare -A R            # R[target:op:conns:field]
declare -A INFO         # INFO[...]
declare -A RSS          # RSS[proc:phase] KiB
PHASES=()
ERRORS=()
FAILED=0

# ---------------------------------------------------------------------------------------------
# cluster state
# pc_leader_idx: index (0-2) of the agent that all three agents name as leader; empty if they do not agree.
pc_leader_idx() {
  local i l first="" ip
  for i in 0 1 2; do
    l=$(curl -s --max-time 1 "http://${PCIP[$i]}:8500/v1/status/leader" 2>/dev/null | tr -d '"' || true)
    [[ -n $l ]] || return 0
    if [[ -z $first ]]; then first=$l; elif [[ $l != "$first" ]]; then return 0; fi
  done
  ip=${first%:*}
  for i in 0 1 2; do [[ ${PCIP[$i]} == "$ip" ]] && { echo "$i"; return 0; }; done
}
# etcd_leader_idx: index of the member that all three members name as leader; empty otherwise.
etcd_leader_idx() {
  local i s l first="" idx=""
  for i in 0 1 2; do
    s=$(curl -s --max-time 1 -X POST -d '{}' "http://${ETIP[$i]}:2379/v3/maintenance/status" 2>/dev/null || true)
    l=$(grep -o '"leader":"[0-9]*"' <<<"$s" | head -1 | cut -d'"' -f4 || true)
    [[ -n $l ]] || return 0
    if [[ -z $first ]]; then first=$l; elif [[ $l != "$first" ]]; then return 0; fi
    [[ $s == *"\"member_id\":\"$l\""* ]] && idx=$i
  done
  echo "$idx"
}
leader_idx() { if [[ $1 == pc ]]; then pc_leader_idx; else etcd_leader_idx; fi; }

start_pc() {
  [[ -f $JAR ]] || { ERRORS+=("agent: jar $JAR not found"); return 1; }
  copy_jar "$JAR" "$WORK/agent.jar" || { ERRORS+=("agent: could not copy a valid jar from $JAR"); return 1; }
  INFO[jar_sha]=$(sha256sum "$WORK/agent.jar" | cut -c1-16)
  INFO[jar_time]=$(date -u -r "$WORK/agent.jar" +%Y-%m-%dT%H:%M:%SZ)
  local i ip cmd
  for i in 0 1 2; do
    ip=${PCIP[$i]}
    # shellcheck disable=SC2206
    cmd=(java $JAVA_OPTS -jar "$WORK/agent.jar" agent -server -bootstrap-expect=3 -node="n$i"
         -data-dir="$WORK/pc-n$i" -bind="$ip" -client="$ip" -dns-port=-1
         -retry-join="${PCIP[0]}" -retry-join="${PCIP[1]}" -retry-join="${PCIP[2]}" -retry-interval=1s $AGENT_ARGS)
    INFO[pc$i:cmd]="${cmd[*]}"
    "${cmd[@]}" >"$WORK/pc-n$i.log" 2>&1 &
    PID[pc$i]=$!
  done
  log "started agents on $PC_IPS: pids ${PID[pc0]} ${PID[pc1]} ${PID[pc2]}"
}

start_etcd() {
  INFO[etcd_version]=$(etcd --version | head -1 | awk '{print $3}')
  local i ip cluster="" cmd
  for i in 0 1 2; do cluster+="e$i=http://${ETIP[$i]}:2380,"; done
  cluster=${cluster%,}
  for i in 0 1 2; do
    ip=${ETIP[$i]}
    cmd=(etcd --name "e$i" --data-dir "$WORK/etcd-e$i"
         --listen-client-urls "http://$ip:2379" --advertise-client-urls "http://$ip:2379"
         --listen-peer-urls "http://$ip:2380" --initial-advertise-peer-urls "http://$ip:2380"
         --initial-cluster "$cluster" --initial-cluster-state new --initial-cluster-token "kvcluster-$STAMP")
    INFO[etcd$i:cmd]="${cmd[*]}"
    "${cmd[@]}" >"$WORK/etcd-e$i.log" 2>&1 &
    PID[etcd$i]=$!
  done
  log "started etcd members on $ETCD_IPS: pids ${PID[etcd0]} ${PID[etcd1]} ${PID[etcd2]}"
}

# await_clusters: both clusters formed (one agreed leader each; etcd members healthy); checks port owners.
await_clusters() {
  local t0=$1 deadline=$(( $(now_ms) + READY_TIMEOUT * 1000 )) p i h ok
  local pc_done="" et_done=""
  while [[ -z $pc_done || -z $et_done ]]; do
    for p in $PROCS; do
      if ! kill -0 "${PID[$p]}" 2>/dev/null; then
        local lf; if [[ $p == pc* ]]; then lf=$WORK/pc-n${p#pc}.log; else lf=$WORK/etcd-e${p#etcd}.log; fi
        ERRORS+=("$p exited during start-up; log tail: $(tail -5 "$lf" | tr '\n' ' ')")
        PID[$p]=""; return 1
      fi
    done
    if [[ -z $pc_done && -n $(pc_leader_idx) ]]; then
      pc_done=1; INFO[pc:ready_ms]=$(( $(now_ms) - t0 ))
      log "agents agree on leader ${PCIP[$(pc_leader_idx)]} after ${INFO[pc:ready_ms]} ms"
    fi
    if [[ -z $et_done ]]; then
      ok=1
      for i in 0 1 2; do
        h=$(curl -s --max-time 1 "http://${ETIP[$i]}:2379/health" 2>/dev/null || true)
        [[ $h == *'"health":"true"'* ]] || ok=0
      done
      if (( ok )) && [[ -n $(etcd_leader_idx) ]]; then
        et_done=1; INFO[etcd:ready_ms]=$(( $(now_ms) - t0 ))
        log "etcd healthy, leader ${ETIP[$(etcd_leader_idx)]} after ${INFO[etcd:ready_ms]} ms"
      fi
    fi
    if (( $(now_ms) > deadline )); then
      [[ -n $pc_done ]] || ERRORS+=("agents: no agreed leader after ${READY_TIMEOUT}s; log tails: $(for i in 0 1 2; do tail -3 "$WORK/pc-n$i.log"; done | tr '\n' ' ')")
      [[ -n $et_done ]] || ERRORS+=("etcd: not healthy with one leader after ${READY_TIMEOUT}s")
      return 1
    fi
    sleep 0.1
  done
  for i in 0 1 2; do
    local o
    o=$(owner_of "${PCIP[$i]}" 8500)
    [[ -z $o || $o == "${PID[pc$i]}" ]] || { ERRORS+=("${PCIP[$i]}:8500 is served by pid $o, not by our agent ${PID[pc$i]}"); return 1; }
    o=$(owner_of "${ETIP[$i]}" 2379)
    [[ -z $o || $o == "${PID[etcd$i]}" ]] || { ERRORS+=("${ETIP[$i]}:2379 is served by pid $o, not by our etcd ${PID[etcd$i]}"); return 1; }
  done
}

snap() { # phase name: RSS of every process
  local p
  PHASES+=("$1")
  for p in $PROCS; do RSS[$p:$1]=$(rss_kb "${PID[$p]:-0}"); done
}

sys_cpu_ticks() { # pc|etcd: summed CPU ticks of the system's three processes
  local s=0 i
  for i in 0 1 2; do s=$(( s + $(cpu_ticks "${PID[$1$i]}") )); done
  echo "$s"
}

# ---------------------------------------------------------------------------------------------
# run_point TARGET OP(put|get|getx) CONNS DURATION_S TAG NODE_IDX -> fills R[...]; 1 if wrk failed
run_point() {
  local tgt=$1 op=$2 c=$3 d=$4 tag=$5 idx=$6 sys script ip ser=$ETCD_SERIALIZABLE raw t line k v
  sys=${tgt%%-*}
  if [[ $sys == pc ]]; then
    ip=${PCIP[$idx]}:8500
    case $op in put) script=consul-put.lua ;; get) script=consul-get.lua ;; getx) script=consul-get-stale.lua ;; esac
  else
    ip=${ETIP[$idx]}:2379
    case $op in put) script=etcd-put.lua ;; get) script=etcd-get.lua ;; getx) script=etcd-get.lua; ser=1 ;; esac
  fi
  t=$(( c < 2 ? c : 2 ))
  raw=$WORK/wrk-$tgt-$op-c$c-$tag.txt
  local key=$tgt:$op:$c
  [[ $tag == warm* ]] && key=$tgt:$op:warm$c
  local cpu0 cpu1 n0 n1 m0 m1 w0 w1 l0 l1
  l0=$(leader_idx "$sys")
  children_cpu "$WORK/times" w0
  m0=$(machine_ticks)
  cpu0=$(sys_cpu_ticks "$sys"); n0=$(cpu_ticks "${PID[$sys$idx]}")
  log "$tgt (${ip}) $op c=$c t=$t ${d}s ($tag)"
  if ! BENCH_TAG="$tgt-$tag" BENCH_KEYS=$KEYS BENCH_VALUE_LEN=$VALUE_LEN BENCH_ETCD_SERIALIZABLE=$ser \
       timeout -k 5 $((d + 30)) wrk -t"$t" -c"$c" -d"${d}s" --timeout "$WRK_TIMEOUT" --latency \
       -s "$HERE/wrk/$script" "http://$ip" >"$raw" 2>&1; then
    log "wrk failed: $(tail -3 "$raw")"
  fi
  cpu1=$(sys_cpu_ticks "$sys"); n1=$(cpu_ticks "${PID[$sys$idx]}")
  m1=$(machine_ticks)
  children_cpu "$WORK/times" w1
  l1=$(leader_idx "$sys")
  line=$(grep '^RESULT ' "$raw" | tail -1 || true)
  R[$key:threads]=$t
  R[$key:node]=$ip
  if [[ -z $line ]]; then
    R[$key:failed]=1
    ERRORS+=("$tgt $op c=$c ($tag): wrk produced no result: $(tail -3 "$raw" | tr '\n' ' ')")
    return 1
  fi
  for kv in ${line#RESULT }; do
    k=${kv%%=*}; v=${kv#*=}
    R[$key:$k]=$v
  done
  R[$key:cpu_s]=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", (b-a)/hz}')
  R[$key:node_cpu_s]=$(awk -v a="$n0" -v b="$n1" -v hz="$CLK_TCK" 'BEGIN{printf "%.2f", (b-a)/hz}')
  R[$key:cpu_us_req]=$(awk -v a="$cpu0" -v b="$cpu1" -v hz="$CLK_TCK" -v n="${R[$key:requests]}" \
    'BEGIN{ if (n>0) printf "%.0f", (b-a)/hz*1e6/n; else print "-" }')
  R[$key:wrk_cpu_s]=$(awk -v a="$w0" -v b="$w1" 'BEGIN{printf "%.2f", b-a}')
  # everything else on the machine: busy CPU - this cluster - wrk (includes the idle other cluster)
  R[$key:other_cpu_s]=$(awk -v m0="${m0%% *}" -v m1="${m1%% *}" -v s="$((cpu1 - cpu0))" -v w="${R[$key:wrk_cpu_s]}" \
    -v hz="$CLK_TCK" 'BEGIN{o=(m1-m0-s)/hz-w; if (o<0) o=0; printf "%.2f", o}')
  local errs=""
  for f in connect read write timeout non2xx badbody; do
    if [[ ${R[$key:$f]:-0} != 0 ]]; then errs+=" $f=${R[$key:$f]}"; fi
  done
  if [[ -n $errs ]]; then
    ERRORS+=("$tgt $op c=$c ($tag): requests=${R[$key:requests]}$errs status codes: ${R[$key:codes]}")
  fi
  if [[ $l0 != "$l1" ]]; then
    ERRORS+=("$tgt $op c=$c ($tag): leader changed during the point (index '${l0}' -> '${l1}'; '' = no agreement)")
  fi
  local i
  for i in 0 1 2; do
    if ! kill -0 "${PID[$sys$i]}" 2>/dev/null; then
      ERRORS+=("$sys$i died during $tgt $op c=$c ($tag)")
      return 1
    fi
  done
  return 0
}

# bench_target TARGET: the leader or a follower of its system, all points
bench_target() {
  local tgt=$1 sys=${1%%-*} role=${1#*-} l idx c
  l=$(leader_idx "$sys")
  [[ -n $l ]] || { ERRORS+=("$tgt: no agreed leader before the run"); return 1; }
  if [[ $role == leader ]]; then idx=$l; else idx=$(( (l + 1) % 3 )); fi
  INFO[$tgt:idx]=$idx
  INFO[$tgt:leader]=$l
  if [[ $WARMUP != 0 ]]; then
    run_point "$tgt" put 16 "$WARMUP" warm "$idx" || return 1
    run_point "$tgt" get 16 "$WARMUP" warm "$idx" || return 1
  fi
  for c in $CONNS; do sleep 1; run_point "$tgt" put "$c" "$DURATION" "c$c" "$idx" || return 1; done
  snap "$tgt PUT"
  for c in $CONNS; do sleep 1; run_point "$tgt" get "$c" "$DURATION" "c$c" "$idx" || return 1; done
  if [[ $role == follower && $EXTRA_READS == 1 ]]; then
    for c in $CONNS; do sleep 1; run_point "$tgt" getx "$c" "$DURATION" "c$c" "$idx" || return 1; done
  fi
  snap "$tgt GET"
}

prepop() { # pc|etcd: KEYS keys through the leader
  local sys=$1 l ip port psys
  l=$(leader_idx "$sys")
  [[ -n $l ]] || { ERRORS+=("$sys: no agreed leader for pre-population"); return 1; }
  if [[ $sys == pc ]]; then ip=${PCIP[$l]} port=8500 psys=consul; else ip=${ETIP[$l]} port=2379 psys=etcd; fi
  log "$sys: pre-populating $KEYS keys through the leader $ip"
  if ! timeout 300 python3 "$HERE/lib/prepop-host.py" "$ip" "$psys" "$port" "$KEYS" "$VALUE_LEN" >"$WORK/prepop-$sys.txt" 2>&1; then
    ERRORS+=("$sys pre-population failed: $(tail -2 "$WORK/prepop-$sys.txt" | tr '\n' ' ')")
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
INFO[started]=$(date -u +%Y-%m-%dT%H:%M:%SZ)
INFO[load_start]=$(cut -d' ' -f1-3 /proc/loadavg)
T0=$(now_ms)
if start_pc && start_etcd && await_clusters "$T0"; then
  sleep 3
  INFO[pc:leader0]=$(pc_leader_idx); INFO[etcd:leader0]=$(etcd_leader_idx)
  snap idle
  INFO[idle_cpu]=$(
    a=$(sys_cpu_ticks pc); b=$(sys_cpu_ticks etcd); sleep 5
    awk -v a0="$a" -v a1="$(sys_cpu_ticks pc)" -v b0="$b" -v b1="$(sys_cpu_ticks etcd)" -v hz="$CLK_TCK" \
      'BEGIN{printf "Proconsul %.1f %%, etcd %.1f %% of one core (three processes, 5 s idle)", (a1-a0)/hz/5*100, (b1-b0)/hz/5*100}')
  for sys in pc etcd; do
    [[ " $TARGETS " == *" $sys-"* ]] || continue
    INFO[$sys:load_before]=$(cut -d' ' -f1-3 /proc/loadavg)
    if ! prepop "$sys"; then FAILED=1; continue; fi
    snap "$sys pre-populated"
    for tgt in $TARGETS; do
      [[ $tgt == "$sys-"* ]] || continue
      bench_target "$tgt" || { FAILED=1; break; }
    done
  done
else
  FAILED=1
fi
INFO[finished]=$(date -u +%Y-%m-%dT%H:%M:%SZ)

# ---------------------------------------------------------------------------------------------
ms() { awk -v u="$1" 'BEGIN{ if (u=="") print "-"; else printf "%.2f", u/1000 }'; }
mb() { awk -v k="$1" 'BEGIN{ if (k=="") print "-"; else printf "%.0f", k/1024 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{ if (a=="" || b=="" || a=="-" || b=="-" || b+0==0) print "-"; else printf "%.2f", a/b }'; }
rps() { if [[ -n ${1:-} ]]; then printf %.0f "$1"; else echo -; fi; }
opname() { # target op
  case $2 in
    put) echo put ;;
    get) if [[ $1 == etcd-* && $ETCD_SERIALIZABLE == 1 ]]; then echo "get (serializable)"; else echo get; fi ;;
    getx) if [[ $1 == pc-* ]]; then echo "get ?stale"; else echo "get serializable"; fi ;;
  esac
}
tname() {
  local sys=${1%%-*} role=${1#*-} ip
  if [[ $sys == pc ]]; then ip=${PCIP[${INFO[$1:idx]:-0}]}; echo "Proconsul $role (${INFO[$1:idx]:+n${INFO[$1:idx]} }$ip)"
  else ip=${ETIP[${INFO[$1:idx]:-0}]}; echo "etcd $role (${INFO[$1:idx]:+e${INFO[$1:idx]} }$ip)"; fi
}

table() {
  local tgt=$1 op c k
  echo "| op | conns | wrk threads | req/s | p50 ms | p90 ms | p99 ms | max ms | socket errors c/r/w/timeout | non-2xx | bad body | status codes | cluster CPU s | cluster CPU µs/req | target node CPU s | wrk CPU s | other CPU s |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|"
  for op in put get getx; do
    for c in $CONNS; do
      k=$tgt:$op:$c
      if [[ -z ${R[$k:threads]:-} ]]; then continue; fi
      if [[ -n ${R[$k:failed]:-} ]]; then echo "| $(opname "$tgt" $op) | $c | ${R[$k:threads]} | FAILED (see errors) ||||||||||||||"; continue; fi
      printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s/%s/%s/%s | %s | %s | %s | %s | %s | %s | %s | %s |\n' \
        "$(opname "$tgt" $op)" "$c" "${R[$k:threads]}" "$(rps "${R[$k:rps]}")" \
        "$(ms "${R[$k:p50_us]}")" "$(ms "${R[$k:p90_us]}")" "$(ms "${R[$k:p99_us]}")" "$(ms "${R[$k:max_us]}")" \
        "${R[$k:connect]}" "${R[$k:read]}" "${R[$k:write]}" "${R[$k:timeout]}" \
        "${R[$k:non2xx]}" "${R[$k:badbody]}" "${R[$k:codes]}" "${R[$k:cpu_s]}" "${R[$k:cpu_us_req]}" \
        "${R[$k:node_cpu_s]}" "${R[$k:wrk_cpu_s]}" "${R[$k:other_cpu_s]}"
    done
  done
}

report() {
  local tgt role op c a e i p
  NPTS=0 NMET=0 BELOW=()
  echo "# KV load on 3-node clusters: Proconsul servers vs etcd ($STAMP UTC)"
  echo
  echo "Generated by \`bench/kv-cluster.sh\` (see bench/README.md). Six server processes, wrk and everything"
  echo "else share the machine's $(nproc) cores: compare the systems measured in the same run, not the absolutes."
  echo
  echo "- run: ${INFO[started]} → ${INFO[finished]}; load average at start ${INFO[load_start]}, before Proconsul ${INFO[pc:load_before]:--}, before etcd ${INFO[etcd:load_before]:--}"
  echo "- tree: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'); jar: ${INFO[jar_sha]:--} (sha256 prefix, built ${INFO[jar_time]:--})"
  echo "- $(java -version 2>&1 | head -1); etcd ${INFO[etcd_version]:-?}; $(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')"
  echo "- settings: DURATION=${DURATION}s per point, WARMUP=${WARMUP}s per op per target (16 conns, not reported), CONNS=\"$CONNS\", KEYS=$KEYS pre-populated through the leader, VALUE_LEN=$VALUE_LEN, WRK_TIMEOUT=$WRK_TIMEOUT, JAVA_OPTS=\"$JAVA_OPTS\", EXTRA_READS=$EXTRA_READS"
  echo "- PUT: unique keys \`bench/put/<target>-<point>/<thread>/<n>\` (Proconsul: \`PUT /v1/kv/...\`, a follower forwards it to the leader; etcd: \`POST /v3/kv/put\`, a follower forwards it to the leader)."
  echo "- GET: uniform random over the $KEYS pre-populated keys. Proconsul: \`GET /v1/kv/...\` default consistency (the leader answers from its state; a follower first does a ReadIndex round with the leader). etcd: \`POST /v3/kv/range\` $( [[ $ETCD_SERIALIZABLE == 1 ]] && echo 'serializable (ETCD_SERIALIZABLE=1)' || echo 'linearizable, the default (a ReadIndex round on the leader and on a follower)')."
  [[ $EXTRA_READS == 1 ]] && echo "- Followers also: local reads without a round with the leader, Proconsul \`?stale\` and etcd \`\"serializable\":true\`."
  echo "- the clusters formed (launch of all six → agreed leader): Proconsul ${INFO[pc:ready_ms]:--} ms, etcd ${INFO[etcd:ready_ms]:--} ms; idle CPU: ${INFO[idle_cpu]:--}"
  echo "- the system not under load sits idle meanwhile; its CPU shows in \"other CPU\". \"cluster CPU\" is the three processes of the loaded system (leader + followers), \"target node CPU\" the node wrk talks to."
  echo
  echo "## Commands"
  echo
  for p in $PROCS; do echo "- \`${INFO[$p:cmd]:-not started}\`"; done
  echo
  for tgt in $TARGETS; do
    [[ -n ${INFO[$tgt:idx]:-} ]] || continue
    echo "## $(tname "$tgt")"
    echo
    table "$tgt"
    echo
  done
  echo "## Ratio Proconsul / etcd"
  echo
  echo "Same role against same role. req/s ratio > 1: Proconsul serves more; latency and CPU ratio < 1: Proconsul answers faster / cheaper."
  echo
  echo "| role | op | conns | Proconsul req/s | etcd req/s | req/s ratio | p50 ratio | p99 ratio | cluster CPU µs/req ratio |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|"
  for role in leader follower; do
    for op in put get getx; do
      [[ $op == getx && ( $role == leader || $EXTRA_READS != 1 ) ]] && continue
      for c in $CONNS; do
        a=pc-$role:$op:$c e=etcd-$role:$op:$c
        [[ -n ${R[$a:threads]:-}${R[$e:threads]:-} ]] || continue
        local oname=$op
        [[ $op == getx ]] && oname="get local (?stale / serializable)"
        [[ $op == get ]] && oname="get (default / $( [[ $ETCD_SERIALIZABLE == 1 ]] && echo serializable || echo linearizable))"
        local rr; rr=$(ratio "${R[$a:rps]:-}" "${R[$e:rps]:-}")
        if [[ $op != getx && $rr != - ]]; then
          NPTS=$((NPTS + 1))
          if awk -v r="$rr" 'BEGIN{exit !(r >= 1.0)}'; then NMET=$((NMET + 1)); else BELOW+=("$role $op c=$c: $rr"); fi
        fi
        printf '| %s | %s | %s | %s | %s | **%s** | %s | %s | %s |\n' "$role" "$oname" "$c" \
          "$(rps "${R[$a:rps]:-}")" "$(rps "${R[$e:rps]:-}")" \
          "$(ratio "${R[$a:rps]:-}" "${R[$e:rps]:-}")" "$(ratio "${R[$a:p50_us]:-}" "${R[$e:p50_us]:-}")" \
          "$(ratio "${R[$a:p99_us]:-}" "${R[$e:p99_us]:-}")" "$(ratio "${R[$a:cpu_us_req]:-}" "${R[$e:cpu_us_req]:-}")"
      done
    done
  done
  echo
  echo "Target req/s ratio ≥ 1.0 (default consistency, same role): met at $NMET of $NPTS points$( (( ${#BELOW[@]} )) && printf '; below: %s' "$(IFS=';'; echo "${BELOW[*]}" | sed 's/;/, /g')")."
  echo
  echo "## RSS per process (MiB)"
  echo
  echo "Taken after each phase (\"X PUT\" = after target X's PUT points, \"X GET\" = after its GET points)."
  echo
  printf '| process | role at start |'; for ph in "${PHASES[@]}"; do printf ' %s |' "$ph"; done; echo
  printf '|---|---|'; for ph in "${PHASES[@]}"; do printf -- '---:|'; done; echo
  for i in 0 1 2; do
    local r="follower"; [[ ${INFO[pc:leader0]:-} == "$i" ]] && r=leader
    printf '| Proconsul n%s %s | %s |' "$i" "${PCIP[$i]}" "$r"
    for ph in "${PHASES[@]}"; do printf ' %s |' "$(mb "${RSS[pc$i:$ph]:-}")"; done; echo
  done
  for i in 0 1 2; do
    local r="follower"; [[ ${INFO[etcd:leader0]:-} == "$i" ]] && r=leader
    printf '| etcd e%s %s | %s |' "$i" "${ETIP[$i]}" "$r"
    for ph in "${PHASES[@]}"; do printf ' %s |' "$(mb "${RSS[etcd$i:$ph]:-}")"; done; echo
  done
  echo
  echo "## Errors"
  echo
  if (( ${#ERRORS[@]} == 0 )); then
    echo "None: every request of every point (warm-up included) got a 2xx with the expected body, no socket errors or timeouts, and the leaders did not change."
  else
    for e in "${ERRORS[@]}"; do echo "- $e"; done
  fi
  echo
  echo "## Raw wrk output"
  echo
  echo "<details><summary>all points, warm-up included</summary>"
  echo
  for tgt in $TARGETS; do
    for f in "$WORK"/wrk-"$tgt"-*.txt; do
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
sed -n '1,/^## Raw wrk output/p' "$OUT" | sed '$d'
log "results written to $OUT"

if (( FAILED )); then exit 1; fi
if (( ${#ERRORS[@]} > 0 )); then exit 3; fi
exit 0
