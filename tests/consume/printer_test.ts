import assert from "node:assert/strict";
import { RecordPrinter } from "../../src/consume/printer.ts";
import { DEFAULT_PRETTY } from "../../src/consume/pretty.ts";
import { ConsumeStats } from "../../src/consume/stats.ts";
import type { RecordBatch } from "../../src/consume/record.ts";
import { goldenBatches, readGolden } from "./golden_records.ts";

function printAll(format: "pretty" | "json" | "value", batches: RecordBatch[], limit?: number) {
  const stats = new ConsumeStats([], false);
  let out = "";
  let warn = "";
  const printer = new RecordPrinter(
    { format, pretty: DEFAULT_PRETTY, ...(limit !== undefined ? { limit } : {}) },
    stats,
    (s) => (out += s),
    (s) => (warn += s),
  );
  const outcomes = batches.map((b) => printer.handle(b));
  return { out, warn, stats, outcomes };
}

function batchOf(topic: string, values: (string | null)[]): RecordBatch {
  return {
    topic,
    partition: 2,
    messages: values.map((v, i) => ({
      offset: String(100 + i),
      timestamp: "1760610600000",
      key: new TextEncoder().encode("demo_stream"),
      value: v === null ? null : new TextEncoder().encode(v),
    })),
  };
}

Deno.test("RecordPrinter pretty output for every event type matches the golden sample", () => {
  const { out } = printAll("pretty", goldenBatches());
  assert.equal(out, readGolden("pretty.txt", out));
});

Deno.test("RecordPrinter json output for the golden sample matches the golden envelopes", () => {
  const { out } = printAll("json", goldenBatches());
  assert.equal(out, readGolden("envelopes.ndjson", out));
});

Deno.test("RecordPrinter json output is one parseable envelope per record, values embedded", () => {
  const batches = goldenBatches();
  const { out } = printAll("json", batches);
  const lines = out.split("\n").filter((l) => l !== "");
  assert.equal(lines.length, batches.length);
  const envelopes = lines.map((l) => JSON.parse(l));
  assert.deepEqual(Object.keys(envelopes[0]), [
    "topic",
    "partition",
    "offset",
    "timestamp",
    "key",
    "headers",
    "value",
  ]);
  assert.equal(envelopes[1].value.username, "gamer123");
  assert.equal(envelopes[1].offset, 1);
  assert.equal(envelopes[1].timestamp, 1760610601000);
  const notJson = envelopes.find((e) => e.value === "this is not json");
  assert.equal(notJson.value_encoding, "text");
  const binary = envelopes.find((e) => e.value_encoding === "base64");
  assert.deepEqual(
    Uint8Array.from(atob(binary.value), (c) => c.charCodeAt(0)),
    new Uint8Array([0xff, 0xfe, 0x00, 0x62, 0x69, 0x6e, 0x61, 0x72, 0x79, 0x80]),
  );
  assert.equal(envelopes.filter((e) => e.value === null).length, 1);
  assert.equal(envelopes.filter((e) => e.key === null).length, 1);
});

Deno.test("RecordPrinter re-serialises multi-line JSON values so each envelope stays on one line", () => {
  const { out } = printAll("json", [batchOf("t", ['{\n  "a": 1\n}'])]);
  assert.equal(
    out,
    '{"topic":"t","partition":2,"offset":100,"timestamp":1760610600000,"key":"demo_stream","headers":{},"value":{"a":1}}\n',
  );
});

Deno.test("RecordPrinter value format prints the value alone per line", () => {
  const { out } = printAll("value", [batchOf("t", ['{"a":1}', "plain", null, "", '{\n"b":2}'])]);
  assert.equal(out, '{"a":1}\nplain\n\n\n{"b":2}\n');
});

Deno.test("RecordPrinter stops at the limit across batches and reports how many it took", () => {
  const a = batchOf("t", ["1", "2", "3"]);
  const b = batchOf("t", ["4", "5", "6"]);
  const { out, outcomes, stats } = printAll("value", [a, b], 4);
  assert.equal(out, "1\n2\n3\n4\n");
  assert.deepEqual(outcomes, [{ taken: 3, stop: false }, { taken: 1, stop: true }]);
  assert.equal(stats.total, 4);
});

Deno.test("RecordPrinter counts records by topic and event type, with key+value bytes", () => {
  const { stats } = printAll("json", goldenBatches());
  const chat = stats.topics.get("telemetra.events.chat")!;
  assert.equal(chat.records, 9);
  assert.deepEqual(Object.fromEntries(chat.types), {
    chat_message: 5,
    "not JSON": 1,
    "not UTF-8": 1,
    "empty value": 1,
    "null value": 1,
  });
  const transactions = stats.topics.get("telemetra.events.transactions")!;
  assert.deepEqual(Object.fromEntries(transactions.types), {
    donation: 1,
    subscription: 2,
    bits: 1,
    gift_sub: 1,
    subscription_renewal: 1,
    unknown: 1,
  });
  const viewer = stats.topics.get("telemetra.events.viewer")!;
  assert.equal(
    viewer.bytes,
    [...goldenBatches()].filter((b) => b.topic === "telemetra.events.viewer")
      .reduce((n, b) => n + b.messages[0]!.value!.length + b.messages[0]!.key!.length, 0),
  );
});

Deno.test("RecordPrinter under validation reports invalid records with their offset on the warning stream", () => {
  const stats = new ConsumeStats([], true);
  let out = "";
  let warn = "";
  const printer = new RecordPrinter(
    {
      format: "json",
      pretty: DEFAULT_PRETTY,
      validate: (_topic, value) =>
        value.shape === "json"
          ? { valid: true, errors: [] }
          : { valid: false, errors: ["value is not JSON", "second", "third", "fourth"] },
    },
    stats,
    (s) => (out += s),
    (s) => (warn += s),
  );
  printer.handle(batchOf("t", ['{"a":1}', "oops"]));
  assert.equal(
    warn,
    "invalid record t/2@101: value is not JSON; second; third (and 1 more)\n",
  );
  const lines = out.trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines[0].valid, true);
  assert.equal(lines[1].valid, false);
  assert.deepEqual(lines[1].errors, ["value is not JSON", "second", "third", "fourth"]);
  assert.equal(stats.invalid, 1);
  assert.equal(stats.topics.get("t")!.valid, 1);
});
