import assert from "node:assert/strict";
import { parseKcatMetadata } from "../support/cluster.ts";

const KCAT_JSON = JSON.stringify({
  originating_broker: { id: 3, name: "127.0.0.1:46313/3" },
  query: { topic: "t1" },
  controllerid: 2,
  brokers: [{ id: 1, name: "127.0.0.1:41225" }, { id: 2, name: "127.0.0.1:39707" }],
  topics: [{
    topic: "t1",
    partitions: [
      {
        partition: 1,
        leader: -1,
        replicas: [{ id: 1 }, { id: 2 }, { id: 3 }],
        isrs: [{ id: 1 }],
      },
      {
        partition: 0,
        leader: 3,
        replicas: [{ id: 3 }, { id: 1 }, { id: 2 }],
        isrs: [{ id: 3 }, { id: 1 }, { id: 2 }],
      },
    ],
  }],
});

Deno.test("parseKcatMetadata() reads leaders, replicas and ISRs by partition; -1 is no leader", () => {
  assert.deepEqual(parseKcatMetadata(KCAT_JSON, "t1"), [
    { partition: 0, leader: 3, replicas: [3, 1, 2], isr: [3, 1, 2] },
    { partition: 1, leader: undefined, replicas: [1, 2, 3], isr: [1] },
  ]);
});

Deno.test("parseKcatMetadata() throws for a topic kcat reports an error for or does not list", () => {
  const missing = JSON.stringify({
    topics: [{ topic: "nope", error: "Broker: Unknown topic or partition", partitions: [] }],
  });
  assert.throws(
    () => parseKcatMetadata(missing, "nope"),
    new Error("topic nope: Broker: Unknown topic or partition"),
  );
  assert.throws(
    () => parseKcatMetadata(KCAT_JSON, "t2"),
    new Error("kcat's metadata has no topic t2"),
  );
});
