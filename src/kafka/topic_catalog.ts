/**
 * The producer sink's knowledge of its topics: each topic is looked up once, the first time a
 * record names it, so a missing topic fails at once with its name instead of after kafkajs has
 * retried its metadata for the whole delivery timeout.
 */
import type { Admin } from "kafkajs";
import { KafkaError } from "../errors.ts";
import { partitionCounts } from "./admin.ts";
import type { KafkaErrorContext } from "./errors.ts";
import { brokerAddresses } from "./settings.ts";

export class TopicCatalog {
  readonly #partitions: Map<string, number>;

  constructor(
    private readonly admin: Admin,
    private readonly context: KafkaErrorContext,
    known: ReadonlyMap<string, number> = new Map(),
  ) {
    this.#partitions = new Map(known);
  }

  /** Partition count of a topic already looked up. */
  partitions(topic: string): number | undefined {
    return this.#partitions.get(topic);
  }

  /** Topics of `records` not looked up yet, in first-seen order. */
  unknownTopics(records: readonly { readonly topic: string }[]): string[] {
    const unknown: string[] = [];
    let last: string | undefined;
    for (const { topic } of records) {
      if (topic === last) continue;
      last = topic;
      if (!this.#partitions.has(topic) && !unknown.includes(topic)) unknown.push(topic);
    }
    return unknown;
  }

  /** Looks `topics` up; throws KafkaError naming the first one that does not exist. */
  async require(topics: readonly string[]): Promise<void> {
    if (topics.length === 0) return;
    const found = await partitionCounts(this.admin, topics, this.context);
    for (const [topic, count] of found) this.#partitions.set(topic, count);
    const missing = topics.find((t) => !found.has(t));
    if (missing !== undefined) {
      throw new KafkaError(
        `topic ${missing} does not exist on Kafka at ${brokerAddresses(this.context.brokers)}`,
      );
    }
  }

  close(): Promise<void> {
    return this.admin.disconnect().catch(() => {});
  }
}
