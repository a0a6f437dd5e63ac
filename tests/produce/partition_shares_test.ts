import assert from "node:assert/strict";
import { partitionOfKey } from "../../src/kafka/batching.ts";
import { partitionShares } from "../../src/produce/workers/open.ts";

const CHANNELS = Array.from({ length: 40 }, (_, i) => `channel_${i}`);

/** Which shares write each topic-partition. */
function writers(shares: string[][], partitions: Map<string, number>): Map<string, Set<number>> {
  const found = new Map<string, Set<number>>();
  shares.forEach((share, i) => {
    for (const channel of share) {
      for (const [topic, n] of partitions) {
        const at = `${topic}/${partitionOfKey(topic, channel, n)}`;
        found.set(at, (found.get(at) ?? new Set()).add(i));
      }
    }
  });
  return found;
}

Deno.test("partition shares give every topic-partition one writer and cover each channel once", () => {
  const partitions = new Map([["t.chat", 6], ["t.viewer", 6], ["t.transactions", 6]]);
  const shares = partitionShares(CHANNELS, 3, partitions);
  assert.equal(shares.length, 3);
  assert.deepEqual(shares.flat().sort(), [...CHANNELS].sort());
  for (const [at, who] of writers(shares, partitions)) assert.equal(who.size, 1, at);
  // Balanced as far as the groups allow: no share is empty.
  assert.ok(shares.every((share) => share.length > 0));
});

Deno.test("partition shares are fewer than asked when the partitions allow fewer writers", () => {
  assert.deepEqual(partitionShares(CHANNELS, 4, new Map([["t.chat", 1]])), [CHANNELS]);
  // Topics with other partition counts join the groups: here into one.
  const mixed = new Map([["t.chat", 12], ["t.viewer", 12], ["t.transactions", 5]]);
  const shares = partitionShares(CHANNELS, 4, mixed);
  assert.equal(shares.length, 1);
  for (const [at, who] of writers(shares, mixed)) assert.equal(who.size, 1, at);
});
