/**
 * Reading topics back with kcat (librdkafka), a client that shares no code with ours: the one
 * kcat reader of the tests (writers stay with their tests, see clients.ts for the runner).
 */
import { kcat as runKcat } from "./clients.ts";

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

/** `topic` from the first offset to its current end, one line per record in `output`. */
async function consume(
  bootstrap: string,
  topic: string,
  output: readonly string[],
): Promise<string[]> {
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
    ...output,
  ]);
  return text.split("\n").filter((l) => l !== "");
}

/** Every record of `topic` as one line in kcat's `-f` format (e.g. `%k:%s\n`), in read order. */
export function kcatLines(bootstrap: string, topic: string, format = "%s\n"): Promise<string[]> {
  return consume(bootstrap, topic, ["-f", format]);
}

/** Every record of `topic`, from the first offset to the end, in (partition, offset) order. */
export async function kcatRead(bootstrap: string, topic: string): Promise<KcatRecord[]> {
  const records = (await consume(bootstrap, topic, ["-J"])).map((line) => {
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
  const counts = await Promise.all(
    topics.map(async (topic) =>
      [topic, (await kcatLines(bootstrap, topic, "%o\n")).length] as const
    ),
  );
  return Object.fromEntries(counts);
}

/** One topic of the broker's metadata (`kcat -L -J`); `error` is set when it is not usable. */
export interface KcatTopicMetadata {
  readonly topic: string;
  readonly error?: string;
  readonly partitions: readonly unknown[];
}

/** The broker's metadata for `topic`, or for every topic (a request for all creates none). */
export async function kcatMetadata(
  bootstrap: string,
  topic?: string,
): Promise<KcatTopicMetadata[]> {
  const args = ["-b", bootstrap, "-L", "-J", ...(topic === undefined ? [] : ["-t", topic])];
  return (JSON.parse(await kcat(args)) as { topics: KcatTopicMetadata[] }).topics;
}

/** The number of partitions of `topic` in the broker's metadata (`kcat -L`). */
export async function kcatPartitionCount(bootstrap: string, topic: string): Promise<number> {
  const found = (await kcatMetadata(bootstrap, topic)).find((t) => t.topic === topic);
  if (!found || found.error) throw new Error(`topic ${topic} not in metadata: ${found?.error}`);
  return found.partitions.length;
}

/** Names of every topic the broker has (a metadata request for all topics creates none). */
export async function kcatTopicNames(bootstrap: string): Promise<string[]> {
  return (await kcatMetadata(bootstrap)).map((t) => t.topic);
}
