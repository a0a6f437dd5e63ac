import assert from "node:assert/strict";
import {
  createRng,
  cumulative,
  decimalId,
  flat,
  float,
  foldSeed,
  hashString,
  hex8,
  int,
  logInt,
  transactionId,
  uuid4,
  weightedIndex,
} from "../../src/generator/random.ts";

Deno.test("createRng() gives the same draws for the same (seed, key) and others otherwise", () => {
  const draws = (seed: number, key: string) => {
    const rng = createRng(seed, key);
    return Array.from({ length: 5 }, () => rng.next());
  };
  assert.deepEqual(draws(1, "a"), draws(1, "a"));
  assert.notDeepEqual(draws(1, "a"), draws(2, "a"));
  assert.notDeepEqual(draws(1, "a"), draws(1, "b"));
  // Seeds that differ only above 32 bits are different seeds.
  assert.notDeepEqual(draws(1, "a"), draws(1 + 2 ** 32, "a"));
});

Deno.test("foldSeed() rejects seeds that are not safe integers", () => {
  assert.throws(() => foldSeed(1.5), /seed must be a safe integer, got 1.5/);
  assert.throws(() => foldSeed(2 ** 53), RangeError);
  assert.equal(foldSeed(-7), foldSeed(-7));
});

Deno.test("hashString() is FNV-1a", () => {
  assert.equal(hashString(""), 0x811c9dc5);
  assert.equal(hashString("a"), 0xe40c292c);
  assert.equal(hashString("foobar"), 0xbf9cf968);
});

Deno.test("uuid4() gives RFC 4122 version-4 ids, all distinct", () => {
  const rng = createRng(3, "uuid");
  const ids = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    const id = uuid4(rng);
    assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    ids.add(id);
  }
  assert.equal(ids.size, 10_000);
});

Deno.test("transactionId() is txn_ and 16 hex digits; hex8() pads to 8", () => {
  const rng = createRng(3, "txn");
  assert.match(transactionId(rng), /^txn_[0-9a-f]{16}$/);
  assert.equal(hex8(0), "00000000");
  assert.equal(hex8(-1), "ffffffff");
  assert.equal(hex8(0x1a2b3c4d), "1a2b3c4d");
});

Deno.test("decimalId() has exactly the asked digits, first one non-zero", () => {
  const rng = createRng(3, "dec");
  for (let i = 0; i < 10_000; i++) assert.match(decimalId(rng, 10), /^[1-9][0-9]{9}$/);
});

Deno.test("int() and logInt() stay within their inclusive bounds and reach both ends", () => {
  const rng = createRng(4, "int");
  const ints = Array.from({ length: 20_000 }, () => int(rng, 3, 7));
  assert.deepEqual([...new Set(ints)].sort(), [3, 4, 5, 6, 7]);
  const logs = Array.from({ length: 50_000 }, () => logInt(rng, 50, 500));
  assert.equal(Math.min(...logs), 50);
  assert.equal(Math.max(...logs), 500);
  // Log-uniform: as many draws in [50, 158) as in [158, 500].
  const low = logs.filter((v) => v < 158).length / logs.length;
  assert.ok(Math.abs(low - 0.5) < 0.02, `${low}`);
});

Deno.test("float() is uniform in [0, 1)", () => {
  const rng = createRng(5, "float");
  const buckets = new Array<number>(10).fill(0);
  for (let i = 0; i < 100_000; i++) {
    const u = float(rng);
    assert.ok(u >= 0 && u < 1);
    buckets[Math.floor(u * 10)]!++;
  }
  for (const b of buckets) assert.ok(Math.abs(b - 10_000) < 450, `${buckets}`);
});

Deno.test("weightedIndex() draws in proportion to the weights", () => {
  const rng = createRng(6, "weighted");
  const cumul = cumulative([7, 2, 0, 1]);
  assert.deepEqual([...cumul], [0.7, 0.9, 0.9, 1]);
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 100_000; i++) counts[weightedIndex(rng, cumul)]!++;
  assert.equal(counts[2], 0);
  assert.ok(
    Math.abs(counts[0]! - 70_000) < 700 && Math.abs(counts[3]! - 10_000) < 450,
    `${counts}`,
  );
  assert.throws(() => cumulative([0, 0]), /positive sum/);
});

Deno.test("flat() returns an equal string", () => {
  const long = "stream_" + String(1234567890);
  assert.equal(flat(long), "stream_1234567890");
  assert.equal(flat("short"), "short");
});
