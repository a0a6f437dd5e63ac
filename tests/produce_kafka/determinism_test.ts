/** The same seed, with event time pinned by --start, puts the same records in the topics. */
import assert from "node:assert/strict";
import { EVENT_KINDS } from "../../src/config/topics.ts";
import { kcatRead } from "../support/kcat.ts";
import { assertOk, freshPrefix, produce, START, testBroker, topicsOf } from "./support.ts";

/** Each topic's records as (partition, key, timestamp, value) in offset order. */
async function landedRecords(bootstrap: string, prefix: string): Promise<string[][]> {
  const topics = topicsOf(prefix);
  return await Promise.all(
    EVENT_KINDS.map(async (kind) =>
      (await kcatRead(bootstrap, topics[kind])).map((r) =>
        `${r.partition} ${r.key} ${r.ts} ${r.payload}`
      )
    ),
  );
}

Deno.test("produce with the same --seed and --start twice lands the same record values", async () => {
  const { bootstrap } = await testBroker();
  const args = ["--count", "3000", "--rate", "500", "--start", START, "--channels", "a,b,c,d"];
  const runs = [
    { prefix: freshPrefix("seed7a"), seed: "7" },
    { prefix: freshPrefix("seed7b"), seed: "7" },
    { prefix: freshPrefix("seed8"), seed: "8" },
  ];
  for (const { prefix, seed } of runs) {
    assertOk(await produce(bootstrap, prefix, [...args, "--seed", seed]));
  }
  const [first, second, other] = await Promise.all(
    runs.map(({ prefix }) => landedRecords(bootstrap, prefix)),
  );
  assert.equal(first!.flat().length, 3000);
  assert.deepEqual(second, first);
  // A different seed is a different stream (so the equality above is not vacuous).
  assert.notDeepEqual(other, first);
});
