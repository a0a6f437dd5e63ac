/**
 * A child process run with --v8-flags=--expose-gc: does a SendQueue keep the records a send
 * took reachable? Prints "retained" or "released" for a record taken by a send that has since
 * been dropped (not yet acknowledged), while more records wait in the queue.
 */
import type { OutgoingRecord } from "../../src/kafka/batching.ts";
import { SendQueue } from "../../src/kafka/send_queue.ts";

const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with --v8-flags=--expose-gc");

const queue = new SendQueue({
  limits: { maxRecords: 1000, maxBytes: 10_000_000 },
  maxInFlight: 1,
  maxBuffered: 10_000,
  maxBufferedBytes: 100_000_000,
});

function takeOneSend(): WeakRef<OutgoingRecord> {
  const records: OutgoingRecord[] = Array.from({ length: 3000 }, (_, i) => ({
    topic: "t",
    key: `k${i % 8}`,
    value: JSON.stringify({ i, text: "x".repeat(200) }),
    timestampMs: i,
    headers: {},
  }));
  queue.accept(records);
  const send = queue.take(0)!;
  return new WeakRef(send.records[0]!);
}

const taken = takeOneSend();
// A WeakRef's target lives at least until the current job ends.
await new Promise((resolve) => setTimeout(resolve, 0));
gc();
// deno-lint-ignore no-console
console.log(taken.deref() === undefined ? "released" : "retained");
if (queue.queued !== 2000) throw new Error(`expected 2000 queued, got ${queue.queued}`);
