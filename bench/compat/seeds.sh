#!/usr/bin/env bash
# The operator sessions of the seeds, replayed with the jar's own CLI against `agent -dev` on IP
# (127.0.0.171, remote exec enabled): consul exec, watch -type=event + event, snapshot save/restore, and
# (LOCK=1, about a minute) the Go API's 15 s lock delay seen through `consul lock`: kill -9 the holder and
# time the waiting contender (session TTL 15 s, invalidated within 2 x TTL, then the 15 s lock delay).
# Prints each command's output as the seeds show it and exits 1 on the first mismatch.
#
#   bench/compat/seeds.sh
#   LOCK=1 JAR=/tmp/agent.jar IP=127.0.0.171 bench/compat/seeds.sh
set -euo pipefail
cd "$(dirname "$0")"
IP=${IP:-127.0.0.171}
JAR=${JAR:-../../cli/target/agent.jar}
[ -f "$JAR" ] || { echo "no $JAR: build it with 'mvn -o -q -pl cli -am install -DskipTests'" >&2; exit 1; }
work=$(mktemp -d /tmp/proconsul-seeds.XXXXXX)
cp "$JAR" "$work/agent.jar"
export CONSUL_HTTP_ADDR="$IP:8500"
consul() { java -jar "$work/agent.jar" "$@"; }
pids=()  # process groups of the watch and lock children (setsid)
java -jar "$work/agent.jar" agent -dev -bind="$IP" -client="$IP" -data-dir="$work/data" \
  -hcl 'disable_remote_exec = false' >"$work/agent.log" 2>&1 &
agent=$!
cleanup() {
  for p in "${pids[@]}"; do kill -9 -- "-$p" 2>/dev/null || true; done
  kill "$agent" 2>/dev/null || true
  wait "$agent" 2>/dev/null || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "MISMATCH: $*" >&2; exit 1; }
for _ in $(seq 1 150); do
  curl -fsS "http://$IP:8500/v1/catalog/nodes" 2>/dev/null | grep -q '"Node"' && break
  sleep 0.2
done
node=$(consul members | awk 'NR == 2 { print $1 }')
[ -n "$node" ] || fail "no member"

echo "\$ consul exec -node=\"$node\" \"echo 'enen' > $work/enen\""
out=$(consul exec -node="$node" "echo 'enen' > $work/enen")
echo "$out"
[ "$out" = "==> $node: finished with exit code 0
1 / 1 node(s) completed / acknowledged" ] || fail "exec output"
[ "$(cat "$work/enen")" = enen ] || fail "exec did not write the file"

echo "\$ consul watch -type=event -name=sayhi \"echo 'got it'\"   (in the background)"
setsid java -jar "$work/agent.jar" watch -type=event -name=sayhi "echo 'got it'" >"$work/watch.out" 2>&1 &
pids+=($!)
disown
for _ in $(seq 1 150); do [ -s "$work/watch.out" ] && break; sleep 0.2; done
echo "\$ consul event -name=sayhi"
consul event -name=sayhi | tee "$work/event.out"
grep -Eq '^Event ID: [0-9a-f-]{36}$' "$work/event.out" || fail "event output"
for _ in $(seq 1 150); do [ "$(grep -c 'got it' "$work/watch.out")" -ge 2 ] && break; sleep 0.2; done
echo "--- watch output:"
cat "$work/watch.out"
# Consul >= 1.0 hands the handler the terminal, so each run prints "got it" once (0.7 added a blank line).
[ "$(cat "$work/watch.out")" = "got it
got it" ] || fail "watch output"

echo "\$ consul kv put name ivan; consul snapshot save backup.snap; consul kv put name changed"
consul kv put name ivan
consul snapshot save "$work/backup.snap" | tee "$work/save.out"
grep -Eq '^Saved and verified snapshot to index [0-9]+$' "$work/save.out" || fail "snapshot save output"
consul kv put name changed >/dev/null
consul snapshot inspect "$work/backup.snap"
echo "\$ consul snapshot restore backup.snap; consul kv get name"
[ "$(consul snapshot restore "$work/backup.snap")" = "Restored snapshot" ] || fail "snapshot restore output"
echo "Restored snapshot"
[ "$(consul kv get name)" = ivan ] || fail "restored value"
echo ivan

if [ "${LOCK:-0}" = 1 ]; then
  echo "\$ consul lock mylock 'echo A got lock; sleep 600'   (then a second contender, then kill -9 the first)"
  setsid java -jar "$work/agent.jar" lock mylock "echo A got lock; sleep 600" >"$work/a.out" 2>&1 &
  a=$!
  pids+=("$a")
  disown
  for _ in $(seq 1 150); do grep -q "A got lock" "$work/a.out" && break; sleep 0.2; done
  grep -q "A got lock" "$work/a.out" || fail "first contender has no lock"
  setsid java -jar "$work/agent.jar" lock mylock 'echo B got lock at $(date +%s%N)' >"$work/b.out" 2>&1 &
  pids+=($!)
  disown
  sleep 5
  killed=$(date +%s%N)
  kill -9 -- "-$a"
  for _ in $(seq 1 450); do grep -q "B got lock" "$work/b.out" && break; sleep 0.2; done
  got=$(sed -n 's/^B got lock at //p' "$work/b.out")
  [ -n "$got" ] || fail "second contender never got the lock"
  secs=$(( (got - killed) / 1000000000 ))
  echo "second contender got the lock ${secs} s after kill -9 of the holder (TTL 15 s x 2 at most, + 15 s lock delay)"
  [ "$secs" -ge 15 ] || fail "lock delay not applied"
fi
echo "seed sessions: all outputs as expected"
