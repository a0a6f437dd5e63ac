import assert from "node:assert/strict";
import fc from "fast-check";
import { TimeMerge } from "../../src/consume/time_merge.ts";
import type { ConsumedRecord, RecordBatch } from "../../src/consume/record.ts";

/** A record whose timestamp is `ms` and whose offset names it. */
function at(ms: number, offset: number): ConsumedRecord {
  return { offset: String(offset), timestamp: String(ms), key: null, value: null };
}

const timeOf = (r: ConsumedRecord) => Number(r.timestamp);
const parts = [
  { topic: "chat", partition: 0 },
  { topic: "chat", partition: 1 },
  { topic: "viewer", partition: 0 },
];

/** `topic/partition@offset` of every record let out, in order. */
const names = (runs: readonly RecordBatch[]) =>
  runs.flatMap((b) => b.messages.map((m) => `${b.topic}/${b.partition}@${m.offset}`));

Deno.test("TimeMerge lets nothing out while a partition that may still bring records holds none", () => {
  const merge = new TimeMerge(parts, timeOf);
  assert.deepEqual(merge.add("chat", 0, [at(10, 0), at(30, 1)]), []);
  assert.deepEqual(merge.add("viewer", 0, [at(20, 0)]), []);
  assert.equal(merge.held("chat", 0), 2);
  // chat/1 brings a record: everything up to the earliest head that may still be followed goes.
  assert.deepEqual(names(merge.add("chat", 1, [at(25, 0)])), ["chat/0@0", "viewer/0@0"]);
  // viewer/0 ran dry and is not at its end: wait for it, or for its end.
  assert.deepEqual(names(merge.end("viewer", 0)), ["chat/1@0"]);
  assert.deepEqual(names(merge.end("chat", 1)), ["chat/0@1"]);
  assert.equal(merge.held("chat", 0), 0);
});

Deno.test("TimeMerge keeps each partition's order and breaks ties by the partitions' order", () => {
  const merge = new TimeMerge(parts, timeOf);
  merge.end("viewer", 0);
  merge.add("chat", 1, [at(5, 0), at(5, 1), at(1, 2)]);
  const runs = merge.add("chat", 0, [at(5, 0), at(9, 1)]);
  // chat/0 goes first at the tie; chat/1's record at 1 stays behind the two before it.
  assert.deepEqual(names(runs), ["chat/0@0", "chat/1@0", "chat/1@1", "chat/1@2"]);
  // Records of one partition come out as one run (one write per run, not per record).
  assert.deepEqual(runs.map((b) => `${b.topic}/${b.partition}:${b.messages.length}`), [
    "chat/0:1",
    "chat/1:3",
  ]);
  assert.deepEqual(names(merge.drain()), ["chat/0@1"]);
});

Deno.test("TimeMerge yields every record once, in time order, however batches arrive", () => {
  // Each partition: records in offset order with non-decreasing times; batches of any size,
  // partitions interleaved in any order, each ended after its last batch.
  const partition = fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 30 }).map((steps) => {
    let t = 0;
    return steps.map((s) => (t += s));
  });
  fc.assert(
    fc.property(
      fc.array(partition, { minLength: 1, maxLength: 5 }),
      fc.array(fc.nat(), { maxLength: 200 }),
      fc.array(fc.integer({ min: 1, max: 7 }), { maxLength: 200 }),
      (partitions, picks, sizes) => {
        const list = partitions.map((_, p) => ({ topic: "t", partition: p }));
        const merge = new TimeMerge(list, timeOf);
        const next = partitions.map(() => 0);
        const out: RecordBatch[] = [];
        let step = 0;
        while (next.some((n, p) => n <= partitions[p]!.length)) {
          const open = next.flatMap((n, p) => n <= partitions[p]!.length ? [p] : []);
          const p = open[(picks[step] ?? 0) % open.length]!;
          const size = sizes[step++] ?? 3;
          const times = partitions[p]!;
          if (next[p]! === times.length) {
            out.push(...merge.end("t", p));
            next[p]!++;
            continue;
          }
          const batch = times.slice(next[p], next[p]! + size).map((ms, i) => at(ms, next[p]! + i));
          next[p]! += batch.length;
          out.push(...merge.add("t", p, batch));
        }
        const got = out.flatMap((b) =>
          b.messages.map((m) => ({ p: b.partition, offset: Number(m.offset), ms: timeOf(m) }))
        );
        const want = partitions
          .flatMap((times, p) => times.map((ms, offset) => ({ p, offset, ms })))
          .sort((a, b) => a.ms - b.ms || a.p - b.p || a.offset - b.offset);
        assert.deepEqual(got, want);
      },
    ),
    { numRuns: 300 },
  );
});
