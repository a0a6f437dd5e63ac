import assert from "node:assert/strict";
import { validatorFor } from "../../src/schemas.ts";
import { parsePayload } from "../../src/validate/payload.ts";
import {
  payloadTally,
  payloadText,
  type RecordResult,
  reportJson,
  resultText,
  totalText,
  validatePayload,
} from "../../src/validate/report.ts";

const SEEDS = new URL("../fixtures/seed_examples/", import.meta.url);
const chat = JSON.parse(Deno.readTextFileSync(new URL("chat_message.json", SEEDS)));
const ndjson = [
  JSON.stringify(chat),
  JSON.stringify({ ...chat, bits: -1 }),
  "",
  "{oops",
  JSON.stringify(chat),
].join("\n");

Deno.test("validatePayload() counts valid and invalid records and keeps only the invalid ones", () => {
  const report = validatePayload(validatorFor("chat_message"), "x.ndjson", parsePayload(ndjson));
  assert.equal(report.kind, "ndjson");
  assert.equal(report.valid, 2);
  assert.equal(report.invalid, 2);
  assert.deepEqual(report.results.map((r) => [r.line, r.valid]), [[2, false], [4, false]]);
});

Deno.test("validatePayload() keeps valid records when asked to", () => {
  const report = validatePayload(validatorFor("chat_message"), "x.ndjson", parsePayload(ndjson), {
    keepValid: true,
  });
  assert.deepEqual(report.results.map((r) => [r.line, r.valid]), [
    [1, true],
    [2, false],
    [4, false],
    [5, true],
  ]);
});

Deno.test("payloadText() lists invalid NDJSON records by line, their errors, then a summary", () => {
  const report = validatePayload(validatorFor("chat_message"), "x.ndjson", parsePayload(ndjson));
  assert.equal(
    payloadText(report),
    "x.ndjson:2 invalid\n" +
      "  /bits: must be >= 0 (minimum, -1)\n" +
      "x.ndjson:4 invalid\n" +
      "  line 4, column 2: malformed JSON: expected a property name in double quotes, found 'oops'\n" +
      "x.ndjson: 2 valid, 2 invalid\n",
  );
});

Deno.test("payloadText() says valid for a single valid document, without a summary", () => {
  const report = validatePayload(
    validatorFor("chat_message"),
    "one.json",
    parsePayload(JSON.stringify(chat)),
  );
  assert.equal(payloadText(report), "one.json valid\n");
});

Deno.test("payloadText() labels array elements by index", () => {
  const array = JSON.stringify([chat, { ...chat, message_id: "nope" }]);
  const report = validatePayload(validatorFor("chat_message"), "a.json", parsePayload(array));
  assert.equal(
    payloadText(report),
    'a.json[1] invalid\n  /message_id: must match format "uuid" (format, "nope")\n' +
      "a.json: 1 valid, 1 invalid\n",
  );
});

Deno.test("totalText() sums every payload", () => {
  const validate = validatorFor("chat_message");
  const reports = [
    validatePayload(validate, "x.ndjson", parsePayload(ndjson)),
    validatePayload(validate, "one.json", parsePayload(JSON.stringify(chat))),
  ];
  assert.equal(totalText(reports), "total: 3 valid, 2 invalid\n");
});

Deno.test("reportJson() is one machine-readable document with every invalid record", () => {
  const validate = validatorFor("chat_message");
  const reports = [
    validatePayload(validate, "x.ndjson", parsePayload(ndjson)),
    validatePayload(validate, "one.json", parsePayload(JSON.stringify(chat))),
  ];
  assert.deepEqual(JSON.parse(reportJson("chat_message", reports)), {
    schema: "chat_message",
    valid: false,
    summary: { valid: 3, invalid: 2 },
    payloads: [
      { source: "x.ndjson", kind: "ndjson", valid: 2, invalid: 2 },
      { source: "one.json", kind: "document", valid: 1, invalid: 0 },
    ],
    results: [
      {
        source: "x.ndjson",
        line: 2,
        valid: false,
        errors: [{ pointer: "/bits", keyword: "minimum", message: "must be >= 0", value: -1 }],
      },
      {
        source: "x.ndjson",
        line: 4,
        valid: false,
        errors: [{
          pointer: "",
          keyword: "syntax",
          message: "malformed JSON: expected a property name in double quotes, found 'oops'",
          line: 4,
          column: 2,
        }],
      },
      { source: "one.json", valid: true, errors: [] },
    ],
  });
});

Deno.test("payloadTally() hands results to onResult as they come and keeps only the counts", () => {
  const seen: RecordResult[] = [];
  const tally = payloadTally(validatorFor("chat_message"), "x.ndjson", "ndjson", {
    onResult: (result) => seen.push(result),
  });
  for (const record of parsePayload(ndjson).records) tally.add(record);
  assert.deepEqual(seen.map((r) => [r.line, r.valid]), [[2, false], [4, false]]);
  const report = tally.report();
  assert.deepEqual([report.valid, report.invalid, report.results], [2, 2, []]);
  assert.equal(
    seen.map(resultText).join("") + payloadText(report),
    payloadText(validatePayload(validatorFor("chat_message"), "x.ndjson", parsePayload(ndjson))),
  );
});
