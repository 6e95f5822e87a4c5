# shellcheck shell=bash
# Helpers shared by the local-infrastructure scripts (scripts/postgres, rabbitmq, redis,
# mailcatcher, services, up, down). Sourcing this also sources env.sh, the single source of truth
# for ports, folders and service configuration; nothing here defines a port or a folder of its own.

# shellcheck source=scripts/env.sh
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

HS_PIDS="$HS_STATE/pids"
HS_LOGS="$HS_STATE/logs"

# Messages go to stderr so that a command's stdout stays usable (e.g. `scripts/postgres psql`).
hs_log() { printf '[%s %s] %s\n' "$HS_MODE" "${HS_COMPONENT:-hs}" "$*" >&2; }
hs_die() { hs_log "ERROR: $*"; exit 1; }

# The state folders of this mode (idempotent).
hs_state_dirs() {
  mkdir -p "$HS_STATE" "$HS_PIDS" "$HS_LOGS"
}

# A process that exists and is not a zombie (a zombie still answers kill -0).
hs_alive() {
  kill -0 "$1" 2> /dev/null || return 1
  [[ $(ps -o stat= -p "$1" 2> /dev/null) != Z* ]]
}

# Pid recorded in a pid file, if that process is still alive; the optional second argument is
# a fixed string its command line must contain, so a recycled pid is not mistaken for ours.
hs_pid_alive() {
  local file=$1 pattern=${2:-} pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  hs_alive "$pid" || return 1
  if [ -n "$pattern" ]; then
    tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern" || return 1
  fi
  echo "$pid"
}

# Start a command detached from this shell (own session, stdin closed, output appended to a log)
# and record its pid. The pid is written by the child itself right before `exec`, so the pid
# file names the real server process even if `setsid` had to fork.
hs_spawn() {
  local pidfile=$1 logfile=$2; shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016 # $$ and "$@" are expanded by the child shell on purpose.
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >> "$logfile" 2>&1 < /dev/null &
  for _ in $(seq 1 250); do [ -s "$pidfile" ] && return 0; sleep 0.02; done  # up to 5 s
  hs_die "could not start: $*"
}

# Send SIGTERM to the process of a pid file, wait up to $2 seconds, then SIGKILL it.
hs_stop_pid() {
  local pidfile=$1 timeout=${2:-15} pattern=${3:-} pid
  if ! pid=$(hs_pid_alive "$pidfile" "$pattern"); then rm -f "$pidfile"; return 0; fi
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((timeout * 10))); do
    hs_alive "$pid" || { rm -f "$pidfile"; return 0; }
    sleep 0.1
  done
  hs_log "pid $pid did not stop within ${timeout}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

# Succeeds when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp, no tools).
hs_port_open() {
  (exec 3<> "/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# "0100007F:3090" of /proc/net/tcp as "127.0.0.1:12432" (IPv6 addresses stay in hex).
hs_hex_address() {
  local a=${1%:*} p=${1##*:}
  if [ ${#a} -eq 8 ]; then
    echo "$((16#${a:6:2})).$((16#${a:4:2})).$((16#${a:2:2})).$((16#${a:0:2})):$((16#$p))"
  else
    echo "[$a]:$((16#$p))"
  fi
}

# Sockets of this machine whose local TCP port is $1 and that keep a server from binding it:
# listeners, and connections of a live process (e.g. a client that got the number as its
# ephemeral port). TIME-WAIT and orphaned sockets are left out: a server's SO_REUSEADDR binds
# over them. One line each: "STATE LOCAL PEER PID…" (pids space-separated; none when the owner
# is not visible, e.g. another pid namespace). iproute2's ss, else /proc/net/tcp{,6}.
hs_port_holders() {
  local port=$1
  if command -v ss > /dev/null; then
    local state recvq sendq addr peer users pids
    # shellcheck disable=SC2034 # recvq and sendq are read to skip them
    ss -Htanp "sport = :$port" 2> /dev/null | while read -r state recvq sendq addr peer users; do
      [ "$state" = TIME-WAIT ] && continue
      pids=$(grep -o 'pid=[0-9]*' <<< "$users" | cut -d= -f2 | sort -un | tr '\n' ' ')
      [ "$state" = LISTEN ] || [ -n "$pids" ] || continue
      echo "$state $addr $peer ${pids% }"
    done
    return 0
  fi
  # Fallback: the kernel's tables (hex "ADDR:PORT", state 0A = LISTEN, 01 = ESTABLISHED,
  # 02 = SYN-SENT), then the processes with a descriptor on the socket's inode.
  local hex f sl addr peer st inode rest pids names=([1]=ESTAB [2]=SYN-SENT [10]=LISTEN)
  hex=$(printf '%04X' "$port")
  for f in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$f" ] || continue
    # shellcheck disable=SC2034 # the columns between state and inode are read to skip them
    while read -r sl addr peer st rest; do
      [[ $addr == *":$hex" ]] || continue
      case "$st" in 0A | 01 | 02) ;; *) continue ;; esac
      inode=$(awk '{print $6}' <<< "$rest")
      pids=$(find /proc/[0-9]*/fd -lname "socket:\[$inode\]" 2> /dev/null | cut -d/ -f3 | sort -un | tr '\n' ' ')
      [ "$st" = 0A ] || [ -n "$pids" ] || continue
      echo "${names[$((16#$st))]} $(hs_hex_address "$addr") $(hs_hex_address "$peer") ${pids% }"
    done < <(tail -n +2 "$f")
  done
}

# Dies with a clear message when TCP port $1, which $2 (e.g. "PostgreSQL") is about to listen
# on, is already taken, naming the process(es) that hold it. Call it right before starting a
# server, after the check that our own server is not already running (a second `make run` must
# stay a no-op). $3, optional: a command name (e.g. epmd) whose holding the port is fine.
hs_require_free_port() {
  local port=$1 what=$2 allowed=${3:-} holders pid comm cmd detail="" ok=true
  holders=$(hs_port_holders "$port")
  [ -n "$holders" ] || return 0
  local state addr peer pids
  while read -r state addr peer pids; do
    if [ -z "$pids" ]; then
      ok=false
      detail+=$'\n'"    $state $addr: a process this user cannot see (as root: ss -tanp 'sport = :$port')"
      continue
    fi
    for pid in $pids; do
      comm=$(cat "/proc/$pid/comm" 2> /dev/null || echo '?')
      cmd=$(tr '\0\n' '  ' < "/proc/$pid/cmdline" 2> /dev/null | cut -c1-160 | sed 's/ *$//')
      [ -n "$allowed" ] && [ "$comm" = "$allowed" ] && continue
      ok=false
      if [ "$state" = LISTEN ]; then
        detail+=$'\n'"    pid $pid ($comm) listens on $addr: ${cmd:-?}"
      else
        detail+=$'\n'"    pid $pid ($comm) has a connection from $addr to $peer: ${cmd:-?}"
      fi
    done
  done <<< "$holders"
  $ok && return 0
  hs_die "port $port, needed for $what ($HS_MODE mode, scripts/env.sh), is already taken:$detail
    Stop that process, or start this suite in another mode (HS_MODE=dev|test|bench)."
}

# HTTP status of a GET (000 when nothing answers); short timeouts so wait loops stay responsive.
hs_http_status() {
  curl -s -o /dev/null -w '%{http_code}' --connect-timeout 1 --max-time 3 "$1" 2>/dev/null || true
}

# Last lines of a log, indented, for failure messages.
hs_tail_log() {
  local file=$1 n=${2:-30}
  [ -e "$file" ] || return 0
  echo "---- last $n lines of $file ----" >&2
  tail -n "$n" "$file" | sed 's/^/    /' >&2
  echo "----" >&2
}

# CPU time (user + system, in clock ticks: getconf CLK_TCK per second) the processes $@ have used
# so far, from /proc/<pid>/stat (fields 14 and 15, counted after the ")" that ends the command
# name); a process gone meanwhile counts 0. The benchmarks charge a run's CPU with two samples.
hs_cpu_ticks() {
  local total=0 pid fields rest
  for pid in "$@"; do
    read -ra fields < "/proc/$pid/stat" 2> /dev/null || continue
    rest=${fields[*]}; rest=${rest##*) }; read -ra fields <<< "$rest"
    total=$((total + fields[11] + fields[12]))
  done
  echo "$total"
}
