/**
 * Apache Kafka's own command-line tools (tools/kafka/tool.sh, the pinned jars the broker runs
 * from): creating topics with chosen configs, and reading the record batches on disk to see
 * which compression codec the broker stored.
 */
import { kafkaTool } from "../support/broker.ts";

/** `tool.sh TOOL ARGS...`'s stdout; throws with its output when it fails. */
async function tool(args: readonly string[]): Promise<string> {
  const { code, stdout, stderr } = await kafkaTool(args);
  if (code !== 0) throw new Error(`tool.sh ${args.join(" ")} exited ${code}:\n${stderr}${stdout}`);
  return stdout;
}

/** Creates `topic` with the given partitions and topic configs (`max.message.bytes` ...). */
export async function createTopic(
  bootstrap: string,
  topic: string,
  partitions: number,
  configs: Readonly<Record<string, string>> = {},
): Promise<void> {
  await tool([
    "topics",
    "--bootstrap-server",
    bootstrap,
    "--create",
    "--topic",
    topic,
    "--partitions",
    String(partitions),
    "--replication-factor",
    "1",
    ...Object.entries(configs).flatMap(([k, v]) => ["--config", `${k}=${v}`]),
  ]);
}

/** Where the broker keeps each partition of `topics` on disk (`LogDirsCommand --describe`). */
async function partitionDirs(bootstrap: string, topics: readonly string[]): Promise<string[]> {
  const text = await tool([
    "class",
    "org.apache.kafka.tools.LogDirsCommand",
    "--bootstrap-server",
    bootstrap,
    "--describe",
    "--topic-list",
    topics.join(","),
  ]);
  const json = text.split("\n").find((l) => l.startsWith("{"));
  if (!json) throw new Error(`LogDirsCommand printed no JSON:\n${text}`);
  const described = JSON.parse(json) as {
    brokers: { logDirs: { logDir: string; partitions: { partition: string; size: number }[] }[] }[];
  };
  return described.brokers.flatMap((b) =>
    b.logDirs.flatMap((d) =>
      d.partitions.filter((p) => p.size > 0).map((p) => `${d.logDir}/${p.partition}`)
    )
  );
}

/**
 * The compression codec of every record batch the broker stored for `topics`, read from the
 * segment files with `DumpLogSegments` (e.g. `["snappy", "snappy", ...]`).
 */
export async function storedCodecs(
  bootstrap: string,
  topics: readonly string[],
): Promise<string[]> {
  const dirs = await partitionDirs(bootstrap, topics);
  const segments: string[] = [];
  for (const dir of dirs) {
    for (const entry of Deno.readDirSync(dir)) {
      if (entry.name.endsWith(".log")) segments.push(`${dir}/${entry.name}`);
    }
  }
  if (segments.length === 0) return [];
  const dump = await tool([
    "class",
    "kafka.tools.DumpLogSegments",
    "--files",
    segments.join(","),
  ]);
  return [...dump.matchAll(/compresscodec: (\w+)/g)].map((m) => m[1]!);
}
