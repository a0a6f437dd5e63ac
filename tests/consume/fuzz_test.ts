/** Property tests: no record content can crash consume or break its line-per-record output. */
import assert from "node:assert/strict";
import fc from "fast-check";
import { RecordPrinter } from "../../src/consume/printer.ts";
import { DEFAULT_PRETTY } from "../../src/consume/pretty.ts";
import type { RecordBatch } from "../../src/consume/record.ts";
import { ConsumeStats } from "../../src/consume/stats.ts";
import { recordValidator } from "../../src/consume/validation.ts";
import { validatorFor } from "../../src/schemas.ts";

const encoder = new TextEncoder();

/** Values other producers might write: raw bytes, text, JSON of any shape, near-events. */
const value = fc.oneof(
  fc.constant(null),
  fc.uint8Array({ maxLength: 300 }),
  fc.string({ unit: "binary", maxLength: 200 }).map((s) => encoder.encode(s)),
  fc.jsonValue().map((v) => encoder.encode(JSON.stringify(v))),
  fc.record({
    message_id: fc.oneof(fc.uuid(), fc.string()),
    channel: fc.oneof(fc.string({ unit: "binary" }), fc.integer()),
    username: fc.string({ unit: "binary" }),
    message: fc.string({ unit: "binary" }),
    emotes: fc.array(fc.string()),
    badges: fc.oneof(fc.array(fc.string()), fc.string()),
    is_action: fc.boolean(),
    bits: fc.oneof(fc.integer(), fc.double()),
    viewer_count: fc.oneof(fc.integer(), fc.string()),
    transaction_type: fc.string(),
    event_type: fc.string(),
    event_id: fc.string(),
    raid: fc.jsonValue(),
    timestamp: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
  }, { requiredKeys: [] }).map((v) => encoder.encode(JSON.stringify(v))),
);

const record = fc.record({
  key: fc.option(fc.uint8Array({ maxLength: 40 }), { nil: null }),
  value,
  headers: fc.dictionary(fc.string({ maxLength: 10 }), fc.uint8Array({ maxLength: 20 }), {
    maxKeys: 3,
  }),
  timestamp: fc.oneof(fc.constant("-1"), fc.bigInt(0n, 2n ** 50n).map(String)),
});

const batch = fc.record({
  topic: fc.constantFrom(
    "telemetra.events.chat",
    "telemetra.events.viewer",
    "x.transactions",
    "other",
  ),
  partition: fc.nat(100),
  records: fc.array(record, { minLength: 1, maxLength: 8 }),
}).map(({ topic, partition, records }): RecordBatch => ({
  topic,
  partition,
  messages: records.map((r, i) => ({ ...r, offset: String(i) })),
}));

function printed(format: "json" | "pretty" | "value", b: RecordBatch, validate: boolean) {
  let out = "";
  const printer = new RecordPrinter(
    {
      format,
      pretty: DEFAULT_PRETTY,
      ...(validate
        ? { validate: recordValidator(new Map([[b.topic, validatorFor("chat_message")]])) }
        : {}),
    },
    new ConsumeStats([], validate),
    (s) => (out += s),
    () => {},
  );
  printer.handle(b);
  return out;
}

Deno.test("consume's json format turns any record into exactly one parseable envelope line", () => {
  fc.assert(
    fc.property(batch, fc.boolean(), (b, validate) => {
      const lines = printed("json", b, validate).split("\n");
      assert.equal(lines.pop(), "");
      assert.equal(lines.length, b.messages.length);
      for (const line of lines) {
        const envelope = JSON.parse(line);
        assert.equal(envelope.topic, b.topic);
        assert.equal(typeof envelope.offset, "number");
      }
    }),
    { numRuns: 1500 },
  );
});

Deno.test("consume's pretty format prints one line per record with no control characters", () => {
  fc.assert(
    fc.property(batch, (b) => {
      const out = printed("pretty", b, false);
      const lines = out.split("\n");
      assert.equal(lines.pop(), "");
      assert.equal(lines.length, b.messages.length);
      // deno-lint-ignore no-control-regex
      assert.doesNotMatch(out.replaceAll("\n", ""), /[\u0000-\u001f\u007f-\u009f]/);
    }),
    { numRuns: 1500 },
  );
});
