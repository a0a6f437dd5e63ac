/** The golden sample: one record of every event type plus records other producers write. */
import type { RecordBatch } from "../../src/consume/record.ts";

export const GOLDEN_DIR = new URL("../fixtures/consume_golden/", import.meta.url);

export interface GoldenRecord {
  readonly topic: string;
  readonly key: string | null;
  /** UTF-8 text of the value; absent when `value_base64` is given. */
  readonly value?: string | null;
  readonly value_base64?: string;
  readonly timestamp: number;
}

export function goldenRecords(): GoldenRecord[] {
  return JSON.parse(Deno.readTextFileSync(new URL("records.json", GOLDEN_DIR)));
}

/** The value's bytes exactly as a producer writes them (null for a tombstone). */
export function valueBytes(record: GoldenRecord): Uint8Array | null {
  if (record.value_base64 !== undefined) {
    return Uint8Array.from(atob(record.value_base64), (c) => c.charCodeAt(0));
  }
  return record.value === null || record.value === undefined
    ? null
    : new TextEncoder().encode(record.value);
}

/** Each golden record as a one-record batch at offset `i` of partition 0. */
export function goldenBatches(): RecordBatch[] {
  return goldenRecords().map((r, i) => ({
    topic: r.topic,
    partition: 0,
    messages: [{
      offset: String(i),
      timestamp: String(r.timestamp),
      key: r.key === null ? null : new TextEncoder().encode(r.key),
      value: valueBytes(r),
      headers: {},
    }],
  }));
}

/** Compares with a golden file, or rewrites it when UPDATE_GOLDEN=1. */
export function readGolden(name: string, actual: string): string {
  const url = new URL(name, GOLDEN_DIR);
  if (Deno.env.get("UPDATE_GOLDEN") === "1") Deno.writeTextFileSync(url, actual);
  return Deno.readTextFileSync(url);
}
