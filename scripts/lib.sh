# shellcheck shell=bash
# Helpers shared by the local-infrastructure scripts (scripts/postgres, rabbitmq, mailcatcher,
# services, up, down). Sourcing this also sources env.sh, the single source of truth for ports,
# folders and service configuration; nothing here defines a port or a folder of its own.

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
