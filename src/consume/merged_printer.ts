/**
 * `consume -e` in pretty form prints the records of every partition and topic merged by event
 * time, so people read a conversation in order instead of partition after partition. Records
 * wait in a TimeMerge until nothing earlier can come; a partition far ahead of the others stops
 * being fetched while it holds many records, so memory stays bounded whatever the skew.
 */
import { getLogger } from "@logtape/logtape";
import type { BatchOutcome, PartitionStart } from "../kafka/consumer_types.ts";
import type { RecordPrinter } from "./printer.ts";
import { type ConsumedRecord, decodeValue, type RecordBatch } from "./record.ts";
import { TimeMerge } from "./time_merge.ts";

const log = getLogger(["telemetra", "consume"]);

/** A partition holding this many records stops being fetched... */
const HOLD_AT = 2000;
/** ...until it holds fewer than this. */
const RESUME_BELOW = 500;

/** The event's own time (its `timestamp` field), else the record's; never throws. */
export function eventTimeMs(record: ConsumedRecord): number {
  const value = decodeValue(record.value);
  const json = value.json as { timestamp?: unknown } | null | undefined;
  if (typeof json === "object" && json !== null && typeof json.timestamp === "string") {
    const ms = Date.parse(json.timestamp);
    if (Number.isFinite(ms)) return ms;
  }
  const ms = Number(record.timestamp);
  return Number.isFinite(ms) ? ms : 0;
}

export class MergedPrinter {
  readonly #printer: RecordPrinter;
  #merge = new TimeMerge([], eventTimeMs);
  readonly #resumers = new Map<string, { topic: string; partition: number; resume: () => void }>();

  constructor(printer: RecordPrinter) {
    this.#printer = printer;
  }

  /** The partitions to merge, in the order they break ties. */
  start(starts: readonly PartitionStart[]): void {
    this.#merge = new TimeMerge(starts, eventTimeMs);
  }

  /** For the consumer's onBatch: every record is taken (held or printed). */
  handle(batch: RecordBatch, hold: () => () => void): BatchOutcome {
    const { topic, partition } = batch;
    this.#print(this.#merge.add(topic, partition, batch.messages));
    const key = `${topic}\u0000${partition}`;
    const held = this.#merge.held(topic, partition);
    if (held >= HOLD_AT && !this.#resumers.has(key)) {
      log.debug("Holding {topic}/{partition} back: {held} records wait for earlier ones", {
        topic,
        partition,
        held,
      });
      this.#resumers.set(key, { topic, partition, resume: hold() });
    }
    return { taken: batch.messages.length, stop: this.#printer.finished };
  }

  /** For the consumer's onPartitionEnd. */
  end(topic: string, partition: number): void {
    this.#print(this.#merge.end(topic, partition));
  }

  /** Prints what is still held (the run is over). */
  finish(): void {
    this.#print(this.#merge.drain());
  }

  #print(runs: readonly RecordBatch[]): void {
    if (runs.length > 0) this.#printer.handleAll(runs);
    // A held partition that ran low is fetched again; one that ran dry must be, or the merge
    // would wait for it forever.
    for (const [key, { topic, partition, resume }] of this.#resumers) {
      if (this.#merge.held(topic, partition) < RESUME_BELOW) {
        this.#resumers.delete(key);
        log.debug("Reading {topic}/{partition} again", { topic, partition });
        resume();
      }
    }
  }
}
