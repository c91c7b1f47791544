#!/usr/bin/env bash
# Lock hand-over: two contenders for one key, each a leader-election loop (session with LockDelay 0 on its
# own client agent, ?acquire, blocking GET while someone else holds it). kill -9 the holder's agent (and
# its contender, as when the machine dies) and time how long until the other contender's acquire succeeds:
# gossip marks the node failed, the leader sets its serfHealth critical, the session is invalidated and the
# key released, the waiting GET wakes and the acquire goes through. Repeats TRIALS times, restarting the
# killed agent and its contender between trials, and writes bench/results/lock-handover-<date>.md.
#
#   bench/lock-handover.sh                # 10 trials, servers on 127.0.0.120-122, clients on .123-.124
#   TRIALS=20 bench/lock-handover.sh
#   IP_BASE=120 KEEP_WORK=1 ...           # keep the agents' logs and data dirs (printed at the end)
set -euo pipefail
cd "$(dirname "$0")/.."
TRIALS=${TRIALS:-10}
IP_BASE=${IP_BASE:-120}
JAR_SRC=${JAR:-cli/target/agent.jar}
JAVA_OPTS=${JAVA_OPTS:-}
[ -f "$JAR_SRC" ] || { echo "no $JAR_SRC: run 'mvn -B -DskipTests package' first" >&2; exit 1; }
work=$(mktemp -d /tmp/proconsul-lock-handover.XXXXXX)
cp "$JAR_SRC" "$work/agent.jar"
declare -A pids    # agent index -> java pid
declare -A cpids   # agent index -> contender process group

cleanup() {
  for p in "${cpids[@]:-}"; do [ -n "$p" ] && kill -9 -- "-$p" 2>/dev/null || true; done
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "logs and data kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

ip_of() { echo "127.0.0.$(( $1 + IP_BASE ))"; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

start_agent() { # index, extra args...
  local i=$1; shift
  local ip; ip=$(ip_of "$i")
  # shellcheck disable=SC2086
  java $JAVA_OPTS -jar "$work/agent.jar" agent -node="n$i" -data-dir="$work/n$i" -bind="$ip" -client="$ip" \
    -dns-port=-1 -retry-join="$(ip_of 0)" -retry-join="$(ip_of 1)" -retry-join="$(ip_of 2)" -retry-interval=1s "$@" \
    >> "$work/n$i.log" 2>&1 &
  pids[$i]=$!
  disown "$!"
}

# One contender: a session with LockDelay 0 on its agent's node, then acquire or wait for the key to change.
# On success it appends "<ms> <name>" to the acquisitions file and holds until killed.
cat > "$work/contender.sh" <<'EOF'
#!/usr/bin/env bash
ip=$1; name=$2; out=$3
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
sid=""
until [ -n "$sid" ]; do
  sid=$(curl -s -m 5 -X PUT -d "{\"Name\":\"$name\",\"LockDelay\":\"0s\"}" "http://$ip:8500/v1/session/create" \
    | sed -n 's/.*"ID":"\([^"]*\)".*/\1/p')
  [ -n "$sid" ] || sleep 0.2
done
echo "$sid" > "$out.$name.session"
index=0
while true; do
  if [ "$(curl -s -m 5 -X PUT -d "$name" "http://$ip:8500/v1/kv/bench/leader?acquire=$sid")" = true ]; then
    echo "$(now_ms) $name" >> "$out"
    exec sleep 100000
  fi
  index=$(curl -s -m 20 -o /dev/null -D - "http://$ip:8500/v1/kv/bench/leader?index=$index&wait=15s" \
    | tr -d '\r' | sed -n 's/^[Xx]-[Cc]onsul-[Ii]ndex: *//p')
  index=${index:-0}
done
EOF
chmod +x "$work/contender.sh"
acq="$work/acquisitions"
: > "$acq"

start_contender() { # agent index
  setsid "$work/contender.sh" "$(ip_of "$1")" "n$1" "$acq" > /dev/null 2>&1 &
  cpids[$1]=$!
  disown "$!"
}

holder() { # the agent index of the current holder, from the key's session
  local sid; sid=$(curl -s -m 2 "http://$(ip_of 0):8500/v1/kv/bench/leader" | sed -n 's/.*"Session":"\([^"]*\)".*/\1/p')
  for i in 3 4; do
    [ -n "$sid" ] && [ "$(cat "$acq.n$i.session" 2>/dev/null)" = "$sid" ] && { echo "$i"; return; }
  done
  echo ""
}

await_session() { # agent index: its contender has a live session
  local deadline=$(( $(date +%s) + 90 ))
  until [ -s "$acq.n$1.session" ] && \
      [ "$(curl -s -m 2 "http://$(ip_of 0):8500/v1/session/info/$(cat "$acq.n$1.session")")" != "[]" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || { echo "contender on n$1 got no session within 90 s; logs in $work" >&2; trap - EXIT; exit 1; }
    sleep 0.2
  done
}

for i in 0 1 2; do start_agent "$i" -server -bootstrap-expect=3; done
for i in 3 4; do start_agent "$i"; done
for i in 3 4; do start_contender "$i"; done
for i in 3 4; do await_session "$i"; done
echo "cluster formed, both contenders have sessions; $TRIALS trials" >&2

results=()
for t in $(seq 1 "$TRIALS"); do
  deadline=$(( $(date +%s) + 30 ))
  h=""
  until [ -n "$h" ]; do
    h=$(holder)
    [ "$(date +%s)" -lt "$deadline" ] || { echo "trial $t: nobody holds the lock; logs in $work" >&2; trap - EXIT; exit 1; }
    [ -n "$h" ] || sleep 0.1
  done
  other=$(( h == 3 ? 4 : 3 ))
  await_session "$other"
  before=$(wc -l < "$acq")
  t0=$(now_ms)
  kill -9 "${pids[$h]}"
  kill -9 -- "-${cpids[$h]}" 2>/dev/null || true
  until [ "$(wc -l < "$acq")" -gt "$before" ]; do
    sleep 0.01
    if [ $(( $(now_ms) - t0 )) -gt 120000 ]; then
      echo "trial $t: no hand-over within 120 s; logs in $work" >&2; trap - EXIT; exit 1
    fi
  done
  line=$(tail -1 "$acq")
  ms=$(( ${line%% *} - t0 ))
  results+=("$ms")
  echo "trial $t: holder n$h killed, ${line#* } acquired after $ms ms" >&2
  rm -f "$acq.n$h.session"
  start_agent "$h"
  start_contender "$h"
  await_session "$h"
done

sorted=$(printf '%s\n' "${results[@]}" | sort -n)
n=${#results[@]}
pct() { printf '%s\n' "$sorted" | awk -v p="$1" -v n="$n" 'BEGIN{r=int(p*n/100); if (r<p*n/100) r++; if (r<1) r=1} NR==r'; }
p50=$(pct 50); p99=$(pct 99); min=$(printf '%s\n' "$sorted" | head -1); max=$(printf '%s\n' "$sorted" | tail -1)
stamp=$(date -u +%Y%m%d-%H%M%S)
out=bench/results/lock-handover-$stamp.md
{
  echo "# Lock hand-over: kill -9 of the holder's agent to the other contender's acquire ($stamp UTC)"
  echo
  echo "Generated by \`bench/lock-handover.sh\` (TRIALS=$TRIALS). Three servers on $(ip_of 0)-$(( IP_BASE + 2 )), two client"
  echo "agents on $(ip_of 3)-$(( IP_BASE + 4 )), each with one contender (curl loop: session with LockDelay 0 and the default"
  echo "serfHealth check, \`?acquire\`, blocking GET with \`wait=15s\` while held). The time is from the kill to the"
  echo "acquire's answer; it is dominated by gossip failure detection (default LAN timings). Load, tree and JVM:"
  echo
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); tree $(git rev-parse --short HEAD); $(java -version 2>&1 | head -1)"
  echo
  echo "| trials | p50 ms | p99 ms | min ms | max ms |"
  echo "|---:|---:|---:|---:|---:|"
  echo "| $n | $p50 | $p99 | $min | $max |"
  echo
  echo "Trials (ms): ${results[*]}"
} > "$out"
cat "$out"
