/**
 * Helpers for consume's broker tests: topics with a chosen partition count, records written by
 * foreign clients (kcat, python3-confluent-kafka), and `consume` run as a real process
 * (support/cli.ts).
 */
import { createKafka } from "../../src/kafka/client.ts";
import { DEFAULT_KAFKA_SETTINGS } from "../../src/kafka/settings.ts";
import { type CliResult, runCli } from "../support/cli.ts";
import { kcat, python, type RunResult } from "../support/clients.ts";

/** Creates `topic` with `partitions` partitions and waits for its leaders. */
export async function createTopic(
  bootstrap: string,
  topic: string,
  partitions = 3,
  config: Record<string, string> = {},
): Promise<void> {
  const kafka = createKafka({ ...DEFAULT_KAFKA_SETTINGS, brokers: [bootstrap] });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{
        topic,
        numPartitions: partitions,
        replicationFactor: 1,
        configEntries: Object.entries(config).map(([name, value]) => ({ name, value })),
      }],
    });
  } finally {
    await admin.disconnect();
  }
}

/** Throws with the tool's stderr when it failed. */
function succeeded(what: string, args: readonly string[], result: RunResult): void {
  if (result.code !== 0) throw new Error(`${what} ${args.join(" ")} failed: ${result.stderr}`);
}

/** Runs kcat, throwing with its stderr when it fails. */
async function kcatOk(args: readonly string[], stdin?: Uint8Array): Promise<void> {
  succeeded("kcat", args, await kcat(args, stdin));
}

/** Writes `key<TAB>value` lines with kcat to one partition (acks=all, in order). */
export async function kcatProduce(
  bootstrap: string,
  topic: string,
  lines: readonly string[],
  options: { partition?: number; emptyAsNull?: boolean } = {},
): Promise<void> {
  await kcatOk([
    "-P",
    "-b",
    bootstrap,
    "-t",
    topic,
    "-p",
    String(options.partition ?? 0),
    "-K",
    "\t",
    "-X",
    "acks=all",
    ...(options.emptyAsNull ? ["-Z"] : []),
  ], new TextEncoder().encode(lines.map((l) => `${l}\n`).join("")));
}

/** Writes one record whose value is the file's exact bytes, with kcat. */
export async function kcatProduceBytes(
  bootstrap: string,
  topic: string,
  key: string,
  value: Uint8Array,
  partition = 0,
): Promise<void> {
  const file = await Deno.makeTempFile();
  try {
    await Deno.writeFile(file, value);
    await kcatOk([
      "-P",
      "-b",
      bootstrap,
      "-t",
      topic,
      "-p",
      String(partition),
      "-k",
      key,
      "-X",
      "message.max.bytes=20000000",
      file,
    ]);
  } finally {
    await Deno.remove(file);
  }
}

export interface ExactRecord {
  readonly key: string | null;
  /** Base64 of the value bytes; null for a tombstone. */
  readonly value_base64: string | null;
  readonly timestamp: number;
  readonly headers?: Readonly<Record<string, string>>;
}

const PRODUCE_EXACT = `
import base64, json, sys
from confluent_kafka import Producer
bootstrap, topic = sys.argv[1], sys.argv[2]
p = Producer({"bootstrap.servers": bootstrap, "acks": "all", "enable.idempotence": True})
for line in sys.stdin:
    r = json.loads(line)
    value = None if r["value_base64"] is None else base64.b64decode(r["value_base64"])
    key = None if r["key"] is None else r["key"].encode()
    headers = [(k, v.encode()) for k, v in (r.get("headers") or {}).items()]
    p.produce(topic, value=value, key=key, partition=0, timestamp=r["timestamp"], headers=headers)
if p.flush(30) != 0:
    sys.exit("not all records were delivered")
`;

/** Writes records with exact bytes, keys, timestamps and headers to partition 0, in order. */
export async function pythonProduce(
  bootstrap: string,
  topic: string,
  records: readonly ExactRecord[],
): Promise<void> {
  const args = [bootstrap, topic];
  succeeded(
    "python3 producer",
    args,
    await python(
      PRODUCE_EXACT,
      args,
      new TextEncoder().encode(records.map((r) => JSON.stringify(r) + "\n").join("")),
    ),
  );
}

export interface ConsumeRunOptions {
  /** SIGKILL after this long; 60 s by default. */
  readonly timeoutMs?: number;
  /** Send SIGINT/SIGTERM once stdout has this many lines. */
  readonly signalAfterLines?: { readonly lines: number; readonly signal: Deno.Signal };
  readonly env?: Record<string, string>;
}

/** Runs `telemetra-mock consume -b bootstrap ...args` as a process and collects everything. */
export function runConsume(
  bootstrap: string,
  args: readonly string[],
  options: ConsumeRunOptions = {},
): Promise<CliResult> {
  const when = options.signalAfterLines;
  return runCli(
    ["consume", "-b", bootstrap, "--retries", "2", "--retry-delay", "200ms", ...args],
    {
      env: options.env,
      timeoutMs: options.timeoutMs ?? 60_000,
      signal: when && { name: when.signal, afterStdoutLines: when.lines },
    },
  );
}

/** The lines of `text`, without the empty one after the last newline. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}
