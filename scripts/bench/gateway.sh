#!/usr/bin/env bash
# Benchmark part `gateway` (issue 8), run by `scripts/bench/run gateway` on the running bench
# suite: what our gateway costs next to a plain reverse proxy. With wrk on loopback, in one run,
# requests/s and p99 latency of the same calls
#   (a) straight to the service,
#   (b) through our gateway (rate limiter evaluated on every call with limits too high to trigger;
#       JWT access token verified on every protected call),
#   (c) through nginx as a plain reverse proxy to the same service (upstream keep-alive, no checks),
#   (c+) full mode: the same nginx writing one JSON access line per request to a file (unbuffered,
#        the fields of the gateway's line): the one piece of the gateway's per-request work that
#        nginx also does when configured as an edge usually is,
# for three calls: protected GET /me of auth (token checked by the gateway, then by auth; one user
# lookup in PostgreSQL) and public GET /cinemas of scheduling (no token; one cheap query on the
# bench's few cinemas). Not catalog's public lists: the gateway answers GET /categories, /films…
# from its response cache (cache.routes), which would measure the cache, not the proxy.
# A third call, auth's GET /openapi.json (a prebuilt 19 KB document answered from memory, no token,
# no database), has an upstream that does almost nothing: what the proxies add is what it measures.
# A fourth call, a static file of the web app (its main script, gzip), compares the gateway and nginx
# serving the same web/dist (no direct target: the gateway is the origin).
# Then the ratios (b)/(c) and (b)/(a) for requests/s and p99, and (full mode) the CPU-µs per proxied
# request of the gateway and of nginx (master + worker), from /proc/<pid>/stat over the measured run.
# Full mode also measures the three calls once more with the gateway's channel-level forwarding
# off, (b0): the router's path, for a before/after in one run.
#
# Each target: a warm-up (3 s, discarded), then wrk -t2 -c64 -d15s --latency; the targets one
# after the other, about 4 minutes in all. Everything shares the machine's cores (wrk, the
# proxies, the services, PostgreSQL, Redis): the ratios are what this measures, not the absolute
# figures. nginx runs with worker_processes 1: our gateway competes for the same cores as the
# services and wrk, and one nginx worker is the like-for-like comparison on a 2-core machine (more
# workers would only fight wrk and the service for the same two cores).
#
#   scripts/bench/gateway.sh        the measurement (needs the bench suite up: use scripts/bench/run)
#   scripts/bench/gateway.sh deps   only install wrk and nginx when missing (run does this first)
#
# Smoke mode (BENCH_SMOKE=1, from `scripts/bench/run --smoke`): against the running test suite,
# wrk for 1 s per target without warm-up, nothing installed (no wrk: the part is skipped, said so;
# no nginx: its target is skipped, said so), the gateway not restarted (run already restarted it
# with limits it never reaches, and restores it).
#
# Settings: BENCH_WRK_DURATION (15s), BENCH_WRK_WARMUP (3s), BENCH_WRK_THREADS (2),
# BENCH_WRK_CONNECTIONS (64), BENCH_RATELIMIT_DEFAULT (1000000000/1), BENCH_RATELIMIT_ROUTES
# (the gateway's default route rules, each at 1000000000/1).
set -euo pipefail
SMOKE=${BENCH_SMOKE:-0}
if [ "$SMOKE" = 1 ]; then export HS_MODE=test; else export HS_MODE=bench; fi
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# shellcheck source=scripts/lib.sh
source "$HERE/lib.sh"
HS_COMPONENT=bench-gateway

if [ "$SMOKE" = 1 ]; then DURATION=1s WARMUP=0 BENCH_WRK_CONNECTIONS=${BENCH_WRK_CONNECTIONS:-16}; else DURATION=${BENCH_WRK_DURATION:-15s} WARMUP=${BENCH_WRK_WARMUP:-3s}; fi
THREADS=${BENCH_WRK_THREADS:-2}
CONNS=${BENCH_WRK_CONNECTIONS:-64}
NGINX_PORT=$((HS_GATEWAY_PORT + 20))  # 28100 in bench mode; next to the fakes' +10…+13
NGINX_LOG_PORT=$((NGINX_PORT + 1))    # the same nginx, writing an access line per request
WORK="$HS_STATE/bench-gateway"         # nginx's config, temp folders, logs; wrk's raw outputs

# wrk, and nginx (in Debian 12 `nginx-light` is only a transitional package pulling `nginx` plus
# an echo module, so the plain `nginx` package is installed). With systemd, installing nginx also
# starts the system's own nginx on port 80; this bench uses its own instance only.
ensure_tools() {
  local want=() sudo=()
  command -v wrk > /dev/null || want+=(wrk)
  command -v nginx > /dev/null || [ -x /usr/sbin/nginx ] || want+=(nginx)
  [ ${#want[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
  hs_log "installing Debian packages: ${want[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends "${want[@]}" > /dev/null
}

if [ "${1:-}" = deps ]; then ensure_tools; exit 0; fi
[ $# -eq 0 ] || { echo "usage: $0 [deps]" >&2; exit 2; }
NGINX=""
if [ "$SMOKE" = 1 ]; then
  command -v wrk > /dev/null || { echo "== gateway: skipped in smoke mode: wrk is not installed (scripts/bench/gateway.sh deps)"; exit 0; }
  if command -v nginx > /dev/null; then NGINX=$(command -v nginx); elif [ -x /usr/sbin/nginx ]; then NGINX=/usr/sbin/nginx; fi
else
  ensure_tools
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi

GW="http://127.0.0.1:$HS_GATEWAY_PORT"
AUTH="http://127.0.0.1:$(hs_port auth)"
SCHEDULING="http://127.0.0.1:$(hs_port scheduling)"
NX="http://127.0.0.1:$NGINX_PORT"
NXL="http://127.0.0.1:$NGINX_LOG_PORT"
[ "$(hs_http_status "http://127.0.0.1:$(hs_internal_port gateway)/health/ready")" = 200 ] || hs_die "the bench suite is not up: run scripts/bench/run gateway"
for port in $NGINX_PORT $NGINX_LOG_PORT; do
  [ -z "$NGINX" ] || ! hs_port_open "$port" || hs_die "port $port (nginx) is already taken by another process"
done
rm -rf "$WORK"
mkdir -p "$WORK/tmp"

# The gateway's rate limiter on, with limits it never reaches: the default bucket and the same
# route rules as GatewayConfig.defaultRateLimits (same lookups, and the earlier parts' logins
# cannot have left 127.0.0.1's login bucket empty). Services run with only the lines of
# hs_service_env (env -i): scripts/env.sh must pass these to the gateway for them to apply
# (RATELIMIT_DEFAULT=${HS_RATELIMIT_DEFAULT…}); the gateway is restarted so that its start sees them.
huge=1000000000/1
export RATELIMIT_DEFAULT="${BENCH_RATELIMIT_DEFAULT:-$huge}"
export RATELIMIT_ROUTES="${BENCH_RATELIMIT_ROUTES:-POST auth /login $huge; POST auth /register $huge; POST auth /password-reset $huge; POST auth /password-reset/confirm $huge; POST auth /refresh $huge; POST payments /checkouts $huge}"
export HS_RATELIMIT_DEFAULT="$RATELIMIT_DEFAULT" HS_RATELIMIT_ROUTES="$RATELIMIT_ROUTES"
if [ "$SMOKE" != 1 ]; then
  "$HERE/services" stop gateway > /dev/null 2>&1
  "$HERE/services" start gateway > /dev/null 2>&1
fi
gw_pid=$(cat "$HS_PIDS/gateway.pid")
if tr '\0' '\n' < "/proc/$gw_pid/environ" | grep -qxF "RATELIMIT_DEFAULT=$RATELIMIT_DEFAULT"; then
  limiter="RATELIMIT_DEFAULT=$RATELIMIT_DEFAULT (evaluated on every call, never reached)"
else
  limiter="NOT SET: scripts/env.sh does not pass RATELIMIT_DEFAULT to the gateway; its own defaults apply (429s show as non-2xx)"
fi

# nginx as the current user, in the foreground (daemon off) under hs_spawn, everything in $WORK.
user_line=""
[ "$(id -u)" -ne 0 ] || user_line="user $(id -un) $(id -gn);"  # root: workers stay root, not nobody
cat > "$WORK/nginx.conf" << CONF
# Generated by scripts/bench/gateway.sh: plain reverse proxy, same paths as the gateway.
$user_line
worker_processes 1;
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  # What the gateway logs per request (Edge/AccessLog.swift: one JSON line, written at once): for
  # the (c+) target, nginx doing the same work as the gateway on this point.
  log_format edge escape=json '{"durationMs":"\$request_time","level":"info","logger":"nginx","method":"\$request_method",'
    '"msg":"access","path":"\$uri","requestId":"\$request_id","status":"\$status","ts":"\$time_iso8601",'
    '"upstream":"\$upstream_addr"}';
  client_body_temp_path $WORK/tmp/body;
  proxy_temp_path $WORK/tmp/proxy;
  fastcgi_temp_path $WORK/tmp/fastcgi;
  uwsgi_temp_path $WORK/tmp/uwsgi;
  scgi_temp_path $WORK/tmp/scgi;
  keepalive_requests 1000000;
  upstream auth { server 127.0.0.1:$(hs_port auth); keepalive 64; keepalive_requests 1000000; }
  upstream scheduling { server 127.0.0.1:$(hs_port scheduling); keepalive 64; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    include $WORK/locations.conf;
  }
  # (c+): the same proxy, one access line per request to a file, unbuffered like the gateway's.
  server {
    listen 127.0.0.1:$NGINX_LOG_PORT;
    access_log $WORK/nginx-access.log edge;
    include $WORK/locations.conf;
  }
}
CONF
cat > "$WORK/locations.conf" << CONF
proxy_http_version 1.1;
proxy_set_header Connection "";
location /api/auth/ { proxy_pass http://auth/; }
location /api/scheduling/ { proxy_pass http://scheduling/; }
# The web app's hashed assets, from the same folder the gateway serves (precompressed .gz).
location /assets/ {
  root $HS_ROOT/web/dist;
  gzip_static on;
  add_header Cache-Control "public, max-age=31536000, immutable";
}
CONF
if [ -n "$NGINX" ]; then
"$NGINX" -t -q -p "$WORK/" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf" \
  || hs_die "nginx refused $WORK/nginx.conf"
NGINX_PIDFILE="$HS_PIDS/bench-nginx.pid"
trap 'hs_stop_pid "$NGINX_PIDFILE" 5 nginx' EXIT
hs_spawn "$NGINX_PIDFILE" "$WORK/nginx.log" "$NGINX" -p "$WORK/" -e "$WORK/nginx-error.log" -c "$WORK/nginx.conf"
for _ in $(seq 50); do hs_port_open "$NGINX_PORT" && break; sleep 0.1; done
hs_port_open "$NGINX_PORT" || { hs_tail_log "$WORK/nginx-error.log"; hs_die "nginx did not start"; }
fi

# A client account and its access token, through the gateway (15 min lifetime: ample).
email="bench-gw-$(od -An -N4 -tx1 /dev/urandom | tr -d ' \n')@example.com"
account=$(jq -nc --arg e "$email" '{email: $e, password: "a long benchmark passphrase", displayName: "B"}')
curl -fsS -o /dev/null -H 'Content-Type: application/json' -d "$account" "$GW/api/auth/register"
credentials=$(jq -nc --arg e "$email" '{email: $e, password: "a long benchmark passphrase"}')  # login refuses unknown fields
token=$(curl -fsS -H 'Content-Type: application/json' -d "$credentials" "$GW/api/auth/login" | jq -r .accessToken)
if [ -z "$token" ] || [ "$token" = null ]; then hs_die "login through the gateway gave no access token"; fi
bearer=(-H "Authorization: Bearer $token")

# wrk's figures of one output: "requests/s p99-in-ms non-2xx socket-errors".
parse() {
  awk '
    /^Requests\/sec:/ { rps = $2 }
    $1 == "99%" {
      v = $2; match(v, /[a-z]+$/); n = substr(v, 1, RSTART - 1); u = substr(v, RSTART)
      p99 = n * (u == "us" ? 0.001 : u == "ms" ? 1 : u == "s" ? 1000 : u == "m" ? 60000 : 3600000)
    }
    /^ *Non-2xx or 3xx responses:/ { bad = $NF }
    /^ *Socket errors:/ { gsub(/,/, ""); errors = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %d %d\n", rps, p99, bad, errors }' "$1"
}

HZ=$(getconf CLK_TCK)
# The proxy processes whose CPU a target's run is charged to: the gateway, nginx's master and workers.
proxy_pids() {
  case $1 in
    gateway|router) echo "$gw_pid" ;;
    nginx|nginxlog) local master; master=$(cat "$WORK/nginx.pid" 2> /dev/null || true)
      [ -n "$master" ] && echo "$master $(pgrep -P "$master" | tr '\n' ' ')" ;;
  esac
}

# One target: check it answers 200, warm up, measure. Prints parse's line, then the proxy's
# CPU-µs per request over the measured run (0 for direct).
measure() {
  local name=$1 url=$2; shift 2
  local status pids t0 t1
  status=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url" || true)
  [ "$status" = 200 ] || hs_die "$url answered $status, not 200"
  [ "$WARMUP" = 0 ] || wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" "$@" "$url" > /dev/null
  pids=$(proxy_pids "${name##*-}")
  t0=$(hs_cpu_ticks $pids)
  # Smoke: the test suite's loaded machine may answer slowly; a 10 s timeout, not wrk's 2 s.
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --timeout "$([ "$SMOKE" = 1 ] && echo 10s || echo 2s)" --latency "$@" "$url" \
    > "$WORK/wrk-$name.txt"
  t1=$(hs_cpu_ticks $pids)
  read -r rps p99 bad errors <<< "$(parse "$WORK/wrk-$name.txt")"
  local requests
  requests=$(awk '/requests in/ { print $1 }' "$WORK/wrk-$name.txt")
  echo "$rps $p99 $bad $errors $(awk -v t=$((t1 - t0)) -v hz="$HZ" -v n="${requests:-0}" -v p="$pids" \
    'BEGIN { if (p == "" || n == 0) print 0; else printf "%.0f", t * 1e6 / hz / n }')"
}
ratio() { awk -v x="$1" -v y="$2" 'BEGIN { if (y > 0) printf "%.2f", x / y; else printf "n/a" }'; }

echo "== gateway vs. nginx vs. direct (wrk -t$THREADS -c$CONNS -d$DURATION after $([ "$WARMUP" = 0 ] && echo "no warm-up" || echo "a $WARMUP warm-up"), loopback;"
if [ -n "$NGINX" ]; then
  echo "   services: ${BENCH_BUILD:-debug} builds; nginx $("$NGINX" -v 2>&1 | sed 's/.*\///'), 1 worker, upstream keep-alive)"
else
  echo "   services: ${BENCH_BUILD:-debug} builds; nginx is not installed: its target is skipped)"
fi
echo "gateway rate limiter: $limiter"
# CPU-µs per proxied request (proxy processes only, from /proc/<pid>/stat over the measured run):
# full mode only (a 1 s smoke run counts too few ticks to mean anything).
cpu_col() { [ "$SMOKE" = 1 ] || printf ' %10s' "$1"; }
printf '%-30s %-12s %10s %10s %8s %8s%s\n' call target "req/s" "p99 ms" non-2xx errors "$(cpu_col "CPU-µs/req")"
summaries=()
# Third call: auth's GET /openapi.json, a prebuilt 19 KB body answered from memory, no token, no
# database: the upstream does almost nothing, so what the proxies add is what is measured.
for call in "protected GET /me|me|auth/me|$AUTH/me|token" "public GET /cinemas|cinemas|scheduling/cinemas|$SCHEDULING/cinemas|" \
  "near-empty GET /openapi.json|openapi|auth/openapi.json|$AUTH/openapi.json|"; do
  IFS='|' read -r label tag path direct auth <<< "$call"
  headers=()
  [ -z "$auth" ] || headers=("${bearer[@]}")
  out=$(measure "$tag-direct" "$direct" "${headers[@]}"); read -r a_rps a_p99 a_bad a_err _ <<< "$out"
  out=$(measure "$tag-gateway" "$GW/api/$path" "${headers[@]}"); read -r b_rps b_p99 b_bad b_err b_cpu <<< "$out"
  printf '%-30s %-12s %10s %10s %8s %8s\n' "$label" "(a) direct" "$a_rps" "$a_p99" "$a_bad" "$a_err"
  printf '%-30s %-12s %10s %10s %8s %8s%s\n' "" "(b) gateway" "$b_rps" "$b_p99" "$b_bad" "$b_err" "$(cpu_col "$b_cpu")"
  targets=("direct $a_bad $a_err" "gateway $b_bad $b_err")
  if [ -n "$NGINX" ]; then
    out=$(measure "$tag-nginx" "$NX/api/$path" "${headers[@]}"); read -r c_rps c_p99 c_bad c_err c_cpu <<< "$out"
    printf '%-30s %-12s %10s %10s %8s %8s%s\n' "" "(c) nginx" "$c_rps" "$c_p99" "$c_bad" "$c_err" "$(cpu_col "$c_cpu")"
    targets+=("nginx $c_bad $c_err")
    summaries+=("gateway bench, $label: (a) direct $a_rps req/s p99 $a_p99 ms | (b) gateway $b_rps req/s p99 $b_p99 ms | (c) nginx $c_rps req/s p99 $c_p99 ms → (b)/(c) $(ratio "$b_rps" "$c_rps")× req/s, $(ratio "$b_p99" "$c_p99")× p99; (b)/(a) $(ratio "$b_rps" "$a_rps")×, $(ratio "$b_p99" "$a_p99")×$([ "$SMOKE" = 1 ] || echo "; CPU-µs per request: gateway $b_cpu, nginx $c_cpu")")
    if [ "$SMOKE" != 1 ]; then
      out=$(measure "$tag-nginxlog" "$NXL/api/$path" "${headers[@]}"); read -r l_rps l_p99 l_bad l_err l_cpu <<< "$out"
      printf '%-30s %-12s %10s %10s %8s %8s%s\n' "" "(c+) nginx+log" "$l_rps" "$l_p99" "$l_bad" "$l_err" "$(cpu_col "$l_cpu")"
      targets+=("nginxlog $l_bad $l_err")
      summaries+=("gateway bench, $label, nginx writing an access line per request as the gateway does: (c+) $l_rps req/s p99 $l_p99 ms → (b)/(c+) $(ratio "$b_rps" "$l_rps")× req/s, $(ratio "$b_p99" "$l_p99")× p99; CPU-µs per request: gateway $b_cpu, nginx+log $l_cpu")
    fi
  else
    summaries+=("gateway bench, $label: (a) direct $a_rps req/s p99 $a_p99 ms | (b) gateway $b_rps req/s p99 $b_p99 ms → (b)/(a) $(ratio "$b_rps" "$a_rps")×, $(ratio "$b_p99" "$a_p99")× (nginx skipped: not installed)")
  fi
  for t in "${targets[@]}"; do
    read -r who bad err <<< "$t"
    if [ "$bad" -gt 0 ] || [ "$err" -gt 0 ]; then
      echo "WARNING: $label via $who: $bad non-2xx answers (429: a rate limit was reached) and $err socket errors (timeouts included): not comparable, see $WORK/wrk-$tag-$who.txt"
      # In smoke mode an error is a failure: the path through the gateway must work.
      [ "$SMOKE" != 1 ] || hs_die "smoke: $label via $who gave errors"
    fi
  done
done
# Full mode: the same three calls through the gateway with its channel-level forwarding off
# (upstream.channel.forwarding=false: the router's path, async HTTP client), so that one run shows
# what the forwarding in the pipeline changes. The gateway is restarted, then restored.
if [ "$SMOKE" != 1 ]; then
  HS_UPSTREAM_CHANNEL_FORWARDING=false "$HERE/services" stop gateway > /dev/null 2>&1
  HS_UPSTREAM_CHANNEL_FORWARDING=false "$HERE/services" start gateway > /dev/null 2>&1
  gw_pid=$(cat "$HS_PIDS/gateway.pid")
  # A token the restarted gateway has not verified yet: its first call verifies it.
  for call in "protected GET /me|me|auth/me|token" "public GET /cinemas|cinemas|scheduling/cinemas|" \
    "near-empty GET /openapi.json|openapi|auth/openapi.json|"; do
    IFS='|' read -r label tag path auth <<< "$call"
    headers=()
    [ -z "$auth" ] || headers=("${bearer[@]}")
    out=$(measure "$tag-router" "$GW/api/$path" "${headers[@]}"); read -r r_rps r_p99 r_bad r_err r_cpu <<< "$out"
    printf '%-30s %-12s %10s %10s %8s %8s%s\n' "$label" "(b0) router" "$r_rps" "$r_p99" "$r_bad" "$r_err" "$(cpu_col "$r_cpu")"
    summaries+=("gateway bench, $label through the router's path (channel forwarding off): $r_rps req/s p99 $r_p99 ms; CPU-µs per request $r_cpu")
  done
  "$HERE/services" stop gateway > /dev/null 2>&1
  "$HERE/services" start gateway > /dev/null 2>&1
  gw_pid=$(cat "$HS_PIDS/gateway.pid")
fi
# Fourth call: a static file of the web app (its main script, gzip as browsers ask), served by the
# gateway and by nginx from the same web/dist folder, both from their precompressed .gz.
asset=$(grep -o '/assets/main-[A-Z0-9]*\.js' "$HS_ROOT/web/dist/index.html" | head -1 || true)
if [ -n "$asset" ]; then
  gz=(-H "Accept-Encoding: gzip")
  out=$(measure "static-gateway" "$GW$asset" "${gz[@]}"); read -r b_rps b_p99 b_bad b_err b_cpu <<< "$out"
  printf '%-30s %-12s %10s %10s %8s %8s%s\n' "static $asset (gzip)" "(b) gateway" "$b_rps" "$b_p99" "$b_bad" "$b_err" "$(cpu_col "$b_cpu")"
  if [ -n "$NGINX" ]; then
    out=$(measure "static-nginx" "$NX$asset" "${gz[@]}"); read -r c_rps c_p99 c_bad c_err c_cpu <<< "$out"
    printf '%-30s %-12s %10s %10s %8s %8s%s\n' "" "(c) nginx" "$c_rps" "$c_p99" "$c_bad" "$c_err" "$(cpu_col "$c_cpu")"
    summaries+=("gateway bench, static web file: (b) gateway $b_rps req/s p99 $b_p99 ms | (c) nginx $c_rps req/s p99 $c_p99 ms → (b)/(c) $(ratio "$b_rps" "$c_rps")× req/s, $(ratio "$b_p99" "$c_p99")× p99$([ "$SMOKE" = 1 ] || echo "; CPU-µs per request: gateway $b_cpu, nginx $c_cpu")")
    if [ "$SMOKE" != 1 ]; then
      out=$(measure "static-nginxlog" "$NXL$asset" "${gz[@]}"); read -r l_rps l_p99 l_bad l_err l_cpu <<< "$out"
      printf '%-30s %-12s %10s %10s %8s %8s%s\n' "" "(c+) nginx+log" "$l_rps" "$l_p99" "$l_bad" "$l_err" "$(cpu_col "$l_cpu")"
      summaries+=("gateway bench, static web file, nginx writing an access line per request: (c+) $l_rps req/s p99 $l_p99 ms → (b)/(c+) $(ratio "$b_rps" "$l_rps")× req/s; CPU-µs per request: gateway $b_cpu, nginx+log $l_cpu")
    fi
    if [ "$SMOKE" = 1 ] && { [ "$c_bad" -gt 0 ] || [ "$c_err" -gt 0 ]; }; then hs_die "smoke: static file via nginx gave errors"; fi
  fi
  if [ "$SMOKE" = 1 ] && { [ "$b_bad" -gt 0 ] || [ "$b_err" -gt 0 ]; }; then hs_die "smoke: static file via the gateway gave errors"; fi
else
  echo "static file: skipped (web/dist has no built app: node web/build.mjs)"
fi
printf '%s\n' "${summaries[@]}"
