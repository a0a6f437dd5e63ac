import assert from "node:assert/strict";
import {
  createProduceMetrics,
  type ProduceMetricsOptions,
} from "../../src/metrics/produce_metrics.ts";

const topics = {
  chat: "t.chat",
  viewer: "t.viewer",
  transaction: "t.transactions",
  stream_meta: "t.stream_meta",
} as const;

function metricsAt(clock: { ms: number }, extra: Partial<ProduceMetricsOptions> = {}) {
  return createProduceMetrics({
    version: "1.2.3",
    topics,
    targetRate: 100,
    now: () => clock.ms,
    runtime: { deno: "2.7.11", v8: "14.0" },
    ...extra,
  });
}

/** The sample lines of one metric (without HELP/TYPE). */
function samples(text: string, name: string): string[] {
  return text.split("\n").filter((l) => l.startsWith(name) && /[ {]/.test(l[name.length]!));
}

Deno.test("createProduceMetrics() counts generated, delivered and failed per topic and event type", () => {
  const clock = { ms: 1_000_000 };
  const m = metricsAt(clock);
  m.onGenerated([{ kind: "chat" }, { kind: "chat" }, { kind: "viewer" }, { kind: "stream_meta" }]);
  m.onDelivered([
    { topic: "t.chat", timestampMs: 0, headers: { event_type: "chat_message" } },
    { topic: "t.chat", timestampMs: 0, headers: { event_type: "chat_message" } },
    { topic: "t.viewer", timestampMs: 0 },
  ]);
  m.onFailed([{ topic: "t.stream_meta", timestampMs: 0, headers: { event_type: "stream_meta" } }]);
  const text = m.render();
  assert.deepEqual(samples(text, "telemetra_events_generated_total"), [
    'telemetra_events_generated_total{topic="t.chat",event_type="chat_message"} 2',
    'telemetra_events_generated_total{topic="t.viewer",event_type="viewer_count"} 1',
    'telemetra_events_generated_total{topic="t.transactions",event_type="transaction"} 0',
    'telemetra_events_generated_total{topic="t.stream_meta",event_type="stream_meta"} 1',
  ]);
  assert.deepEqual(samples(text, "telemetra_events_delivered_total"), [
    'telemetra_events_delivered_total{topic="t.chat",event_type="chat_message"} 2',
    'telemetra_events_delivered_total{topic="t.viewer",event_type="viewer_count"} 1',
    'telemetra_events_delivered_total{topic="t.transactions",event_type="transaction"} 0',
    'telemetra_events_delivered_total{topic="t.stream_meta",event_type="stream_meta"} 0',
  ]);
  assert.deepEqual(samples(text, "telemetra_events_failed_total"), [
    'telemetra_events_failed_total{topic="t.chat",event_type="chat_message"} 0',
    'telemetra_events_failed_total{topic="t.viewer",event_type="viewer_count"} 0',
    'telemetra_events_failed_total{topic="t.transactions",event_type="transaction"} 0',
    'telemetra_events_failed_total{topic="t.stream_meta",event_type="stream_meta"} 1',
  ]);
  assert.equal(m.generated, 4);
});

Deno.test("createProduceMetrics() observes latency from event time to acknowledgement", () => {
  const clock = { ms: 10_000 };
  const m = metricsAt(clock);
  m.onDelivered([
    { topic: "t.chat", timestampMs: 9_998 },
    { topic: "t.chat", timestampMs: 9_960 },
    { topic: "t.chat", timestampMs: 7_000 },
  ], 10_000);
  const text = m.render();
  const bucket = (le: string) =>
    samples(text, "telemetra_send_latency_seconds_bucket").find((l) => l.includes(`le="${le}"`));
  assert.equal(bucket("0.0025"), 'telemetra_send_latency_seconds_bucket{le="0.0025"} 1');
  assert.equal(bucket("0.05"), 'telemetra_send_latency_seconds_bucket{le="0.05"} 2');
  assert.equal(bucket("2.5"), 'telemetra_send_latency_seconds_bucket{le="2.5"} 2');
  assert.equal(bucket("5"), 'telemetra_send_latency_seconds_bucket{le="5"} 3');
  assert.deepEqual(samples(text, "telemetra_send_latency_seconds_count"), [
    "telemetra_send_latency_seconds_count 3",
  ]);
  assert.deepEqual(samples(text, "telemetra_send_latency_seconds_sum"), [
    "telemetra_send_latency_seconds_sum 3.042",
  ]);
});

Deno.test("createProduceMetrics() observes no latency for backfill", () => {
  const m = metricsAt({ ms: 10_000 }, { observeLatency: false });
  m.onDelivered([{ topic: "t.chat", timestampMs: 0 }]);
  assert.deepEqual(samples(m.render(), "telemetra_send_latency_seconds_count"), [
    "telemetra_send_latency_seconds_count 0",
  ]);
});

Deno.test("createProduceMetrics() shows current and target rate, in-flight, connection and build", () => {
  const clock = { ms: 0 };
  let inFlight = 0;
  let connected = false;
  const m = metricsAt(clock, { inFlight: () => inFlight, connected: () => connected });
  // 2 events every 100 ms from 0 to 4.9 s: 20 events/s.
  for (let i = 0; i < 50; i++, clock.ms += 100) {
    m.onGenerated([{ kind: "chat" }, { kind: "viewer" }]);
  }
  clock.ms -= 100;
  inFlight = 12;
  connected = true;
  const text = m.render();
  assert.deepEqual(samples(text, "telemetra_rate_events_per_second"), [
    "telemetra_rate_events_per_second 20",
  ]);
  assert.deepEqual(samples(text, "telemetra_target_rate_events_per_second"), [
    "telemetra_target_rate_events_per_second 100",
  ]);
  assert.deepEqual(samples(text, "telemetra_events_in_flight"), ["telemetra_events_in_flight 12"]);
  assert.deepEqual(samples(text, "telemetra_kafka_connected"), ["telemetra_kafka_connected 1"]);
  assert.deepEqual(samples(text, "telemetra_build_info"), [
    'telemetra_build_info{version="1.2.3",deno="2.7.11",v8="14.0"} 1',
  ]);
  assert.equal(samples(text, "process_resident_memory_bytes").length, 1);
  assert.match(samples(text, "process_cpu_seconds_total")[0]!, /^process_cpu_seconds_total \d/);
});

Deno.test("createProduceMetrics() declares every family once, with HELP and TYPE", () => {
  const text = metricsAt({ ms: 0 }).render();
  const types = text.split("\n").filter((l) => l.startsWith("# TYPE ")).map((l) => l.slice(7));
  assert.deepEqual(types, [
    "telemetra_events_generated_total counter",
    "telemetra_events_delivered_total counter",
    "telemetra_events_failed_total counter",
    "telemetra_send_latency_seconds histogram",
    "telemetra_rate_events_per_second gauge",
    "telemetra_target_rate_events_per_second gauge",
    "telemetra_events_in_flight gauge",
    "telemetra_kafka_connected gauge",
    "telemetra_build_info gauge",
    "process_resident_memory_bytes gauge",
    "process_cpu_seconds_total counter",
  ]);
});

Deno.test("createProduceMetrics() shows a --shard auto replica's share of the run next to the run's", () => {
  let share = { channels: 3, runChannels: 9, ratePerSecond: 120, runRatePerSecond: 400 };
  const metrics = metricsAt({ ms: 0 }, { shard: () => share });
  let text = metrics.render();
  assert.deepEqual(samples(text, "telemetra_shard_channels"), [
    'telemetra_shard_channels{scope="replica"} 3',
    'telemetra_shard_channels{scope="run"} 9',
  ]);
  assert.deepEqual(samples(text, "telemetra_shard_expected_rate_events_per_second"), [
    'telemetra_shard_expected_rate_events_per_second{scope="replica"} 120',
    'telemetra_shard_expected_rate_events_per_second{scope="run"} 400',
  ]);
  share = { channels: 0, runChannels: 9, ratePerSecond: 0, runRatePerSecond: 410 };
  text = metrics.render();
  assert.ok(
    samples(text, "telemetra_shard_channels").includes(
      'telemetra_shard_channels{scope="replica"} 0',
    ),
  );
  assert.deepEqual(samples(metricsAt({ ms: 0 }).render(), "telemetra_shard_channels"), []);
});
