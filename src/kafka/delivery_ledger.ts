/** Delivery accounting of the producer sink: accepted = delivered + failed + in flight. */
import type { OutgoingRecord } from "./batching.ts";

export interface TopicDelivery {
  readonly accepted: number;
  readonly delivered: number;
  readonly failed: number;
}

export interface LedgerStats {
  /** Records handed to `write`. */
  readonly accepted: number;
  /** Records acknowledged by all in-sync replicas. */
  readonly delivered: number;
  /** Records whose send failed for good; non-zero means the run must not exit 0. */
  readonly failed: number;
  /** Accepted, neither delivered nor failed yet. */
  readonly inFlight: number;
  readonly byTopic: Readonly<Record<string, TopicDelivery>>;
}

export interface ProducerSinkStats extends LedgerStats {
  /** Times Kafka stopped acknowledging for longer than the outage threshold. */
  readonly outages: number;
  /** Their total length (the current one included). */
  readonly outageMs: number;
  /** An outage is going on now. */
  readonly kafkaDown: boolean;
}

interface MutableTopicDelivery {
  accepted: number;
  delivered: number;
  failed: number;
}

export class DeliveryLedger {
  accepted = 0;
  delivered = 0;
  failed = 0;
  #byTopic = new Map<string, MutableTopicDelivery>();

  get inFlight(): number {
    return this.accepted - this.delivered - this.failed;
  }

  #topic(name: string): MutableTopicDelivery {
    let entry = this.#byTopic.get(name);
    if (!entry) this.#byTopic.set(name, entry = { accepted: 0, delivered: 0, failed: 0 });
    return entry;
  }

  #count(records: readonly OutgoingRecord[], field: keyof MutableTopicDelivery): void {
    let last: string | undefined;
    let entry: MutableTopicDelivery | undefined;
    for (const r of records) {
      if (r.topic !== last) {
        last = r.topic;
        entry = this.#topic(r.topic);
      }
      entry![field]++;
    }
  }

  accept(records: readonly OutgoingRecord[]): void {
    this.accepted += records.length;
    this.#count(records, "accepted");
  }

  deliver(records: readonly OutgoingRecord[]): void {
    this.delivered += records.length;
    this.#count(records, "delivered");
  }

  fail(records: readonly OutgoingRecord[]): void {
    this.failed += records.length;
    this.#count(records, "failed");
  }

  snapshot(): LedgerStats {
    const byTopic: Record<string, TopicDelivery> = {};
    for (const [topic, entry] of this.#byTopic) byTopic[topic] = { ...entry };
    return {
      accepted: this.accepted,
      delivered: this.delivered,
      failed: this.failed,
      inFlight: this.inFlight,
      byTopic,
    };
  }
}
