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
}

export interface EventSink extends AsyncDisposable {
  /** Accepts a batch; resolves when there is room for more (backpressure). */
  write(batch: readonly GeneratedEvent[]): Promise<void>;
  /** Waits until everything accepted is delivered or failed, then releases resources. */
  close(): Promise<void>;
  counts(): DeliveryCounts;
}
