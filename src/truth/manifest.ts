/**
 * manifest.json of a truth directory: what run produced the truth, and fingerprints of what Kafka
 * acknowledged (counts per topic and event type, a SHA-256 per topic over the record values in
 * the order they were acknowledged).
 */
import { createHash, type Hash } from "node:crypto";
import type { GeneratedEvent } from "../generator/types.ts";

export interface ManifestRun {
  readonly tool: string;
  readonly version: string;
  readonly seed: number;
  readonly profile: string;
  /** The run's configuration, as resolved (no secrets). */
  readonly configuration: Readonly<Record<string, unknown>>;
  readonly windowSeconds: number;
  /** --truth-lateness, when windows_ontime.csv is written. */
  readonly latenessSeconds?: number | undefined;
}

export interface Manifest extends ManifestRun {
  readonly firstEventTime: string | null;
  readonly lastEventTime: string | null;
  /** Generated events Kafka acknowledged, each once. */
  readonly events: number;
  /** Records acknowledged: the events plus any injected duplicates and malformed records. */
  readonly records: number;
  /** Per topic: records acknowledged and a SHA-256 over their values, in the order sent. */
  readonly byTopic: Readonly<Record<string, { readonly records: number; readonly sha256: string }>>;
  readonly byEventType: Readonly<Record<string, number>>;
  /** Events generated for these channels that Kafka did not acknowledge (not in the truth). */
  readonly notAcknowledged: number;
  readonly complete: boolean;
}

/** Fingerprints of acknowledged events, fed in acknowledgement order. */
export class Fingerprints {
  readonly #hashes = new Map<string, Hash>();
  readonly #topicCounts = new Map<string, number>();
  readonly #typeCounts = new Map<string, number>();
  #firstMs = Infinity;
  #lastMs = -Infinity;
  #firstText: string | null = null;
  #lastText: string | null = null;
  #events = 0;
  #records = 0;

  /** Acknowledged events so far (each generated event once). */
  get count(): number {
    return this.#events;
  }

  add(topic: string, value: string, event: GeneratedEvent): void {
    let hash = this.#hashes.get(topic);
    if (hash === undefined) this.#hashes.set(topic, hash = createHash("sha256"));
    hash.update(value);
    hash.update("\n");
    this.#topicCounts.set(topic, (this.#topicCounts.get(topic) ?? 0) + 1);
    this.#records++;
    // Duplicates and malformed extras are records, not events.
    if (event.anomaly === "duplicate" || event.anomaly === "malformed") return;
    const type = eventType(event);
    this.#typeCounts.set(type, (this.#typeCounts.get(type) ?? 0) + 1);
    this.#events++;
    const timestamp = event.value.timestamp;
    if (event.timestampMs < this.#firstMs) {
      this.#firstMs = event.timestampMs;
      this.#firstText = timestamp;
    }
    if (event.timestampMs >= this.#lastMs) {
      this.#lastMs = event.timestampMs;
      this.#lastText = timestamp;
    }
  }

  manifest(run: ManifestRun, notAcknowledged: number, complete: boolean): Manifest {
    const byTopic: Record<string, { records: number; sha256: string }> = {};
    for (const topic of [...this.#hashes.keys()].sort()) {
      byTopic[topic] = {
        records: this.#topicCounts.get(topic)!,
        sha256: this.#hashes.get(topic)!.copy().digest("hex"),
      };
    }
    return {
      ...run,
      firstEventTime: this.#firstText,
      lastEventTime: this.#lastText,
      events: this.#events,
      records: this.#records,
      byTopic,
      byEventType: Object.fromEntries([...this.#typeCounts].sort(([a], [b]) => a < b ? -1 : 1)),
      notAcknowledged,
      complete,
    };
  }
}

/** `chat_message`, `viewer_count`, `transaction` or the stream_meta's own event_type. */
function eventType(event: GeneratedEvent): string {
  switch (event.kind) {
    case "chat":
      return "chat_message";
    case "viewer":
      return "viewer_count";
    case "transaction":
      return `transaction:${event.value.transaction_type}`;
    case "stream_meta":
      return `stream_meta:${event.value.event_type}`;
  }
}
