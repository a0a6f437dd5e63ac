import assert from "node:assert/strict";
import { deriveSeed, shardChannels } from "../../src/generator/shard.ts";

const CHANNELS = ["a", "b", "c", "d", "e", "f", "g"];

Deno.test("shardChannels() gives disjoint shares that together cover every channel", () => {
  assert.deepEqual(shardChannels(CHANNELS, 0, 3), ["a", "d", "g"]);
  assert.deepEqual(shardChannels(CHANNELS, 1, 3), ["b", "e"]);
  assert.deepEqual(shardChannels(CHANNELS, 2, 3), ["c", "f"]);
  assert.deepEqual(shardChannels(CHANNELS, 0, 1), CHANNELS);
  for (const total of [1, 2, 4, 7]) {
    const all = Array.from({ length: total }, (_, i) => shardChannels(CHANNELS, i, total)).flat();
    assert.deepEqual(all.sort(), CHANNELS);
  }
});

Deno.test("shardChannels() rejects shards that do not exist or get no channel", () => {
  assert.throws(
    () => shardChannels(CHANNELS, 3, 3),
    /shard index must be an integer from 0 to 2, got 3/,
  );
  assert.throws(() => shardChannels(CHANNELS, 0, 0), /shard count must be an integer ≥ 1, got 0/);
  assert.throws(() => shardChannels(["a"], 1, 2), /shard 1\/2 gets no channel/);
});

Deno.test("deriveSeed() is deterministic and different per shard and per base seed", () => {
  assert.equal(deriveSeed(42, 0), deriveSeed(42, 0));
  const seeds = new Set(Array.from({ length: 1000 }, (_, i) => deriveSeed(42, i)));
  assert.equal(seeds.size, 1000);
  assert.notEqual(deriveSeed(42, 1), deriveSeed(43, 1));
  assert.ok(Number.isSafeInteger(deriveSeed(-5, 3)) && deriveSeed(-5, 3) >= 0);
  assert.throws(() => deriveSeed(1, -1), RangeError);
});
