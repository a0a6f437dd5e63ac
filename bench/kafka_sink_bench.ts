/**
 * Raw throughput of the Kafka producer sink into a real broker: pre-serialised chat events
 * (~390 bytes, varying ids, 7 channels) over 4 topics of 3 partitions, acks=all, measured from
 * the first write() to the end of close() (everything acknowledged). Generation is not
 * measured; it happens before the clock starts.
 *
 *   tools/deno task kafka start            # or any broker you can reach
 *   tools/deno run -A bench/kafka_sink_bench.ts --bootstrap-server 127.0.0.1:9092 [--records N]
 */
import { parseArgs } from "node:util";
import { ensureTopics, openAdmin } from "../src/kafka/admin.ts";
import { createKafka } from "../src/kafka/client.ts";
import {
  type Compression,
  openProducerSink,
  type OutgoingRecord,
  type ProducerSinkOptions,
} from "../src/kafka/producer.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "../src/kafka/settings.ts";

const { values: flags } = parseArgs({
  options: {
    "bootstrap-server": {
      type: "string",
      default: Deno.env.get("KAFKA_BOOTSTRAP_SERVERS") ?? "127.0.0.1:9092",
    },
    records: { type: "string", default: "300000" },
  },
});
const count = Number(flags.records);
const settings: KafkaSettings = {
  ...DEFAULT_KAFKA_SETTINGS,
  brokers: flags["bootstrap-server"].split(","),
  retries: 3,
  retryDelayMs: 1000,
};
/** What a write from produce's loop looks like: a linger window's worth of events. */
const WRITE_SIZE = 500;
const KINDS = ["chat", "viewer", "transactions", "stream_meta"] as const;

function chatValue(i: number): string {
  return JSON.stringify({
    message_id: `${
      (Math.imul(i + 1, 2654435761) >>> 0).toString(16).padStart(8, "0")
    }-4a1c-4b2d-9e3f-${i.toString(16).padStart(12, "0")}`,
    channel: `channel_${i % 7}`,
    username: `viewer_${i % 50}`,
    user_id: `user_${1_000_000 + (i % 50)}`,
    message: ["That was insane! PogChamp PogChamp", "LUL LUL LUL", "gg wp Kappa"][i % 3],
    emotes: ["PogChamp"],
    badges: ["subscriber"],
    is_action: false,
    bits: 0,
    sentiment_hint: "excited",
    timestamp: new Date(Date.UTC(2025, 9, 16, 10) + i * 100).toISOString(),
    metadata: { client: "web", color: "#FF5733" },
  });
}

function events(topics: readonly string[]): OutgoingRecord[] {
  return Array.from({ length: count }, (_, i) => ({
    topic: topics[i % 10 < 7 ? 0 : (i % 10) - 6]!,
    key: `channel_${i % 7}`,
    value: chatValue(i),
    timestampMs: Date.UTC(2025, 9, 16, 10) + i * 100,
    headers: { event_type: "chat_message" },
  }));
}

interface Case {
  readonly label: string;
  readonly options: ProducerSinkOptions;
}

const compressions: Compression[] = ["snappy", "none", "gzip"];
const cases: Case[] = [
  ...[1000, 2000, 5000].map((batch) => ({
    label: `idempotent, batch ${batch}, 1 in flight, snappy`,
    options: { maxBatchRecords: batch },
  })),
  ...compressions.slice(1).map((compression) => ({
    label: `idempotent, batch 2000, 1 in flight, ${compression}`,
    options: { compression },
  })),
  ...[1, 4, 16].map((inFlight) => ({
    label: `not idempotent, batch 1000, ${inFlight} in flight, snappy`,
    options: { idempotent: false, maxInFlight: inFlight, maxBatchRecords: 1000 },
  })),
];

const run = crypto.randomUUID().slice(0, 6);
// deno-lint-ignore no-console
console.log(
  `${count.toLocaleString("en")} events, ${WRITE_SIZE} per write, into ${settings.brokers}\n`,
);
// deno-lint-ignore no-console
console.log("| configuration | events/s | MB/s |\n|---|---:|---:|");
for (const [n, { label, options }] of cases.entries()) {
  const topics = KINDS.map((kind) => `bench.${run}.${n}.${kind}`);
  const admin = await openAdmin(createKafka(settings), settings);
  const { partitions } = await ensureTopics(
    admin,
    topics,
    { partitions: 3, replicationFactor: 1 },
    settings,
  );
  await admin.disconnect();
  const records = events(topics);
  const bytes = records.reduce((sum, r) => sum + r.value.length, 0);
  const sink = await openProducerSink(settings, { ...options, partitionCounts: partitions });
  const started = performance.now();
  for (let i = 0; i < records.length; i += WRITE_SIZE) {
    await sink.write(records.slice(i, i + WRITE_SIZE));
  }
  await sink.close();
  const seconds = (performance.now() - started) / 1000;
  if (sink.stats.delivered !== count) throw new Error(`${label}: ${JSON.stringify(sink.stats)}`);
  // deno-lint-ignore no-console
  console.log(
    `| ${label} | ${Math.round(count / seconds).toLocaleString("en")} | ${
      (bytes / seconds / 1e6).toFixed(1)
    } |`,
  );
}
