/**
 * Everything a produce run shows to operators, wired in one place: the health state behind
 * `/healthz`, the metrics behind `/metrics`, and the server for both on `--metrics-port`. The
 * produce session creates it before connecting, passes `sinkHooks` to the Kafka sink, wraps the
 * opened sink with `instrument(sink)`, and disposes of it at the end.
 */
import type { Kind } from "../config/topics.ts";
import {
  createHealthState,
  DEFAULT_MAX_SILENCE_MS,
  type HealthServer,
  type HealthState,
  serveHealth,
} from "../health.ts";
import type { EventSink } from "../sinks/types.ts";
import {
  createProduceMetrics,
  type ProduceMetrics,
  type ProduceMetricsOptions,
  type RecordLike,
} from "./produce_metrics.ts";
import { metricsRoute } from "./route.ts";

export interface ProduceTelemetryOptions {
  readonly version: string;
  readonly topics: Readonly<Record<Kind, string>>;
  /** Events/s asked for, or read at scrape time (a --shard auto replica's share). */
  readonly targetRate: number | (() => number);
  /** Where events go: with stdout, a batch counts as delivered once written. */
  readonly output: "kafka" | "stdout";
  /** Backfill stamps events in the past, so no latency is observed. */
  readonly backfill: boolean;
  /** `--metrics-port`; undefined serves nothing (the state is still kept). 0 picks a free port. */
  readonly port: number | undefined;
  readonly hostname?: string;
  /** --shard auto: this replica's share of the run, read at scrape time. */
  readonly shard?: ProduceMetricsOptions["shard"];
  /** Epoch ms; injected by tests. */
  readonly now?: () => number;
}

/** The delivery hooks of the Kafka sink (`openKafkaEventSink(..., hooks)`). */
export interface DeliveryHooks {
  onDelivered(records: readonly RecordLike[]): void;
  onFailed(records: readonly RecordLike[]): void;
  /** Kafka stopped acknowledging (true: unhealthy, disconnected) or acknowledged again. */
  onOutage(down: boolean): void;
}

export interface ProduceTelemetry extends AsyncDisposable {
  readonly health: HealthState;
  readonly metrics: ProduceMetrics;
  /** The server, when a port was given. */
  readonly server: HealthServer | undefined;
  readonly sinkHooks: DeliveryHooks;
  /**
   * The sink, counted: events are counted as generated when written to it (before it can
   * deliver them), its in-flight count is shown, and Kafka counts as connected from now on.
   * With stdout, a batch counts as delivered once written.
   */
  instrument(sink: EventSink): EventSink;
  /** Marks the producer disconnected and stops the server. Idempotent. */
  close(): Promise<void>;
}

/** Starts serving at once (so `/healthz` says 503 while Kafka is still being reached). */
export function startProduceTelemetry(options: ProduceTelemetryOptions): ProduceTelemetry {
  const now = options.now ?? Date.now;
  const kafka = options.output === "kafka";
  let sink: EventSink | undefined;
  const waiting = () => {
    if (sink === undefined) return 0;
    const c = sink.counts();
    return c.accepted - c.delivered - c.failed;
  };
  // Silence counts against health only while events wait for Kafka.
  const health = createHealthState(kafka ? waiting : undefined);
  const metrics = createProduceMetrics({
    version: options.version,
    topics: options.topics,
    targetRate: options.targetRate,
    observeLatency: !options.backfill,
    connected: () => kafka && health.snapshot().connected,
    inFlight: waiting,
    ...(options.shard ? { shard: options.shard } : {}),
    now,
  });
  // Healthy means "delivered recently": at slow rates, recently is a few events' time.
  const fixedRate = typeof options.targetRate === "number" ? options.targetRate : 0;
  const maxSilenceMs = fixedRate > 0
    ? Math.max(DEFAULT_MAX_SILENCE_MS, 3000 / fixedRate)
    : DEFAULT_MAX_SILENCE_MS;
  const server = options.port === undefined ? undefined : serveHealth({
    state: health,
    port: options.port,
    maxSilenceMs,
    ...(options.hostname === undefined ? {} : { hostname: options.hostname }),
    now,
    routes: metricsRoute(() => metrics.render()),
  });
  const sinkHooks: DeliveryHooks = {
    onDelivered(records) {
      const at = now();
      health.markDelivered(at);
      metrics.onDelivered(records, at);
    },
    onFailed(records) {
      health.markDisconnected();
      metrics.onFailed(records);
    },
    onOutage(down) {
      if (down) health.markDisconnected();
      else health.markConnected();
    },
  };
  let closed: Promise<void> | undefined;
  const close = () =>
    closed ??= (async () => {
      health.markDisconnected();
      await server?.close();
    })();
  return {
    health,
    metrics,
    server,
    sinkHooks,
    instrument(inner) {
      sink = inner;
      if (kafka) health.markConnected();
      return {
        async write(batch, signal) {
          metrics.onGenerated(batch);
          await inner.write(batch, signal);
          if (kafka) return;
          const at = now();
          health.markDelivered(at);
          metrics.onWritten(batch, at);
        },
        close: (timeoutMs) => inner.close(timeoutMs),
        counts: () => inner.counts(),
        [Symbol.asyncDispose]: () => inner.close(),
      };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
