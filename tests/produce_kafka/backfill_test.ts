/**
 * Backfill: `--start ... --until ...` writes event-time history at full speed; the record
 * timestamps cover the asked interval as if events had come at --rate.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS } from "../../src/config/topics.ts";
import { kcatRead } from "../support/kcat.ts";
import {
  assertOk,
  freshPrefix,
  produce,
  START,
  START_MS,
  summaryOf,
  testBroker,
  topicsOf,
} from "./support.ts";

const UNTIL = "2025-10-16T00:01:00Z";

Deno.test("produce --start --until at --rate 100 lands one event per 10 ms of the interval", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("backfill");
  const topics = topicsOf(prefix);
  const result = await produce(bootstrap, prefix, [
    "--start",
    START,
    "--until",
    UNTIL,
    "--rate",
    "100",
    "--seed",
    "5",
    "--channels",
    "past,present",
  ]);
  assertOk(result);
  // 60 s at 100 events/s; the last is due 10 ms before --until (the end is exclusive).
  assert.deepEqual(summaryOf(result.stderr), { generated: 6000, delivered: 6000, failed: 0 });
  assert.match(
    result.stderr,
    /Event time spans 2025-10-16T00:00:00\.000Z to 2025-10-16T00:00:59\.990Z/,
  );

  const records = (await Promise.all(EVENT_KINDS.map((k) => kcatRead(bootstrap, topics[k]))))
    .flat();
  assert.equal(records.length, 6000);
  const times = records.map((r) => r.ts).sort((a, b) => a - b);
  assert.equal(times[0], START_MS);
  assert.equal(times.at(-1), Date.parse(UNTIL) - 10);
  // Every 10 ms slot of the interval holds exactly one event.
  assert.deepEqual(times, Array.from({ length: 6000 }, (_, i) => START_MS + i * 10));
  for (const record of records) {
    const value = JSON.parse(record.payload!) as { timestamp: string };
    assert.equal(Math.floor(Date.parse(value.timestamp)), record.ts);
  }
  // Distinct times make the order check strict: a channel's records are read in event order.
  for (const topic of Object.values(topics)) {
    for (const channel of ["past", "present"]) {
      const ofChannel = records.filter((r) => r.topic === topic && r.key === channel);
      if (ofChannel.length === 0) continue;
      assert.equal(new Set(ofChannel.map((r) => r.partition)).size, 1, `${topic} ${channel}`);
      for (let i = 1; i < ofChannel.length; i++) {
        assert.ok(ofChannel[i]!.ts > ofChannel[i - 1]!.ts, `${topic} ${channel} out of order`);
      }
    }
  }
});
