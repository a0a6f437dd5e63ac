import assert from "node:assert/strict";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import { ProduceStats } from "../../src/produce/stats.ts";

const chat = (n: number): GeneratedEvent[] =>
  Array.from(
    { length: n },
    () => ({ kind: "chat", channel: "c", value: {} }) as unknown as GeneratedEvent,
  );

const options = { every: 25, minIntervalMs: 1000, notablePerSecond: 5, targetRate: 50 };

Deno.test("ProduceStats.record() reports at exact multiples of --stats-every across batches", () => {
  const stats = new ProduceStats(options, 0);
  const reported: string[] = [];
  for (let i = 1; i <= 10; i++) reported.push(...stats.record(chat(10), i * 2000));
  assert.deepEqual(reported.map((l) => l.split(" |")[0]), [
    "Produced 25 messages",
    "Produced 50 messages",
    "Produced 75 messages",
    "Produced 100 messages",
  ]);
  assert.match(reported[0]!, /\| chat=25 viewer=0 transactions=0 stream_meta=0$/);
});

Deno.test("ProduceStats.record() skips reports that come sooner than the minimum interval", () => {
  const stats = new ProduceStats(options, 0);
  const first = stats.record(chat(100), 1000);
  const second = stats.record(chat(100), 1500);
  const third = stats.record(chat(100), 2500);
  assert.deepEqual([first.length, second.length, third.length], [1, 0, 1]);
  assert.match(third[0]!, /^Produced 225 messages/);
});
