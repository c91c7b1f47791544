# shellcheck shell=bash
# Shared shell helpers for bench/*.sh (sourced, not executed).

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Monotonic-enough wall clock in milliseconds / nanoseconds.
now_ns() { date +%s%N; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# port_busy PORT: true if anything listens on PORT (TCP or UDP) on this machine.
port_busy() {
  [[ -n "$(ss -Hltun "( sport = :$1 )" 2>/dev/null)" ]]
}

# pick_port DEFAULT: DEFAULT if free, otherwise a free port from a random high range.
pick_port() {
  local p=$1
  if ! port_busy "$p"; then echo "$p"; return; fi
  p=$(( 20000 + RANDOM % 20000 ))
  while port_busy "$p"; do p=$((p + 1)); done
  echo "$p"
}

# port_owner PORT: PID of the process listening on TCP PORT (empty if none / unknown).
port_owner() {
  ss -Hltnp "( sport = :$1 )" 2>/dev/null | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2 || true
}

# rss_kb PID: resident set size in KiB (empty if the process is gone).
rss_kb() { ps -o rss= -p "$1" 2>/dev/null | tr -d ' ' || true; }

# cpu_ticks PID: utime+stime of the process (all threads) in clock ticks.
cpu_ticks() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  s=${s##*) }   # drop "pid (comm) "
  # fields after comm: state(1) ppid(2) ... utime is field 14 overall = 12th here, stime 13th
  awk '{print $12 + $13}' <<<"$s"
}
CLK_TCK=$(getconf CLK_TCK)

# stop_pid PID [NAME]: TERM, wait up to 10 s, then KILL; only the given PID.
stop_pid() {
  local pid=$1 name=${2:-process} i
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 500); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.02
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "$name (pid $pid) ignored SIGTERM for 10 s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# median of numbers on stdin (one per line)
median() {
  sort -n | awk '{a[NR]=$1} END { if (NR==0) {print ""; exit}
    if (NR%2) print a[(NR+1)/2]; else printf "%.0f\n", (a[NR/2]+a[NR/2+1])/2 }'
}

# copy_jar SRC DST: wait until SRC has not changed for 5 s (the lead may be rebuilding it), copy it
# with its mtime, and check that the copy is a readable zip.
copy_jar() {
  local src=$1 dst=$2 i
  for i in $(seq 1 60); do
    (( $(date +%s) - $(stat -c %Y "$src") >= 5 )) && break
    sleep 2
  done
  cp -p "$src" "$dst"
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).namelist()' "$dst" 2>/dev/null \
    || { log "copied jar $dst is not a valid zip (still being written?)"; return 1; }
}

# machine_ticks: "<busy> <total>" clock ticks summed over all CPUs, from /proc/stat.
machine_ticks() { awk '/^cpu /{b=$2+$3+$4+$7+$8+$9; print b, b+$5+$6; exit}' /proc/stat; }

# children_cpu FILE VAR: set VAR to the user+sys CPU seconds of the calling shell's reaped children.
# `times` must run in the calling shell itself (a pipe or $(...) would be a fresh process with no
# children), hence the file and the variable name instead of a command substitution.
children_cpu() {
  times >"$1"
  printf -v "$2" '%s' "$(awk 'NR==2 { split($1,u,/[ms]/); split($2,s,/[ms]/); printf "%.3f", u[1]*60+u[2]+s[1]*60+s[2] }' "$1")"
}
