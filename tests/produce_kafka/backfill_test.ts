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
    /Event time spans 2025-10-16T00:00:00\.000Z to 2025-10-16T00:00:59\.98\dZ/,
  );

  const records = (await Promise.all(EVENT_KINDS.map((k) => kcatRead(bootstrap, topics[k]))))
    .flat();
  assert.equal(records.length, 6000);
  const times = records.map((r) => r.ts).sort((a, b) => a - b);
  assert.equal(times[0], START_MS);
  // Event i comes a seeded moment within the 10 ms before its slot's end (no rigid grid), so
  // the schedule stays exact: one event per slot, never past it, none twice at the same ms.
  // A cheer is one act of two events (a chat line and its bits transaction) at one instant: the
  // transaction shares the chat line's time, in the slot before its own.
  for (let i = 1; i < times.length; i++) {
    if (times[i] === times[i - 1]) continue;
    const slotEnd = START_MS + i * 10;
    // (Record timestamps are whole milliseconds: the event's own time, rounded down.)
    assert.ok(times[i]! >= slotEnd - 10 && times[i]! <= slotEnd, `event ${i} at ${times[i]}`);
  }
  assert.ok(new Set(times.map((t) => t % 10)).size >= 9, "times spread over the slots");
  for (const record of records) {
    const value = JSON.parse(record.payload!) as { timestamp: string };
    assert.equal(Math.floor(Date.parse(value.timestamp)), record.ts);
  }
  // Event times (to the microsecond) are distinct, so the order check is strict: a channel's
  // records are read in event order.
  for (const topic of Object.values(topics)) {
    for (const channel of ["past", "present"]) {
      const ofChannel = records.filter((r) => r.topic === topic && r.key === channel);
      if (ofChannel.length === 0) continue;
      assert.equal(new Set(ofChannel.map((r) => r.partition)).size, 1, `${topic} ${channel}`);
      const stamps = ofChannel.map((r) =>
        (JSON.parse(r.payload!) as { timestamp: string }).timestamp
      );
      for (let i = 1; i < stamps.length; i++) {
        assert.ok(stamps[i]! > stamps[i - 1]!, `${topic} ${channel} out of order`);
      }
    }
  }
});
