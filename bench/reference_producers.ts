/**
 * The yardsticks produce is compared with, each sending the same pre-serialised events to the
 * same broker with acks=all and no compression:
 * (c) a minimal kafkajs loop — the ceiling of the client library produce is built on;
 * (d) kcat -P (librdkafka) from a file;
 * (e) Kafka's own ProducerPerformance (Java) with a payload file of the same events.
 * Each returns records per second, from the first record to the last acknowledgement (for the
 * two external tools: the process's wall time, connection included).
 */
import { ensureTopics, openAdmin } from "../src/kafka/admin.ts";
import { createKafka } from "../src/kafka/client.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "../src/kafka/settings.ts";
import type { SampleEvents } from "./sample_events.ts";

const TOOL = new URL("../tools/kafka/tool.sh", import.meta.url).pathname;

function settingsFor(bootstrap: string): KafkaSettings {
  return { ...DEFAULT_KAFKA_SETTINGS, brokers: [bootstrap], retries: 3, retryDelayMs: 1000 };
}

/** Creates the topics (3 partitions each, like produce's default). */
export async function createTopics(bootstrap: string, topics: readonly string[]): Promise<void> {
  const settings = settingsFor(bootstrap);
  const admin = await openAdmin(createKafka(settings), settings);
  try {
    await ensureTopics(admin, topics, { partitions: 3, replicationFactor: 1 }, {
      brokers: settings.brokers,
      security: settings.security,
    });
  } finally {
    await admin.disconnect();
  }
}

interface Message {
  key: string;
  value: string;
  timestamp: string;
  headers: Readonly<Record<string, string>>;
}

export interface KafkajsLoopOptions {
  /** Records per send() (default 1,000). */
  readonly batch?: number;
  /** Concurrent send() calls (default 8). */
  readonly inFlight?: number;
  /** Idempotent producer; kafkajs then allows one request in flight per connection. */
  readonly idempotent?: boolean;
}

/**
 * (c) kafkajs alone: send() of large batches, several in flight, acks=all. Each record as produce
 * sends it: key, value, timestamp and the `event_type` header (to one topic).
 */
export async function kafkajsLoop(
  bootstrap: string,
  topic: string,
  sample: SampleEvents,
  options: KafkajsLoopOptions = {},
): Promise<number> {
  const batch = options.batch ?? 1000;
  const inFlight = options.inFlight ?? 8;
  const idempotent = options.idempotent ?? false;
  const batches: Message[][] = [];
  for (let i = 0; i < sample.values.length; i += batch) {
    batches.push(
      sample.values.slice(i, i + batch).map((value, j) => ({
        key: sample.keys[i + j]!,
        value,
        timestamp: String(sample.timestamps[i + j]!),
        headers: sample.headers[i + j]!,
      })),
    );
  }
  const producer = createKafka(settingsFor(bootstrap)).producer({
    allowAutoTopicCreation: false,
    idempotent,
    ...(idempotent ? { maxInFlightRequests: 1 } : {}),
  });
  await producer.connect();
  try {
    let next = 0;
    const worker = async () => {
      while (next < batches.length) {
        const messages = batches[next++]!;
        await producer.send({ topic, messages, acks: -1 });
      }
    };
    const t0 = performance.now();
    await Promise.all(Array.from({ length: idempotent ? 1 : inFlight }, worker));
    return sample.values.length / ((performance.now() - t0) / 1000);
  } finally {
    await producer.disconnect();
  }
}

async function timed(command: string, args: string[]): Promise<{ seconds: number; out: string }> {
  const t0 = performance.now();
  const result = await new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const seconds = (performance.now() - t0) / 1000;
  const out = new TextDecoder().decode(result.stdout) + new TextDecoder().decode(result.stderr);
  if (!result.success) throw new Error(`${command} ${args.join(" ")} failed:\n${out.slice(-2000)}`);
  return { seconds, out };
}

/** (d) kcat -P from a file of `key<TAB>value` lines. */
export async function kcatProduce(
  bootstrap: string,
  topic: string,
  keyedFile: string,
  count: number,
): Promise<number> {
  const { seconds } = await timed("kcat", [
    "-P",
    "-b",
    bootstrap,
    "-t",
    topic,
    "-K",
    "\t",
    "-X",
    "acks=all",
    "-l",
    keyedFile,
  ]);
  return count / seconds;
}

/** (e) ProducerPerformance sending `count` records drawn from the payload file. */
export async function producerPerformance(
  bootstrap: string,
  topic: string,
  payloadFile: string,
  count: number,
): Promise<number> {
  const { out } = await timed("bash", [
    TOOL,
    "perf",
    "--topic",
    topic,
    "--num-records",
    String(count),
    "--payload-file",
    payloadFile,
    "--throughput",
    "-1",
    "--producer-props",
    `bootstrap.servers=${bootstrap}`,
    "acks=all",
  ]);
  // "500000 records sent, 227272.7 records/sec (82.40 MB/sec), ..." (the final line).
  const all = [...out.matchAll(/(\d+) records sent, ([\d.]+) records\/sec/g)];
  const last = all[all.length - 1];
  if (last === undefined || Number(last[1]) !== count) {
    throw new Error(`ProducerPerformance printed no final result:\n${out.slice(-2000)}`);
  }
  return Number(last[2]);
}
