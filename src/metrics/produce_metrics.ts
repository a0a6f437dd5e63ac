/**
 * The metrics of a produce run, served on `/metrics`: what was generated, delivered and failed
 * per topic and event type, how long Kafka took to acknowledge, the current and target rate,
 * the events in flight, the broker connection and the build. Counters are updated per batch by
 * the produce loop and the sink's delivery hooks; gauges that mirror other state are read at
 * scrape time, so a run without scrapers pays for nothing but a few additions per batch.
 */
import process from "node:process";
import type { Kind } from "../config/topics.ts";
import { EVENT_TYPE_HEADER, SCHEMA_OF_KIND } from "../generator/event_kinds.ts";
import {
  Counter,
  type CounterChild,
  Gauge,
  Histogram,
  type HistogramChild,
  Registry,
} from "./exposition.ts";
import { RateWindow } from "./rate_window.ts";

/** Upper bounds (seconds) of the latency histogram: 1 ms to 2 min, what acks=all can take. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
  5,
  10,
  30,
  60,
  120,
];

/** What the metrics need to know of an event: its kind. */
export interface GeneratedLike {
  readonly kind: Kind;
}

/** What the metrics need to know of an event written to stdout: its kind and event time. */
export interface WrittenLike extends GeneratedLike {
  readonly timestampMs: number;
}

/** What the metrics need to know of a record Kafka acknowledged or refused. */
export interface RecordLike {
  readonly topic: string;
  /** Event time, ms since the epoch: the latency is measured from it. */
  readonly timestampMs: number;
  /** The `event_type` header names the event's schema. */
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ProduceMetricsOptions {
  /** telemetra-mock's version, for `telemetra_build_info`. */
  readonly version: string;
  /** Topic of each kind. */
  readonly topics: Readonly<Record<Kind, string>>;
  /** Events per second asked for (0 = as fast as possible), or read at scrape time. */
  readonly targetRate: number | (() => number);
  /**
   * Observe the latency from event time to acknowledgement. Off for backfill, where event time
   * is in the past by design.
   */
  readonly observeLatency?: boolean;
  /** Read at scrape time: connected to the cluster. */
  readonly connected?: () => boolean;
  /** Read at scrape time: events accepted but neither delivered nor failed. */
  readonly inFlight?: () => number;
  /**
   * Read at scrape time, with --shard auto: this replica's channels and expected rate, and the
   * whole run's (all replicas).
   */
  readonly shard?: () => {
    readonly channels: number;
    readonly runChannels: number;
    readonly ratePerSecond: number;
    readonly runRatePerSecond: number;
  };
  /** Epoch ms; injected by tests. */
  readonly now?: () => number;
  /** Runtime versions for the build info (default: Deno's). */
  readonly runtime?: { readonly deno: string; readonly v8: string };
}

export interface ProduceMetrics {
  /** The produce loop generated and handed these events to the sink. */
  onGenerated(batch: readonly GeneratedLike[]): void;
  /** Kafka acknowledged these records (acks=all) at `nowMs` (default: now). */
  onDelivered(records: readonly RecordLike[], nowMs?: number): void;
  /** These events were written where writing is delivering (stdout) at `nowMs` (default: now). */
  onWritten(events: readonly WrittenLike[], nowMs?: number): void;
  /** These records could not be delivered. */
  onFailed(records: readonly RecordLike[]): void;
  /** Events generated so far. */
  readonly generated: number;
  /** The exposition, in Prometheus text format 0.0.4. */
  render(): string;
}

export function createProduceMetrics(options: ProduceMetricsOptions): ProduceMetrics {
  const now = options.now ?? Date.now;
  const observeLatency = options.observeLatency ?? true;
  const registry = new Registry();
  const labels = ["topic", "event_type"] as const;

  const generatedCounter = registry.register(
    new Counter(
      "telemetra_events_generated_total",
      "Events generated and handed to the sink.",
      labels,
    ),
  );
  const deliveredCounter = registry.register(
    new Counter(
      "telemetra_events_delivered_total",
      "Events acknowledged by Kafka (acks=all), or written with --stdout.",
      labels,
    ),
  );
  const failedCounter = registry.register(
    new Counter("telemetra_events_failed_total", "Events that could not be delivered.", labels),
  );
  const latency = registry.register(
    new Histogram(
      "telemetra_send_latency_seconds",
      "Seconds from an event's creation to Kafka acknowledging it (buffering and the send).",
      LATENCY_BUCKETS_SECONDS,
    ),
  ).series;
  const currentRate = registry.register(
    new Gauge(
      "telemetra_rate_events_per_second",
      "Events generated per second over the last 10 seconds.",
    ),
  ).series;
  registry.register(
    new Gauge(
      "telemetra_target_rate_events_per_second",
      "Events per second asked for (--rate; the realistic profile's expected rate; with " +
        "--shard auto this replica's share); 0 means as fast as possible.",
    ),
  ).series.collect(
    typeof options.targetRate === "number"
      ? () => options.targetRate as number
      : options.targetRate,
  );
  const inFlight = registry.register(
    new Gauge(
      "telemetra_events_in_flight",
      "Events handed to the producer and not yet acknowledged or failed (the buffer depth).",
    ),
  ).series;
  const connected = registry.register(
    new Gauge("telemetra_kafka_connected", "1 while connected to the Kafka cluster, else 0."),
  ).series;
  const runtime = options.runtime ?? { deno: Deno.version.deno, v8: Deno.version.v8 };
  registry.register(
    new Gauge("telemetra_build_info", "Always 1; the labels name the build.", [
      "version",
      "deno",
      "v8",
    ]),
  ).labels({ version: options.version, deno: runtime.deno, v8: runtime.v8 }).set(1);
  registry.register(
    new Gauge("process_resident_memory_bytes", "Resident memory size in bytes."),
  ).series.collect(() => Deno.memoryUsage().rss);
  registry.register(
    new Counter("process_cpu_seconds_total", "User and system CPU time spent in seconds."),
  ).series.collect(() => {
    const used = process.cpuUsage();
    return (used.user + used.system) / 1e6;
  });

  if (options.shard) {
    const shard = options.shard;
    const channels = registry.register(
      new Gauge(
        "telemetra_shard_channels",
        "--shard auto: channels this replica sends (scope=replica) and the run has (scope=run).",
        ["scope"],
      ),
    );
    channels.labels({ scope: "replica" }).collect(() => shard().channels);
    channels.labels({ scope: "run" }).collect(() => shard().runChannels);
    const rates = registry.register(
      new Gauge(
        "telemetra_shard_expected_rate_events_per_second",
        "--shard auto: events/s this replica's channels (scope=replica) and all the run's " +
          "channels (scope=run) make now.",
        ["scope"],
      ),
    );
    rates.labels({ scope: "replica" }).collect(() => shard().ratePerSecond);
    rates.labels({ scope: "run" }).collect(() => shard().runRatePerSecond);
  }
  if (options.connected) connected.collect(() => (options.connected!() ? 1 : 0));
  if (options.inFlight) inFlight.collect(options.inFlight);

  // Hot-path children, resolved once per kind.
  const kinds = Object.keys(options.topics) as Kind[];
  const generatedOf = {} as Record<Kind, CounterChild>;
  const deliveredOf = {} as Record<Kind, CounterChild>;
  for (const kind of kinds) {
    generatedOf[kind] = generatedCounter.labels({
      topic: options.topics[kind],
      event_type: SCHEMA_OF_KIND[kind],
    });
    // Delivered and failed series exist from the start, so rate() works from the first scrape.
    deliveredOf[kind] = deliveredCounter.labels({
      topic: options.topics[kind],
      event_type: SCHEMA_OF_KIND[kind],
    });
    failedCounter.labels({ topic: options.topics[kind], event_type: SCHEMA_OF_KIND[kind] });
  }
  const kindOfTopic = new Map<string, Kind>();
  for (const kind of kinds) kindOfTopic.set(options.topics[kind], kind);
  // Counted per distinct (topic, event_type) of a batch: a batch mixes kinds record by record, so
  // resolving the series once per record cost more than the counting itself. Records share their
  // headers object per kind, so the last one's type is reused while the headers are the same.
  const batchCounts = new Map<string, Map<string, number>>();
  const countRecords = (
    counter: Counter<"topic" | "event_type">,
    records: readonly RecordLike[],
  ) => {
    batchCounts.clear();
    let lastTopic: string | undefined;
    let lastHeaders: RecordLike["headers"] | null = null;
    let type = "";
    let counts = new Map<string, number>();
    for (const record of records) {
      if (record.topic !== lastTopic || record.headers !== lastHeaders) {
        lastTopic = record.topic;
        lastHeaders = record.headers;
        const kind = kindOfTopic.get(record.topic);
        type = record.headers?.[EVENT_TYPE_HEADER] ??
          (kind === undefined ? "unknown" : SCHEMA_OF_KIND[kind]);
        let byType = batchCounts.get(record.topic);
        if (byType === undefined) batchCounts.set(record.topic, byType = new Map());
        counts = byType;
      }
      counts.set(type, (counts.get(type) ?? 0) + 1);
    }
    for (const [topic, byType] of batchCounts) {
      for (const [eventType, n] of byType) counter.labels({ topic, event_type: eventType }).inc(n);
    }
  };
  const observe = (histogram: HistogramChild, records: readonly RecordLike[], at: number) => {
    for (const record of records) histogram.observe(Math.max(0, at - record.timestampMs) / 1000);
  };

  let generated = 0;
  const rateWindow = new RateWindow(10_000, 250);
  const byKind: Record<string, number> = {};
  return {
    onGenerated(batch) {
      for (const kind of kinds) byKind[kind] = 0;
      for (const event of batch) byKind[event.kind]!++;
      for (const kind of kinds) if (byKind[kind]! > 0) generatedOf[kind].inc(byKind[kind]);
      generated += batch.length;
      rateWindow.sample(now(), generated);
    },
    onWritten(events, nowMs) {
      for (const kind of kinds) byKind[kind] = 0;
      for (const event of events) byKind[event.kind]!++;
      for (const kind of kinds) if (byKind[kind]! > 0) deliveredOf[kind].inc(byKind[kind]);
      if (!observeLatency) return;
      const at = nowMs ?? now();
      for (const event of events) latency.observe(Math.max(0, at - event.timestampMs) / 1000);
    },
    onDelivered(records, nowMs) {
      countRecords(deliveredCounter, records);
      if (observeLatency) observe(latency, records, nowMs ?? now());
    },
    onFailed(records) {
      countRecords(failedCounter, records);
    },
    get generated() {
      return generated;
    },
    render() {
      currentRate.set(Math.round(rateWindow.rate(now(), generated) * 100) / 100);
      return registry.render();
    },
  };
}
