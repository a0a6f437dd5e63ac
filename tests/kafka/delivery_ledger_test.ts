import assert from "node:assert/strict";
import { DeliveryLedger } from "../../src/kafka/delivery_ledger.ts";

const r = (topic: string) => ({ topic, key: "k", value: "v", timestampMs: 0, headers: {} });

Deno.test("DeliveryLedger keeps accepted = delivered + failed + in flight, per topic too", () => {
  const ledger = new DeliveryLedger();
  ledger.accept([r("a"), r("a"), r("b"), r("a")]);
  ledger.deliver([r("a"), r("b")]);
  ledger.fail([r("a")]);
  assert.deepEqual(ledger.snapshot(), {
    accepted: 4,
    delivered: 2,
    failed: 1,
    inFlight: 1,
    byTopic: {
      a: { accepted: 3, delivered: 1, failed: 1 },
      b: { accepted: 1, delivered: 1, failed: 0 },
    },
  });
});

Deno.test("DeliveryLedger.snapshot() is a copy that later counting does not change", () => {
  const ledger = new DeliveryLedger();
  ledger.accept([r("a")]);
  const before = ledger.snapshot();
  ledger.deliver([r("a")]);
  assert.equal(before.byTopic.a!.delivered, 0);
  assert.equal(ledger.snapshot().byTopic.a!.delivered, 1);
});
