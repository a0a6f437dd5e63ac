/** Where produced events go. A sink accepts batches, applies backpressure and counts delivery. */
import type { GeneratedEvent } from "../generator/types.ts";

export interface DeliveryCounts {
  /** Events handed to the sink. */
  readonly accepted: number;
  /** Events confirmed written (acknowledged by Kafka, or written to stdout). */
  readonly delivered: number;
  /** Events that could not be delivered. */
  readonly failed: number;
  /** Delivered events per topic. */
  readonly deliveredByTopic: Readonly<Record<string, number>>;
  /** Times Kafka stopped acknowledging for longer than the outage threshold, and for how long. */
  readonly outages: number;
  readonly outageMs: number;
  /** Kafka is not acknowledging right now. */
  readonly kafkaDown: boolean;
}

export interface EventSink extends AsyncDisposable {
  /**
   * Accepts a batch; resolves when there is room for more (backpressure), or at once when
   * `signal` aborts (the batch stays accepted).
   */
  write(batch: readonly GeneratedEvent[], signal?: AbortSignal): Promise<void>;
  /**
   * Waits until everything accepted is delivered or failed, at most `timeoutMs` (default: as
   * long as it takes), then releases resources. What is still in flight then stays uncounted
   * (neither delivered nor failed).
   */
  close(timeoutMs?: number): Promise<void>;
  counts(): DeliveryCounts;
  /** Kafka sinks: each topic's partition count (records of a key always go to one partition). */
  readonly partitionCounts?: ReadonlyMap<string, number>;
}
