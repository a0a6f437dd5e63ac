import assert from "node:assert/strict";
import { eventTimeMs, MergedPrinter } from "../../src/consume/merged_printer.ts";
import { RecordPrinter } from "../../src/consume/printer.ts";
import { DEFAULT_PRETTY } from "../../src/consume/pretty.ts";
import type { ConsumedRecord, RecordBatch } from "../../src/consume/record.ts";
import { ConsumeStats } from "../../src/consume/stats.ts";
import type { PartitionStart } from "../../src/kafka/consumer_types.ts";

const encoder = new TextEncoder();
const T0 = Date.UTC(2025, 9, 16, 10, 0, 0);

/** A chat record at `T0 + seconds`, its message naming it; the record time is left at 0. */
function chat(seconds: number, offset: number, text = `m${seconds}`): ConsumedRecord {
  return {
    offset: String(offset),
    timestamp: "0",
    key: encoder.encode("c"),
    value: encoder.encode(JSON.stringify({
      message_id: "123e4567-e89b-12d3-a456-426614174000",
      channel: "c",
      username: "u",
      message: text,
      timestamp: new Date(T0 + seconds * 1000).toISOString(),
    })),
  };
}

function batch(partition: number, records: ConsumedRecord[]): RecordBatch {
  return { topic: "telemetra.events.chat", partition, messages: records };
}

function setup(limit?: number) {
  let out = "";
  const printer = new RecordPrinter(
    { format: "pretty", pretty: DEFAULT_PRETTY, ...(limit === undefined ? {} : { limit }) },
    new ConsumeStats([], false),
    (text) => (out += text),
    () => {},
  );
  const merged = new MergedPrinter(printer);
  const starts: PartitionStart[] = [0, 1].map((partition) => ({
    topic: "telemetra.events.chat",
    partition,
    low: 0n,
    high: 10_000n,
    from: 0n,
    resumed: false,
  }));
  merged.start(starts);
  const messages = () => out.split("\n").filter((l) => l !== "").map((l) => l.split("> ")[1]);
  return { merged, messages };
}

Deno.test("eventTimeMs() orders by the event's own timestamp, else the record's", () => {
  assert.equal(eventTimeMs(chat(5, 0)), T0 + 5000);
  const raw = (value: string | null): ConsumedRecord => ({
    offset: "0",
    timestamp: "1234",
    key: null,
    value: value === null ? null : encoder.encode(value),
  });
  assert.equal(eventTimeMs(raw('{"timestamp":"not a time"}')), 1234);
  assert.equal(eventTimeMs(raw("plain text")), 1234);
  assert.equal(eventTimeMs(raw(null)), 1234);
});

Deno.test("MergedPrinter prints two partitions as one conversation in event-time order", () => {
  const { merged, messages } = setup();
  const noHold = () => () => assert.fail("nothing should be held");
  merged.handle(batch(0, [chat(1, 0), chat(4, 1)]), noHold);
  merged.handle(batch(1, [chat(2, 0), chat(3, 1), chat(6, 2)]), noHold);
  // m6 waits: partition 0 may still bring something earlier.
  assert.deepEqual(messages(), ["m1", "m2", "m3", "m4"]);
  merged.end("telemetra.events.chat", 0);
  merged.finish();
  assert.deepEqual(messages(), ["m1", "m2", "m3", "m4", "m6"]);
});

Deno.test("MergedPrinter stops fetching a partition far ahead and fetches it again once it ran low", () => {
  const { merged, messages } = setup();
  const calls: string[] = [];
  const hold = (partition: number) => () => {
    calls.push(`hold ${partition}`);
    return () => void calls.push(`resume ${partition}`);
  };
  // Partition 1 is an hour ahead: its records wait for partition 0, which catches up slowly.
  const ahead = Array.from({ length: 2500 }, (_, i) => chat(3600 + i, i));
  merged.handle(batch(1, ahead), hold(1));
  assert.deepEqual(calls, ["hold 1"]);
  for (let i = 0; i < 10; i++) merged.handle(batch(0, [chat(i, i)]), hold(0));
  assert.deepEqual(calls, ["hold 1"]);
  assert.equal(messages().length, 10);
  merged.end("telemetra.events.chat", 0);
  // Partition 0 is done: all of partition 1 goes out, and it is fetched again.
  assert.deepEqual(calls, ["hold 1", "resume 1"]);
  assert.equal(messages().length, 2510);
  assert.deepEqual(messages().slice(9, 12), ["m9", "m3600", "m3601"]);
});

Deno.test("MergedPrinter asks to stop once the limit is printed", () => {
  const { merged, messages } = setup(3);
  const hold = () => () => {};
  assert.deepEqual(merged.handle(batch(0, [chat(1, 0), chat(5, 1)]), hold), {
    taken: 2,
    stop: false,
  });
  assert.deepEqual(merged.handle(batch(1, [chat(2, 0), chat(3, 1), chat(4, 2)]), hold), {
    taken: 3,
    stop: true,
  });
  assert.deepEqual(messages(), ["m1", "m2", "m3"]);
});
