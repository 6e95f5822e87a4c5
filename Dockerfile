# syntax=docker/dockerfile:1
# One image per service, all from this single SwiftPM package:
#   docker build --build-arg SERVICE=payments \
#     --build-arg VERSION=0.19.0 --build-arg BUILD_COMMIT=$(git rev-parse HEAD) -t homestudio/payments .
# SERVICE is one of: auth catalog scheduling payments notifications gateway.
# VERSION and BUILD_COMMIT (both optional) are what the running service reports: in
# build_info{service,version,commit}, the detailed /health document and its OpenAPI document
# (Shared/Sources/ServiceKit/BuildInfo.swift). The version is compiled in (BuildInfo.version): a
# VERSION given here must be that version (or a pre-release of it, 1.4.0-rc.1 for 1.4.0), or
# the build fails, so that an image never carries a tag its binary contradicts. The commit is
# read at start-up from the BUILD_COMMIT environment variable, set in the image from the
# build argument ("unknown" when it is empty). Both also label the image (OCI annotations).

ARG SWIFT_IMAGE=swift:6.2-bookworm
ARG RUNTIME_IMAGE=debian:bookworm-slim

# ---------------------------------------------------------------------------
# Build stage
# ---------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build
ARG SERVICE
RUN test -n "$SERVICE" || { echo "pass --build-arg SERVICE=<auth|catalog|scheduling|payments|notifications|gateway>" >&2; exit 1; }

# C libraries behind the CRabbitMQ, CCurl and CHiredis system-library targets.
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends librabbitmq-dev libcurl4-openssl-dev libhiredis-dev pkg-config \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /build
COPY . .

# A release version must be the one compiled into the binaries (BuildInfo.version).
ARG VERSION=""
RUN compiled="$(sed -n 's/.*static let version = "\([^"]*\)".*/\1/p' Shared/Sources/ServiceKit/BuildInfo.swift)" \
    && test -n "$compiled" || { echo "no BuildInfo.version in Shared/Sources/ServiceKit/BuildInfo.swift" >&2; exit 1; }; \
    case "$VERSION" in \
      "" | "$compiled" | "$compiled"-*) ;; \
      *) echo "VERSION=$VERSION but the code says $compiled (Shared/Sources/ServiceKit/BuildInfo.swift): bump it, or tag v$compiled" >&2; exit 1 ;; \
    esac

# The build folder lives in a cache mount so that the six images share resolved dependencies
# and compiled modules; the binary is copied out in the same step.
RUN --mount=type=cache,target=/build/.build,id=homestudio-swift-build \
    swift build -c release --product "$SERVICE" --static-swift-stdlib \
    && bin="$(swift build -c release --show-bin-path)" \
    && install -d /staging \
    && cp "$bin/$SERVICE" /staging/service \
    && find -L "$bin/" -maxdepth 1 -name '*.resources' -exec cp -Ra {} /staging/ \; \
    && if [ -f /usr/libexec/swift/linux/swift-backtrace-static ]; then \
         cp /usr/libexec/swift/linux/swift-backtrace-static /staging/; fi \
    && chmod -R a-w /staging

# ---------------------------------------------------------------------------
# Web app (only the gateway image carries it): Debian's Node, React, TypeScript and esbuild, no
# download from npm; web/dist with its precompressed .gz and .br siblings.
# ---------------------------------------------------------------------------
FROM debian:bookworm-slim AS web
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends nodejs node-react node-react-dom node-typescript esbuild \
       node-chart.js node-qrcode-generator \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /build
COPY web/ web/
RUN node web/build.mjs

# ---------------------------------------------------------------------------
# Runtime stage
# ---------------------------------------------------------------------------
FROM ${RUNTIME_IMAGE}
ARG SERVICE

# librabbitmq4, libcurl4 and libhiredis0.14 are the only dynamic libraries besides libc/libstdc++
# (libcurl4 is loaded by notifications' first mail, not at start);
# curl is there for the container health check (compose, on the internal port 9090).
RUN export DEBIAN_FRONTEND=noninteractive \
    && apt-get -q update \
    && apt-get -q install -y --no-install-recommends librabbitmq4 libcurl4 libhiredis0.14 ca-certificates curl tzdata \
    && rm -rf /var/lib/apt/lists/*

# catalog only: libvips' command-line tools (vipsheader, vipsthumbnail) and libwebp's webpmux make
# the variants of uploaded posters and backdrops, as child processes. Installed in its image only,
# so that the other five images stay small.
RUN if [ "$SERVICE" = catalog ]; then \
      export DEBIAN_FRONTEND=noninteractive \
      && apt-get -q update \
      && apt-get -q install -y --no-install-recommends libvips-tools webp \
      && rm -rf /var/lib/apt/lists/*; \
    fi

# Fixed numeric ids so that Kubernetes' runAsNonRoot can verify them.
RUN groupadd --system --gid 10001 homestudio \
    && useradd --system --uid 10001 --gid homestudio --no-create-home --home-dir /app --shell /usr/sbin/nologin homestudio
# catalog's uploaded images (CATALOG_IMAGES_PATH): a volume is mounted here (compose: a named
# volume, which takes this owner; Kubernetes: see k8s/base/catalog/deployment.yaml).
RUN if [ "$SERVICE" = catalog ]; then install -d -o 10001 -g 10001 /data/images; fi

WORKDIR /app
COPY --from=build /staging/ /app/
# The event catalogue the gateway's /docs serves (DOCS_ASYNCAPI_PATH); small, so every image has it.
COPY docs/asyncapi.json /app/docs/asyncapi.json
# The web app the gateway serves at / (WEB_ROOT); the other services ignore it.
COPY --from=web /build/web/dist /app/web

# Late, so that a new commit or version rebuilds only these last layers.
ARG VERSION=""
ARG BUILD_COMMIT=""
LABEL org.opencontainers.image.title="homestudio-${SERVICE}" \
      org.opencontainers.image.description="Homestudio ${SERVICE} service" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${BUILD_COMMIT}"

# BUILD_COMMIT: the commit the service reports (BuildInfo.commit; "unknown" when empty).
ENV BUILD_COMMIT="${BUILD_COMMIT}" \
    HTTP_HOST=0.0.0.0 \
    HTTP_PORT=8080 \
    HTTP_INTERNAL_PORT=9090 \
    WEB_ROOT=/app/web \
    LOG_FORMAT=json \
    SWIFT_BACKTRACE=enable=yes,sanitize=yes,threads=all,images=all,interactive=no,swift-backtrace=/app/swift-backtrace-static

USER 10001:10001
# 8080: the public API. 9090 (HTTP_INTERNAL_PORT): /health/live, /health/ready, /health and
# /metrics for probes and Prometheus; deliberately not EXPOSEd, so that `docker run -P` never
# publishes it.
EXPOSE 8080
ENTRYPOINT ["/app/service"]
