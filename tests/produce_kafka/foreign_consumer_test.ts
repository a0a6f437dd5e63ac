/**
 * What produce wrote, read by python3-confluent-kafka (the seed producer's client library) and
 * checked by python3-jsonschema: nothing here shares code with the producer's ajv validation.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS, SCHEMA_OF_KIND } from "../../src/config/topics.ts";
import { validateWithPython } from "../validate/python_jsonschema.ts";
import { pythonConsume } from "./python_consumer.ts";
import {
  assertOk,
  freshPrefix,
  produce,
  schemaFileOf,
  summaryOf,
  testBroker,
  topicsOf,
} from "./support.ts";

Deno.test("a python3-confluent-kafka consumer reads every record as JSON valid under its schema", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("python");
  const topics = topicsOf(prefix);
  const result = await produce(bootstrap, prefix, [
    "--count",
    "4000",
    "--rate",
    "0",
    "--seed",
    "23",
    "--channels",
    "north,south,east,west",
  ]);
  assertOk(result);
  const { delivered } = summaryOf(result.stderr);
  assert.equal(delivered, 4000);

  const records = await pythonConsume(bootstrap, Object.values(topics));
  assert.equal(records.length, delivered);
  assert.deepEqual(records.filter((r) => r.not_json !== undefined), []);
  for (const kind of EVENT_KINDS) {
    const ofTopic = records.filter((r) => r.topic === topics[kind]);
    assert.ok(ofTopic.length > 0, `no ${kind} records`);
    for (const record of ofTopic) {
      assert.equal(record.key, (record.value as { channel: string }).channel);
      assert.deepEqual(record.headers, { event_type: SCHEMA_OF_KIND[kind] });
    }
    const verdict = await validateWithPython(schemaFileOf(kind), ofTopic.map((r) => r.value));
    assert.deepEqual(verdict.invalid, [], `${kind}: invalid under ${SCHEMA_OF_KIND[kind]}.json`);
    assert.equal(verdict.valid, ofTopic.length);
  }
});
