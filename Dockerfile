# telemetra-mock in a small, non-root image: the self-contained binary on Debian slim.
#
#   docker build -t telemetra-mock .
#   docker run --rm -e KAFKA_BOOTSTRAP_SERVERS=kafka:9092 -e RATE_PER_SEC=100 telemetra-mock
#   docker run --rm telemetra-mock consume telemetra.events.chat 10 -b kafka:9092
#
# Configured by the same environment variables as the binary (KAFKA_BOOTSTRAP_SERVERS, CHANNELS,
# RATE_PER_SEC, MESSAGE_VARIANTS, LOG_LEVEL, PRODUCE_CHAT, PRODUCE_VIEWER, PRODUCE_TRANSACTIONS,
# PRODUCE_STREAM_META, ... see the README), or a .env file mounted at /app/.env.

ARG DENO_VERSION=2.7.11

# ---- build: compile the binary with the pinned Deno -------------------------------------------
FROM denoland/deno:${DENO_VERSION} AS build
# deno compile embeds a runtime: downloaded from Deno's host when reachable, otherwise the same
# runtime taken from the npm registry and sha256-verified (tools/denort.ts). Dependencies come from
# the npm registry in both cases; pass --build-arg NPM_CONFIG_REGISTRY=<url> to use a mirror.
ARG NPM_CONFIG_REGISTRY=https://registry.npmjs.org/
ENV NPM_CONFIG_REGISTRY=${NPM_CONFIG_REGISTRY} \
    DENO_TLS_CA_STORE=mozilla,system \
    DENO_NO_UPDATE_CHECK=1
WORKDIR /src
# Dependencies first: this layer is reused until deno.json or deno.lock change.
COPY deno.json deno.lock ./
RUN deno install --frozen
COPY main.ts ./
COPY schemas/ schemas/
COPY src/ src/
COPY tools/compile.sh tools/denort.ts tools/
COPY tools/compile/ tools/compile/
RUN DENO=deno bash tools/compile.sh --output /out/telemetra-mock \
 && /out/telemetra-mock --version

# ---- runtime: the binary alone ------------------------------------------------------------------
FROM debian:bookworm-slim
LABEL org.opencontainers.image.title="telemetra-mock" \
      org.opencontainers.image.description="Realistic Twitch-like live-stream events for Kafka" \
      org.opencontainers.image.licenses="MIT"
RUN groupadd --system --gid 10001 telemetra \
 && useradd --system --uid 10001 --gid telemetra --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin telemetra \
 && mkdir /app
COPY --from=build /out/telemetra-mock /usr/local/bin/telemetra-mock
USER 10001:10001
WORKDIR /app
# /metrics and /healthz; the HEALTHCHECK probes the latter with the binary itself (no curl here).
# Healthy = connected to Kafka and delivered within the last 30 s. Only produce serves it: the
# probe reads the container's command line (pid 1) and reports healthy at once for consume,
# validate and the rest. The shell opens /proc/1/cmdline, which the binary may not read itself.
ENV METRICS_PORT=9464
EXPOSE 9464
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
  CMD exec /usr/local/bin/telemetra-mock health --timeout 4s --stdin-cmdline </proc/1/cmdline
ENTRYPOINT ["/usr/local/bin/telemetra-mock"]
CMD ["produce"]
