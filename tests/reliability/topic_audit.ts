/**
 * Counting what really landed in Kafka, with a client that shares no code with ours: kcat
 * (librdkafka). Every record's event id is read back; ids seen twice are duplicates, delivered
 * events whose ids are missing are lost.
 */
import { kcatMetadata, kcatRead } from "../support/kcat.ts";

/** The id field of each topic's events, by topic suffix (after the prefix). */
export const ID_FIELD: Readonly<Record<string, string>> = {
  chat: "message_id",
  viewer: "event_id",
  transactions: "transaction_id",
  stream_meta: "event_id",
};

/** Lost and duplicated counts of one run. */
export interface Audit {
  /** Records read from the topics. */
  readonly records: number;
  /** Distinct event ids among them. */
  readonly unique: number;
  /** Records whose id was already seen. */
  readonly duplicated: number;
  /** Events the producer reported as delivered that are not in the topics. */
  readonly lost: number;
}

/** The counts of the producer's final `Summary:` line, or undefined when it printed none. */
export interface Summary {
  readonly generated: number;
  readonly delivered: number;
  readonly failed: number;
  readonly undelivered: number;
  /** `Kafka outages: N (Xs)`: how many times Kafka stopped acknowledging for a while. */
  readonly outages: number;
}

/** Parses `Summary: generated G, delivered D, failed F, undelivered U ...[| Kafka outages: N ...]`. */
export function parseSummary(stderr: string): Summary | undefined {
  const match = /Summary: generated (\d+), delivered (\d+), failed (\d+)(?:, undelivered (\d+))?/
    .exec(stderr);
  if (!match) return undefined;
  const outages = /Kafka outages: (\d+)/.exec(stderr.slice(match.index).split("\n")[0]!);
  return {
    generated: Number(match[1]),
    delivered: Number(match[2]),
    failed: Number(match[3]),
    undelivered: Number(match[4] ?? 0),
    outages: Number(outages?.[1] ?? 0),
  };
}

/**
 * Compares the ids read back with what the producer reported. The topics are fresh and only this
 * run wrote to them, so every id read is one the run generated; when all `delivered` events
 * are distinct, `delivered − unique` are missing.
 */
export function auditIds(ids: readonly string[], delivered: number): Audit {
  const unique = new Set(ids).size;
  return {
    records: ids.length,
    unique,
    duplicated: ids.length - unique,
    lost: Math.max(0, delivered - unique),
  };
}

/** The event ids in the four `<prefix>*` topics; a topic that was never created holds none. */
export async function readEventIds(bootstrap: string, prefix: string): Promise<string[]> {
  const topics = new Set(
    (await kcatMetadata(bootstrap)).filter((t) => !t.error).map((t) => t.topic),
  );
  const ids: string[] = [];
  for (const [suffix, field] of Object.entries(ID_FIELD)) {
    const topic = prefix + suffix;
    if (!topics.has(topic)) continue;
    for (const { payload: value } of await kcatRead(bootstrap, topic)) {
      if (value === null) continue;
      const id = (JSON.parse(value) as Record<string, unknown>)[field];
      if (typeof id !== "string") throw new Error(`a record of ${topic} has no ${field}: ${value}`);
      ids.push(id);
    }
  }
  return ids;
}

/** Reads the run's topics back and audits them against the delivered count. */
export async function auditTopics(
  bootstrap: string,
  prefix: string,
  delivered: number,
): Promise<Audit> {
  return auditIds(await readEventIds(bootstrap, prefix), delivered);
}
