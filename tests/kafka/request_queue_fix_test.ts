import assert from "node:assert/strict";
import RequestQueue from "kafkajs/src/network/requestQueue/index.js";
import {
  CHECK_PENDING_REQUESTS_INTERVAL_MS,
  nextPendingCheckDelay,
} from "../../src/kafka/request_queue_fix.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { DEFAULT_KAFKA_SETTINGS } from "../../src/kafka/settings.ts";
import { freshTopic, testBroker } from "../support/broker.ts";
import { runEntry } from "./run_entry.ts";

const NOW = 1_760_000_000_000;

Deno.test("nextPendingCheckDelay() arms no timer when nothing is pending or throttled", () => {
  assert.equal(
    nextPendingCheckDelay({ throttledUntil: -1, pendingCount: 0, timerArmed: false }, NOW),
    undefined,
  );
  assert.equal(
    nextPendingCheckDelay({ throttledUntil: NOW - 5, pendingCount: 0, timerArmed: false }, NOW),
    undefined,
  );
});

Deno.test("nextPendingCheckDelay() waits out a throttle, and polls for pending requests", () => {
  assert.equal(
    nextPendingCheckDelay({ throttledUntil: NOW + 250, pendingCount: 0, timerArmed: false }, NOW),
    250,
  );
  assert.equal(
    nextPendingCheckDelay({ throttledUntil: NOW + 250, pendingCount: 3, timerArmed: false }, NOW),
    250,
  );
  assert.equal(
    nextPendingCheckDelay({ throttledUntil: -1, pendingCount: 3, timerArmed: false }, NOW),
    CHECK_PENDING_REQUESTS_INTERVAL_MS,
  );
  assert.equal(
    nextPendingCheckDelay({ throttledUntil: NOW + 250, pendingCount: 3, timerArmed: true }, NOW),
    undefined,
  );
});

Deno.test("a connected, idle producer does not poll its request queue", async () => {
  const { bootstrap } = await testBroker();
  const kafka = createKafka({ ...DEFAULT_KAFKA_SETTINGS, brokers: [bootstrap] });
  const proto = (RequestQueue as unknown as { prototype: { checkPendingRequests(): void } })
    .prototype;
  const original = proto.checkPendingRequests;
  let checks = 0;
  proto.checkPendingRequests = function (this: unknown) {
    checks++;
    return original.call(this);
  };
  const producer = kafka.producer();
  try {
    await producer.connect();
    const before = checks;
    // Idle time is the behaviour under test: unpatched kafkajs checks ~470 times a second.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.ok(checks - before < 10, `${checks - before} checks in 1 s of idleness`);
  } finally {
    proto.checkPendingRequests = original;
    await producer.disconnect();
  }
});

Deno.test("a process that produces and consumes prints no TimeoutNegativeWarning or kafkajs noise", async () => {
  const { bootstrap } = await testBroker();
  const topic = freshTopic("quiet");
  const { code, stdout, stderr } = await runEntry("produce_consume_entry.ts", ["-A"], [
    bootstrap,
    topic,
  ]);
  assert.equal(code, 0, stderr);
  assert.equal(stdout, "consumed 20\n");
  // Exactly our own INFO line: no TimeoutNegativeWarning, no kafkajs line at any level.
  const lines = stderr.split("\n").filter((l) => l !== "").map((l) => l.replace(/^\S+ \S+ - /, ""));
  assert.deepEqual(lines, [
    `INFO - Created topics: ${topic} (3 partitions, replication factor 1)`,
  ]);
});
