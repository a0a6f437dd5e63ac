/**
 * The producer sink's contract: what it takes, what it promises. Separate from producer.ts (which
 * opens one) and producer_sink.ts (the engine), so neither imports the other for its types.
 */
import type { Compression } from "../config/kafka_values.ts";
import type { KafkaError } from "../errors.ts";
import type { AdminClient } from "./admin.ts";
import type { OutgoingRecord } from "./batching.ts";
import type { ProducerSinkStats } from "./delivery_ledger.ts";

export type { Compression };

export interface ProducerSinkOptions {
  /**
   * A connected admin client to look topics up with (e.g. the one that just ensured them); the
   * sink owns it from then on and disconnects it on close. Without one, the sink connects its own.
   */
  readonly admin?: AdminClient;
  /** Record batch compression (default snappy, as the seed producer). */
  readonly compression?: Compression;
  /** Records per send (default 1000). */
  readonly maxBatchRecords?: number;
  /** Estimated bytes per send, under the broker's 1 MB message.max.bytes (default 900,000). */
  readonly maxBatchBytes?: number;
  /** Records accepted but not yet delivered before `write` waits (default 4 × maxBatchRecords). */
  readonly maxBufferedRecords?: number;
  /** Estimated bytes accepted but not yet delivered before `write` waits (default 16 MiB). */
  readonly maxBufferedBytes?: number;
  /** Exactly-once delivery through retries (default true). */
  readonly idempotent?: boolean;
  /** Concurrent sends; must be 1 when idempotent (default 1). */
  readonly maxInFlight?: number;
  /** How long a send keeps retrying through an outage before its records count as failed. */
  readonly deliveryTimeoutMs?: number;
  /** A send unacknowledged this long is an outage, warned about (default 5000). */
  readonly outageThresholdMs?: number;
  /** While an outage lasts, the warning is repeated at most this often (default 30,000). */
  readonly outageRepeatMs?: number;
  /** How often the outage detector looks (default 1000). */
  readonly outageCheckEveryMs?: number;
  /** Partition counts already known (from ensureTopics); other topics are looked up once. */
  readonly partitionCounts?: ReadonlyMap<string, number>;
  /** Stops the initial connection attempts. */
  readonly signal?: AbortSignal;
  /** Called after each successful send with its records. */
  readonly onDelivered?: (records: readonly OutgoingRecord[]) => void;
  /** Called after each failed send with its records and the reason. */
  readonly onFailed?: (records: readonly OutgoingRecord[], error: KafkaError) => void;
  /** Called when an outage is declared (true) and when Kafka acknowledges again (false). */
  readonly onOutage?: (down: boolean) => void;
}

export interface ProducerSink extends AsyncDisposable {
  /**
   * Accepts records; resolves when the buffer has room again (backpressure), or at once when
   * `signal` aborts (the records stay accepted). Rejects with a KafkaError, accepting none of
   * them, when a topic they name does not exist; and once Kafka has been unreachable past the
   * delivery timeout and reconnecting failed.
   */
  write(records: readonly OutgoingRecord[], signal?: AbortSignal): Promise<void>;
  /** Resolves when every accepted record is delivered or failed (or `signal` aborts). */
  flush(signal?: AbortSignal): Promise<void>;
  /**
   * Flushes for at most `timeoutMs` (default: as long as it takes), then disconnects (bounded
   * too). Records still in flight then stay counted as in flight: not known to be delivered.
   * Idempotent: the first call's timeout holds.
   */
  close(timeoutMs?: number): Promise<void>;
  /** A snapshot of the counters. */
  readonly stats: ProducerSinkStats;
}
