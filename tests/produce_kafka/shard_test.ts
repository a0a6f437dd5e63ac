/**
 * Scale-out with `--shard i/n`: n instances with the same base seed split the channels between
 * them, and together should land in the topics exactly what one unsharded run lands.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS } from "../../src/config/topics.ts";
import { kcatRead } from "../support/kcat.ts";
import {
  assertOk,
  freshPrefix,
  produce,
  START,
  summaryOf,
  testBroker,
  topicsOf,
} from "./support.ts";

const CHANNELS = ["a", "b", "c", "d"];
const RUN = ["--seed", "7", "--start", START, "--until", "2025-10-16T00:10:00Z", "--rate", "20"];

/** `channel topic` → that channel's payloads in that topic, in offset order. */
async function byChannel(bootstrap: string, prefix: string): Promise<Map<string, string[]>> {
  const topics = topicsOf(prefix);
  const streams = new Map<string, string[]>();
  for (const kind of EVENT_KINDS) {
    for (const record of await kcatRead(bootstrap, topics[kind])) {
      const id = `${record.key} ${kind}`;
      streams.set(id, [...streams.get(id) ?? [], record.payload!]);
    }
  }
  return streams;
}

Deno.test("produce --shard 1/2 and 2/2 take disjoint halves of the channels and together the whole count", async () => {
  const { bootstrap } = await testBroker();
  const channelsOf: string[][] = [];
  let delivered = 0;
  for (const shard of ["1/2", "2/2"]) {
    const prefix = freshPrefix(`shard${shard[0]}`);
    const result = await produce(bootstrap, prefix, [
      ...RUN,
      "--channels",
      CHANNELS.join(","),
      "--shard",
      shard,
    ]);
    assertOk(result);
    assert.match(
      result.stderr,
      new RegExp(`Shard ${shard}: channels \\w,\\w of a stream generated at 20\\.00 msg/sec`),
    );
    delivered += summaryOf(result.stderr).delivered;
    const keys = new Set([...(await byChannel(bootstrap, prefix)).keys()].map((k) => k[0]!));
    channelsOf.push([...keys].sort());
  }
  assert.deepEqual(channelsOf, [["a", "c"], ["b", "d"]]);
  // 10 minutes of event time at 20 events/s, split between the shards.
  assert.equal(delivered, 12_000);
});

Deno.test("produce --shard 1/2 and 2/2 together land each channel's events of one unsharded run", async () => {
  const { bootstrap } = await testBroker();
  const whole = freshPrefix("unsharded");
  assertOk(await produce(bootstrap, whole, [...RUN, "--channels", CHANNELS.join(",")]));
  const expected = await byChannel(bootstrap, whole);

  const sharded = new Map<string, string[]>();
  for (const shard of ["1/2", "2/2"]) {
    const prefix = freshPrefix(`part${shard[0]}`);
    assertOk(
      await produce(bootstrap, prefix, [
        ...RUN,
        "--channels",
        CHANNELS.join(","),
        "--shard",
        shard,
      ]),
    );
    for (const [id, payloads] of await byChannel(bootstrap, prefix)) sharded.set(id, payloads);
  }
  assert.deepEqual([...sharded.keys()].sort(), [...expected.keys()].sort());
  for (const [id, payloads] of expected) {
    assert.deepEqual(sharded.get(id)!.slice(0, 50), payloads.slice(0, 50), `${id} differs`);
    assert.equal(sharded.get(id)!.length, payloads.length, `${id}: count differs`);
  }
});
