/**
 * Reading topics back with kcat (librdkafka), a client independent of the one produce uses.
 */
import { kcat as runKcat } from "../support/broker.ts";

/** One record as kcat's `-J` envelope shows it. */
export interface KcatRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  /** The record timestamp (ms since the epoch) and its type, `create` for producer-set times. */
  readonly ts: number;
  readonly tstype: string;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly payload: string | null;
}

/** kcat's stdout; throws with its stderr when it fails. */
async function kcat(args: readonly string[]): Promise<string> {
  const { code, stdout, stderr } = await runKcat(args);
  if (code !== 0) throw new Error(`kcat ${args.join(" ")} exited ${code}: ${stderr}`);
  return stdout;
}

/** Every record of `topic`, from the first offset to the end, in (partition, offset) order. */
export async function kcatRead(bootstrap: string, topic: string): Promise<KcatRecord[]> {
  const text = await kcat([
    "-b",
    bootstrap,
    "-C",
    "-t",
    topic,
    "-o",
    "beginning",
    "-e",
    "-q",
    "-J",
  ]);
  const records = text.split("\n").filter((l) => l !== "").map((line) => {
    const raw = JSON.parse(line) as Omit<KcatRecord, "headers"> & { headers?: string[] };
    const headers: Record<string, string> = {};
    for (let i = 0; i + 1 < (raw.headers?.length ?? 0); i += 2) {
      headers[raw.headers![i]!] = raw.headers![i + 1]!;
    }
    return { ...raw, headers };
  });
  return records.sort((a, b) => a.partition - b.partition || a.offset - b.offset);
}

/** How many records each topic holds, read back with kcat. */
export async function kcatCounts(
  bootstrap: string,
  topics: readonly string[],
): Promise<Record<string, number>> {
  const counts = await Promise.all(topics.map(async (topic) => {
    const text = await kcat(["-b", bootstrap, "-C", "-t", topic, "-e", "-q", "-f", "%o\n"]);
    return [topic, text.split("\n").filter((l) => l !== "").length] as const;
  }));
  return Object.fromEntries(counts);
}

/** The number of partitions of `topic` in the broker's metadata (`kcat -L`). */
export async function kcatPartitionCount(bootstrap: string, topic: string): Promise<number> {
  const metadata = JSON.parse(await kcat(["-b", bootstrap, "-L", "-J", "-t", topic])) as {
    topics: { topic: string; error?: string; partitions: unknown[] }[];
  };
  const found = metadata.topics.find((t) => t.topic === topic);
  if (!found || found.error) throw new Error(`topic ${topic} not in metadata: ${found?.error}`);
  return found.partitions.length;
}

/** Names of every topic the broker has (a metadata request for all topics creates none). */
export async function kcatTopicNames(bootstrap: string): Promise<string[]> {
  const metadata = JSON.parse(await kcat(["-b", bootstrap, "-L", "-J"])) as {
    topics: { topic: string }[];
  };
  return metadata.topics.map((t) => t.topic);
}
