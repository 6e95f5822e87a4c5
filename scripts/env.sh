# shellcheck shell=bash
# Single source of truth for the local suite's ports, folders and service configuration.
# Source it with HS_MODE=dev (make run, default), HS_MODE=test (make test) or HS_MODE=bench
# (make bench, durable like dev); the modes use different ports and folders so that tests and
# benchmarks never touch the demo data of `make run`.

HS_ROOT="${HS_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
HS_MODE="${HS_MODE:-dev}"

# Every fixed port is below 32768: Linux hands out 32768–60999 (cat
# /proc/sys/net/ipv4/ip_local_port_range) as the local ports of outgoing connections, and a server
# whose fixed port sits in that range fails with eaddrinuse whenever some client socket happens to
# hold the number (it happened to RabbitMQ on 55672). Per mode: services base…base+5, their
# internal ports (health, metrics) base+100…base+105, extra replicas from base+200 on
# (hs_replica_port), provider fakes base+10…base+13, the gateway bench's nginx base+20; the
# servers in a block of their own (dev 12xxx, test 13xxx, bench 14xxx) with the default ports'
# last digits (…432 PostgreSQL, …379 Redis, …672 AMQP, …679 distribution, …369 epmd, …680
# management); mail catcher SMTP, SMTP+562 (STARTTLS) and HTTP. No port of a system daemon's
# default (5432, 5672, 15672, 25672, 4369, 6379, 25, 587, 9090). Table: docs/local-infra.md.
case "$HS_MODE" in
  dev)  base=8080; pg_port=12432; amqp_port=12672; amqp_dist=12679; epmd_port=12369; amqp_mgmt=12680; smtp_port=1025; mail_http=8025 ;;
  test) base=18080; pg_port=13432; amqp_port=13672; amqp_dist=13679; epmd_port=13369; amqp_mgmt=13680; smtp_port=11025; mail_http=18025 ;;
  bench) base=28080; pg_port=14432; amqp_port=14672; amqp_dist=14679; epmd_port=14369; amqp_mgmt=14680; smtp_port=21025; mail_http=28025 ;;
  *) echo "HS_MODE must be dev, test or bench" >&2; return 1 ;;
esac

export HS_ROOT HS_MODE
# Debug builds (scripts/swift-build) without debug information by default: a clean build with the
# tests spends less in the compilers and the linker; dwarf for lldb (the next build is a full one).
export HS_SWIFT_DEBUG_INFO="${HS_SWIFT_DEBUG_INFO:-none}"
export HS_STATE="$HS_ROOT/.run/$HS_MODE"          # data, logs, pids of this mode
export HS_VENV="$HS_ROOT/.run/venv"                # Python tools (mail catcher, validators)
export HS_PG_BIN="${HS_PG_BIN:-/usr/lib/postgresql/15/bin}"
export HS_PG_PORT=$pg_port HS_PG_SOCKET="$HS_STATE/pg-socket" HS_PG_DB=homestudio
export HS_AMQP_PORT=$amqp_port HS_AMQP_DIST_PORT=$amqp_dist HS_EPMD_PORT=$epmd_port HS_AMQP_MGMT_PORT=$amqp_mgmt
export HS_AMQP_NODE="homestudio-$HS_MODE@localhost"
export HS_SMTP_PORT=$smtp_port HS_MAIL_HTTP_PORT=$mail_http HS_SMTP_TLS_PORT=$((smtp_port + 562))  # 1587/11587/21587
export HS_GATEWAY_PORT=$base
export HS_REDIS_PORT=$((pg_port - 53))  # 12379/13379/14379
export HS_STRIPE_FAKE_PORT=$((base + 10)) HS_PAYPAL_FAKE_PORT=$((base + 11)) HS_TWILIO_FAKE_PORT=$((base + 12)) HS_TMDB_FAKE_PORT=$((base + 13))
export HS_OTLP_PORT=$((base + 14))  # where the test suite exports spans (FakeCollector listens in its test)
export HS_SERVICES="auth catalog scheduling payments notifications gateway"
export HS_DB_SERVICES="auth catalog scheduling payments notifications"

# Port of one service: auth 8081, catalog 8082, scheduling 8083, payments 8084, notifications 8085.
hs_port() {
  case "$1" in
    gateway) echo $((HS_GATEWAY_PORT)) ;; auth) echo $((HS_GATEWAY_PORT + 1)) ;;
    catalog) echo $((HS_GATEWAY_PORT + 2)) ;; scheduling) echo $((HS_GATEWAY_PORT + 3)) ;;
    payments) echo $((HS_GATEWAY_PORT + 4)) ;; notifications) echo $((HS_GATEWAY_PORT + 5)) ;;
  esac
}

# Internal port of one service (health, readiness, detailed /health, metrics; never proxied by
# the gateway): its port + 100, e.g. gateway 8180, auth 8181 … notifications 8185 in dev.
hs_internal_port() {
  local port
  port=$(hs_port "$1") && [ -n "$port" ] && echo $((port + 100))
}

# Port of replica i (1 = the first instance) of one service: port + 200·(i−1), so that each
# replica's internal port (its port + 100) stays free, e.g. payments 8084, 8284, 8484 in dev.
hs_replica_port() {
  local port
  port=$(hs_port "$1") && [ -n "$port" ] && echo $((port + 200 * (${2:-1} - 1)))
}

# Password of a service's database role; generated once per mode, kept in the state folder (0600).
hs_db_password() {
  local f="$HS_STATE/secrets/db-$1"
  if [ ! -s "$f" ]; then
    install -d -m 700 "$HS_STATE/secrets"
    # Hex: a random base64 string can spell "tbd" or "todo", which the services' check of provider
    # secrets (ProviderSecrets.looksLikePlaceholder) rightly refuses; hex digits never spell a mark.
    head -c 18 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$f"; chmod 600 "$f"
  fi
  cat "$f"
}

# Succeeds when catalog talks to the local TMDB stand-in (scripts/standins/tmdb.py, started by
# scripts/up): in dev and bench mode, unless TMDB_API_KEY is exported (then the real TMDB is used).
hs_tmdb_standin() {
  [ "$HS_MODE" != test ] && [ -z "${TMDB_API_KEY:-}" ]
}

# Environment of one service process (swift-configuration maps `http.port` to HTTP_PORT).
hs_service_env() {
  local name=$1
  echo "HTTP_HOST=127.0.0.1"
  echo "HTTP_PORT=$(hs_port "$name")"
  echo "HTTP_INTERNAL_PORT=$(hs_internal_port "$name")"
  echo "LOG_LEVEL=${HS_LOG_LEVEL:-info}"
  echo "LOG_FORMAT=json"
  echo "AMQP_HOST=127.0.0.1"
  echo "AMQP_PORT=$HS_AMQP_PORT"
  echo "AMQP_USER=guest"
  echo "AMQP_PASSWORD=guest"
  echo "AUTH_JWKS_URL=http://127.0.0.1:$(hs_port auth)/.well-known/jwks.json"
  echo "AUTH_ISSUER=homestudio-auth"
  echo "AUTH_AUDIENCE=homestudio"
  # Traces: the test suite exports spans to a collector the tracing test starts (nothing listens
  # otherwise: the batches are dropped); elsewhere only when OTEL_EXPORTER_OTLP_ENDPOINT is exported.
  if [ "$HS_MODE" = test ]; then echo "OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:$HS_OTLP_PORT"
    echo "AMQP_QUEUE_PROBE_SECONDS=2"; echo "DATABASE_POOL_METRICS_SECONDS=2"  # the metrics tests wait for them
    echo "AUTH_JWKS_REFRESH_SECONDS=3"  # the signing-key withdrawal test waits for verifiers to notice
  elif [ -n "${OTEL_EXPORTER_OTLP_ENDPOINT:-}" ]; then echo "OTEL_EXPORTER_OTLP_ENDPOINT=$OTEL_EXPORTER_OTLP_ENDPOINT"; fi
  if [ "$name" != gateway ]; then
    echo "DATABASE_HOST=127.0.0.1"
    echo "DATABASE_PORT=$HS_PG_PORT"
    echo "DATABASE_NAME=$HS_PG_DB"
    echo "DATABASE_USER=${name}_svc"
    echo "DATABASE_PASSWORD=$(hs_db_password "$name")"
  fi
  case "$name" in
    auth)
      echo "AUTH_BOOTSTRAP_ADMIN_EMAIL=admin@homestudio.local"
      echo "AUTH_BOOTSTRAP_ADMIN_PASSWORD=${HS_ADMIN_PASSWORD:-homestudio-admin}"
      echo "AUTH_KEY_ENCRYPTION_KEY=$(hs_db_password keyenc)"
      echo "AUTH_KEY_ROTATION_DAYS=30"
      echo "AUTH_COOKIE_SECURE=true"
      # Tests: cheap hashes, and a rotated signing key that signs 12 s after it is published
      # (just above the verifiers' 10 s minimum JWKS refresh interval).
      if [ "$HS_MODE" = test ]; then echo "BCRYPT_COST=4"; echo "AUTH_KEY_PREPUBLISH_SECONDS=12"
      else echo "BCRYPT_COST=12"; echo "AUTH_KEY_PREPUBLISH_SECONDS=120"; fi ;;
    catalog)
      # TMDB: in tests a fake the tests start (Tests/TestSupport/FakeTMDB.swift); in dev and bench
      # the local stand-in with its few dozen films and SVG images (scripts/standins/tmdb.py, started
      # by scripts/up); an exported TMDB_API_KEY selects the real TMDB instead.
      if [ "$HS_MODE" = test ]; then
        echo "TMDB_URL=http://127.0.0.1:$HS_TMDB_FAKE_PORT"; echo "TMDB_API_KEY=$(hs_db_password tmdb)"
        echo "TMDB_IMAGE_URL=https://image.tmdb.org/t/p/"
      elif hs_tmdb_standin; then
        echo "TMDB_URL=http://127.0.0.1:$HS_TMDB_FAKE_PORT"; echo "TMDB_API_KEY=$(hs_db_password tmdb)"
        echo "TMDB_IMAGE_URL=http://127.0.0.1:$HS_TMDB_FAKE_PORT/t/p/"
      else
        echo "TMDB_URL=https://api.themoviedb.org"; echo "TMDB_API_KEY=$TMDB_API_KEY"
        echo "TMDB_IMAGE_URL=https://image.tmdb.org/t/p/"
      fi
      echo "TMDB_RATE_PER_SECOND=40"
      echo "TMDB_SYNC_INTERVAL_MINUTES=1440"
      # Uploaded posters and backdrops (their variants, content-addressed), per mode.
      echo "CATALOG_IMAGES_PATH=$HS_STATE/images" ;;
    scheduling)
      echo "SCHEDULING_HOLD_TTL_SECONDS=${HS_HOLD_TTL_SECONDS:-600}"
      echo "SCHEDULING_TICKET_SECRET=$(hs_db_password ticket)" ;;
    payments)
      # Stripe's API is a local fake (Tests/TestSupport/FakeStripe.swift) that the tests start;
      # outside a test run Stripe checkouts answer 503 provider-unavailable.
      echo "STRIPE_API_URL=http://127.0.0.1:$HS_STRIPE_FAKE_PORT"
      echo "STRIPE_SECRET_KEY=sk_test_$(hs_db_password stripe)"
      echo "STRIPE_WEBHOOK_SECRET=whsec_$(hs_db_password stripe-webhook)"
      echo "STRIPE_RETURN_URL=http://127.0.0.1:$HS_GATEWAY_PORT/payment-return"
      echo "SIMULATED_LATENCY_MS=${HS_SIMULATED_LATENCY_MS:-0}"
      echo "PAYMENTS_PROVIDER_CONCURRENCY=${HS_PAYMENTS_PROVIDER_CONCURRENCY:-32}"
      # Tests: every suite declines the same test card (tok_declined), a dozen times per run; the
      # card-testing rule (unit-tested) would block them all after ten. Off in the test suite only.
      if [ "$HS_MODE" = test ]; then echo "FRAUD_METHOD_DECLINES=0"; fi
      echo "PAYMENTS_DATA_KEYS=k1:$(hs_db_password personal-data)"
      echo "PAYMENTS_DATA_KEY_CURRENT=k1"
      # PayPal's API is a local fake too (Tests/TestSupport/FakePayPal.swift).
      echo "PAYPAL_API_URL=http://127.0.0.1:$HS_PAYPAL_FAKE_PORT"
      echo "PAYPAL_CLIENT_ID=homestudio-test"
      echo "PAYPAL_CLIENT_SECRET=$(hs_db_password paypal)"
      echo "PAYPAL_WEBHOOK_ID=WH-$(hs_db_password paypal-webhook)"
      echo "PAYPAL_RETURN_URL=http://127.0.0.1:$HS_GATEWAY_PORT/payment-return" ;;
    notifications)
      echo "SMTP_URL=smtp://127.0.0.1:$HS_SMTP_PORT"
      echo "SMTP_FROM=Homestudio <no-reply@homestudio.local>"
      echo "NOTIFICATIONS_UNSUBSCRIBE_SECRET=$(hs_db_password unsubscribe)"
      echo "NOTIFICATIONS_WEB_URL=http://127.0.0.1:$HS_GATEWAY_PORT"
      # A stable VAPID key (browsers' subscriptions are bound to it): 32 bytes derived from a secret.
      echo "PUSH_VAPID_PRIVATE_KEY=$(hs_db_password vapid | python3 -c 'import sys,hashlib,base64; print(base64.urlsafe_b64encode(hashlib.sha256(sys.stdin.read().strip().encode()).digest()).decode().rstrip("="))')"
      echo "PUSH_VAPID_SUBJECT=mailto:ops@homestudio.local"
      # SMS: Twilio's API is a local fake in tests (Tests/TestSupport/FakeTwilio.swift); logged only otherwise.
      echo "SMS_TWILIO_URL=http://127.0.0.1:$HS_TWILIO_FAKE_PORT"
      echo "SMS_TWILIO_ACCOUNT_SID=AC$(hs_db_password twilio-sid | md5sum | cut -c1-32)"
      echo "SMS_TWILIO_AUTH_TOKEN=$(hs_db_password twilio)"
      echo "SMS_FROM=+33100000000"
      # Tests: fast retries and digests, plain-http push endpoints (the fake push service).
      if [ "$HS_MODE" = test ]; then
        echo "SMS_PROVIDER=twilio"; echo "PUSH_ALLOW_HTTP=true"; echo "NOTIFICATIONS_MAX_ATTEMPTS=3"
        echo "NOTIFICATIONS_RETRY_BASE_MS=200"; echo "NOTIFICATIONS_DIGEST_INTERVAL_MS=500"
        # An idle delivery loop sleeps a minute: every test that waits for a message needs the wake-up.
        echo "NOTIFICATIONS_DELIVERY_IDLE_MS=60000"
      else
        echo "SMS_PROVIDER=log"; echo "PUSH_ALLOW_HTTP=false"; echo "NOTIFICATIONS_MAX_ATTEMPTS=8"
        echo "NOTIFICATIONS_RETRY_BASE_MS=2000"; echo "NOTIFICATIONS_DIGEST_INTERVAL_MS=30000"
        echo "NOTIFICATIONS_DELIVERY_IDLE_MS=5000"
      fi ;;
    gateway)
      echo "HTTP_PLAINTEXT=true"  # loopback only; set TLS_CERTIFICATE_PATH and TLS_KEY_PATH for TLS
      echo "GATEWAY_THREADS=1"    # one event loop: the machine's cores are shared with five services
      echo "REDIS_URL=redis://:$(hs_db_password redis)@127.0.0.1:$HS_REDIS_PORT/0"
      # Plain GETs forwarded in the channel pipeline (the gateway bench turns it off once to
      # measure the router's path in the same run).
      echo "UPSTREAM_CHANNEL_FORWARDING=${HS_UPSTREAM_CHANNEL_FORWARDING:-true}"
      # Rate limits: the gateway's defaults (login, reset, checkout tight) for dev; the test suite
      # and the benchmarks call from one address far more often, so their limits never trigger
      # (the rate-limit tests run their own gateways with tight limits).
      if [ "$HS_MODE" = dev ]; then
        echo "RATELIMIT_DEFAULT=${HS_RATELIMIT_DEFAULT:-300/60}"
        echo "RATELIMIT_ROUTES=${HS_RATELIMIT_ROUTES-POST auth /login 10/60; POST auth /register 10/600; POST auth /password-reset 5/300; POST auth /password-reset/confirm 20/300; POST auth /refresh 60/60; POST payments /checkouts 20/60}"
      else
        echo "RATELIMIT_DEFAULT=${HS_RATELIMIT_DEFAULT:-1000000000/1}"
        echo "RATELIMIT_ROUTES=${HS_RATELIMIT_ROUTES-}"
      fi
      echo "DOCS_ASYNCAPI_PATH=$HS_ROOT/docs/asyncapi.json"
      # Poster and backdrop uploads (PUT /films/{id}/images/{kind}) stream up to catalog's own
      # limit (catalog.images.max.bytes, 20 MiB): the same here, so that the gateway answers a
      # larger body's 413 itself (an upstream answering before the end of a streamed body
      # crashed the gateway). A prefix rule: the other PUTs under /films still read at most
      # 1 MiB in the service.
      echo "BODY_ROUTES=PUT catalog /films $((20 << 20))"
      # The web app's build (web/build.mjs); film images come from TMDB's image host, or from the
      # local TMDB stand-in in dev and bench.
      echo "WEB_ROOT=$HS_ROOT/web/dist"
      if hs_tmdb_standin; then echo "WEB_IMG_SOURCES=http://127.0.0.1:$HS_TMDB_FAKE_PORT"
      else echo "WEB_IMG_SOURCES=https://image.tmdb.org"; fi
      echo "CORS_ALLOWED_ORIGINS=https://app.homestudio.test,http://localhost:$HS_GATEWAY_PORT"
      for s in auth catalog scheduling payments notifications; do
        echo "UPSTREAM_$(echo "$s" | tr a-z A-Z)_URL=http://127.0.0.1:$(hs_port "$s")"
      done ;;
  esac
}
