import assert from "node:assert/strict";
import { OutageWatch, problemOf } from "../../src/kafka/outage_watch.ts";

const T0 = 1_000_000;

Deno.test("OutageWatch warns once a send is unacknowledged past the threshold, not before", () => {
  const watch = new OutageWatch({ thresholdMs: 5000, repeatMs: 30_000 });
  watch.sendStarted(T0);
  assert.equal(watch.check(T0 + 4999, 512), undefined);
  assert.equal(watch.down, false);
  const notice = watch.check(T0 + 5000, 512);
  assert.deepEqual(notice, {
    kind: "down",
    message: "Kafka not acknowledging for 5s: 512 events waiting",
    first: true,
  });
  assert.equal(watch.down, true);
  assert.equal(watch.outages, 1);
});

Deno.test("OutageWatch repeats the warning at most every repeatMs, with fresh numbers and reason", () => {
  const watch = new OutageWatch({ thresholdMs: 5000, repeatMs: 30_000 });
  watch.sendStarted(T0);
  watch.noteProblem("127.0.0.1:9092: connection refused");
  const warnings: string[] = [];
  for (let t = T0; t <= T0 + 70_000; t += 1000) {
    const notice = watch.check(t, (t - T0) / 100);
    if (notice) warnings.push(notice.message);
  }
  assert.deepEqual(warnings, [
    "Kafka not acknowledging for 5s: 50 events waiting (127.0.0.1:9092: connection refused)",
    "Kafka not acknowledging for 35s: 350 events waiting (127.0.0.1:9092: connection refused)",
    "Kafka not acknowledging for 65s: 650 events waiting (127.0.0.1:9092: connection refused)",
  ]);
  assert.equal(watch.outages, 1);
});

Deno.test("OutageWatch says 'again' only when an acknowledgement arrives after a warning", () => {
  const watch = new OutageWatch({ thresholdMs: 5000 });
  const first = watch.sendStarted(T0);
  // A send that fails does not end the outage; the time keeps counting from the first send.
  watch.sendFailed(first, "timed out");
  const second = watch.sendStarted(T0 + 6000);
  assert.equal(
    watch.check(T0 + 7000, 100)?.message.startsWith("Kafka not acknowledging for 7s"),
    true,
  );
  assert.equal(watch.check(T0 + 8000, 100), undefined);
  assert.deepEqual(watch.sendAcknowledged(second, T0 + 43_000), {
    kind: "up",
    message: "Kafka acknowledging again after 43s (100 events were waiting)",
    outageMs: 43_000,
  });
  assert.equal(watch.down, false);
  assert.equal(watch.outageMs, 43_000);
  // A quick acknowledgement with no warning before is no news.
  const third = watch.sendStarted(T0 + 50_000);
  assert.equal(watch.sendAcknowledged(third, T0 + 50_200), undefined);
});

Deno.test("OutageWatch stays quiet when nothing is waiting or every send is acknowledged", () => {
  const watch = new OutageWatch({ thresholdMs: 1000 });
  assert.equal(watch.check(T0 + 60_000, 0), undefined);
  const token = watch.sendStarted(T0);
  watch.sendAcknowledged(token, T0 + 10);
  assert.equal(watch.check(T0 + 60_000, 10), undefined);
  assert.equal(watch.silentForMs(T0 + 60_000), 0);
});

Deno.test("problemOf() names the broker and the failure in a few words", () => {
  assert.equal(
    problemOf("Connection error: connect ECONNREFUSED 127.0.0.1:9092", "127.0.0.1:9092"),
    "127.0.0.1:9092: connection refused",
  );
  assert.equal(
    problemOf("Kafka server has closed connection", "127.0.0.1:9093"),
    "127.0.0.1:9093: connection closed",
  );
  assert.equal(
    problemOf("Messages are rejected since there are fewer in-sync replicas than required"),
    "not enough in-sync replicas",
  );
  assert.equal(problemOf("Request Produce(key: 0, version: 7) timed out", "b:1"), "b:1: timed out");
  assert.equal(problemOf("disconnecting..."), undefined);
});
