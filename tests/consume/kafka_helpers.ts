/**
 * Helpers for consume's broker tests: topics with a chosen partition count, records written by
 * foreign clients (kcat, python3-confluent-kafka), and `consume` run as a real process.
 */
import { createKafka } from "../../src/kafka/client.ts";
import { DEFAULT_KAFKA_SETTINGS } from "../../src/kafka/settings.ts";

const MAIN = new URL("../../main.ts", import.meta.url).pathname;
const ROOT = new URL("../../", import.meta.url).pathname;

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

async function run(cmd: string, args: string[], stdin?: Uint8Array): Promise<string> {
  const child = new Deno.Command(cmd, {
    args,
    stdin: stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(stdin);
    await writer.close();
  }
  const out = await child.output();
  const stderr = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${cmd} ${args.join(" ")} failed: ${stderr}`);
  return new TextDecoder().decode(out.stdout);
}

/** Writes `key<TAB>value` lines with kcat to one partition (acks=all, in order). */
export async function kcatProduce(
  bootstrap: string,
  topic: string,
  lines: readonly string[],
  options: { partition?: number; emptyAsNull?: boolean } = {},
): Promise<void> {
  await run("kcat", [
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
    await run("kcat", [
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

/** Reads a whole topic with kcat as `-J` envelopes. */
export async function kcatConsumeAll(bootstrap: string, topic: string): Promise<KcatRecord[]> {
  const out = await run("kcat", [
    "-C",
    "-b",
    bootstrap,
    "-t",
    topic,
    "-o",
    "beginning",
    "-e",
    "-q",
    "-J",
    "-Z",
  ]);
  return out.split("\n").filter((l) => l !== "").map((l) => JSON.parse(l));
}

export interface KcatRecord {
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly payload: string | null;
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
  // The Debian module belongs to /usr/bin/python3, which may not be first on PATH.
  await run(
    "/usr/bin/python3",
    ["-c", PRODUCE_EXACT, bootstrap, topic],
    new TextEncoder().encode(records.map((r) => JSON.stringify(r) + "\n").join("")),
  );
}

export interface ConsumeRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface ConsumeRunOptions {
  readonly timeoutMs?: number;
  /** Send SIGINT/SIGTERM once stdout has this many lines. */
  readonly signalAfterLines?: { readonly lines: number; readonly signal: Deno.Signal };
  readonly env?: Record<string, string>;
}

/** Runs `telemetra-mock consume -b bootstrap ...args` as a process and collects everything. */
export async function runConsume(
  bootstrap: string,
  args: readonly string[],
  options: ConsumeRunOptions = {},
): Promise<ConsumeRun> {
  const env: Record<string, string> = { NO_COLOR: "1", ...options.env };
  for (const name of ["PATH", "HOME", "DENO_DIR", "DENO_TLS_CA_STORE", "TMPDIR"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) env[name] = value;
  }
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      "--quiet",
      MAIN,
      "consume",
      "-b",
      bootstrap,
      "--retries",
      "2",
      "--retry-delay",
      "200ms",
      ...args,
    ],
    cwd: ROOT,
    env,
    clearEnv: true,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const decoder = new TextDecoder();
  let stdout = "";
  let stderr = "";
  let signalled = false;
  const stdoutDone = (async () => {
    for await (const chunk of child.stdout) {
      stdout += decoder.decode(chunk, { stream: true });
      const when = options.signalAfterLines;
      if (when && !signalled && stdout.split("\n").length - 1 >= when.lines) {
        signalled = true;
        child.kill(when.signal);
      }
    }
  })();
  const stderrDone = (async () => {
    for await (const chunk of child.stderr) stderr += decoder.decode(chunk, { stream: true });
  })();
  const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 60_000);
  const status = await child.status;
  await Promise.all([stdoutDone, stderrDone]);
  clearTimeout(timer);
  return { code: status.code, stdout, stderr };
}

/** The lines of `text`, without the empty one after the last newline. */
export function lines(text: string): string[] {
  return text.split("\n").filter((l) => l !== "");
}
