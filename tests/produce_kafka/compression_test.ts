/**
 * `--compression none | gzip | snappy`: the broker stores batches with that codec (as its own
 * DumpLogSegments tool reports) and kcat (librdkafka) reads every record back intact.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS } from "../../src/config/topics.ts";
import { storedCodecs } from "./kafka_tools.ts";
import { kcatRead } from "../support/kcat.ts";
import { assertOk, freshPrefix, produce, START, testBroker, topicsOf } from "./support.ts";

for (const codec of ["none", "gzip", "snappy"] as const) {
  Deno.test(`produce --compression ${codec} stores ${codec} batches that kcat reads back`, async () => {
    const { bootstrap } = await testBroker();
    const prefix = freshPrefix(`codec-${codec}`);
    const topics = Object.values(topicsOf(prefix));
    const args = ["--count", "1500", "--rate", "200", "--start", START, "--seed", "9"];
    const result = await produce(bootstrap, prefix, [...args, "--compression", codec]);
    assertOk(result);

    const codecs = await storedCodecs(bootstrap, topics);
    assert.ok(codecs.length >= EVENT_KINDS.length, `only ${codecs.length} batches`);
    assert.deepEqual([...new Set(codecs)], [codec]);

    const records = (await Promise.all(topics.map((t) => kcatRead(bootstrap, t)))).flat();
    assert.equal(records.length, 1500);
    for (const record of records) {
      const value = JSON.parse(record.payload!) as { channel: string };
      assert.equal(value.channel, record.key);
    }
    // The same events as an uncompressed --stdout run of the same seed: nothing lost in coding.
    const plain = await produce(bootstrap, prefix, [...args, "--stdout"], {
      env: { LOG_LEVEL: "ERROR" },
    });
    assertOk(plain);
    const expected = plain.stdout.split("\n").filter((l) => l !== "").sort();
    assert.deepEqual(records.map((r) => r.payload!).sort(), expected);
  });
}
