import assert from "node:assert/strict";
import type { OutgoingRecord } from "../../src/kafka/batching.ts";
import { SendQueue, type SendQueueOptions } from "../../src/kafka/send_queue.ts";
import { runEntry } from "./run_entry.ts";

const T0 = 1_000_000;

const records = (n: number, topic = "t"): OutgoingRecord[] =>
  Array.from({ length: n }, (_, i) => ({
    topic,
    key: `k${i % 3}`,
    value: `{"i":${i}}`,
    timestampMs: T0 + i,
    headers: {},
  }));

const options: SendQueueOptions = {
  limits: { maxRecords: 100, maxBytes: 1_000_000 },
  maxInFlight: 1,
  maxBuffered: 250,
  maxBufferedBytes: 1_000_000,
  thresholdMs: 5000,
};

Deno.test("SendQueue.take() cuts sends of at most maxRecords, one at a time when maxInFlight is 1", () => {
  const queue = new SendQueue(options);
  queue.accept(records(250));
  const first = queue.take(T0)!;
  assert.equal(first.records.length, 100);
  assert.equal(queue.take(T0), undefined, "one send outstanding");
  queue.delivered(first, T0 + 10);
  assert.equal(queue.take(T0)!.records.length, 100);
  assert.equal(queue.queued, 50);
});

Deno.test("SendQueue keeps accepted = delivered + failed + in flight, and frees room as sends end", () => {
  const queue = new SendQueue(options);
  queue.accept(records(300));
  assert.equal(queue.hasRoom(), false, "300 waiting is over maxBuffered 250");
  const a = queue.take(T0)!;
  queue.delivered(a, T0 + 5);
  assert.equal(queue.hasRoom(), true);
  const b = queue.take(T0 + 5)!;
  queue.sendFailed(b);
  queue.accept(records(10), false);
  queue.failed(records(10));
  const stats = queue.stats(T0 + 10);
  assert.deepEqual(
    { accepted: stats.accepted, delivered: stats.delivered, failed: stats.failed },
    { accepted: 310, delivered: 100, failed: 110 },
  );
  assert.equal(stats.inFlight, stats.accepted - stats.delivered - stats.failed);
  assert.equal(stats.inFlight, 100);
  assert.equal(queue.drain().length, 100);
  assert.equal(queue.idle(), true);
});

Deno.test("SendQueue sends nothing while paused (a producer is being replaced)", () => {
  const queue = new SendQueue(options);
  queue.accept(records(10));
  queue.paused = true;
  assert.equal(queue.take(T0), undefined);
  queue.paused = false;
  assert.equal(queue.take(T0)!.records.length, 10);
});

Deno.test("SendQueue warns once a send is unacknowledged for the threshold, and says when it is over", () => {
  const queue = new SendQueue(options);
  queue.accept(records(120));
  const send = queue.take(T0)!;
  queue.noteProblem("127.0.0.1:9092: connection refused");
  assert.equal(queue.check(T0 + 4000), undefined);
  assert.equal(
    queue.check(T0 + 6000)?.message,
    "Kafka not acknowledging for 6s: 120 events waiting (127.0.0.1:9092: connection refused)",
  );
  assert.equal(queue.stats(T0 + 7000).kafkaDown, true);
  assert.equal(
    queue.delivered(send, T0 + 21_000)?.message,
    "Kafka acknowledging again after 21s (120 events were waiting)",
  );
  const stats = queue.stats(T0 + 21_000);
  assert.deepEqual([stats.kafkaDown, stats.outages, stats.outageMs], [false, 1, 21_000]);
});

Deno.test("SendQueue bounds the buffer in bytes as well as in records", () => {
  const queue = new SendQueue({ ...options, maxBuffered: 10_000, maxBufferedBytes: 2000 });
  queue.accept(records(20));
  assert.equal(queue.hasRoom(), true);
  queue.accept(records(100));
  assert.equal(queue.hasRoom(), false);
});

Deno.test("SendQueue keeps no record reachable once a send took it, while others wait", async () => {
  const { code, stdout, stderr } = await runEntry("send_queue_retention_entry.ts", [
    "--allow-env",
    "--v8-flags=--expose-gc",
  ]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, "released\n");
});
