import assert from "node:assert/strict";
import {
  detectPayloadFormat,
  detectPayloadFormatEarly,
  parseNdjsonLines,
  parsePayload,
  type PayloadRecord,
} from "../../src/validate/payload.ts";

Deno.test("parsePayload() reads one pretty-printed document as one record", () => {
  assert.deepEqual(parsePayload('{\n  "a": 1,\n  "b": [2]\n}\n'), {
    kind: "document",
    records: [{ value: { a: 1, b: [2] } }],
  });
});

Deno.test("parsePayload() splits a top-level array into indexed records", () => {
  assert.deepEqual(parsePayload('[{"a":1},\n {"a":2}]'), {
    kind: "array",
    records: [{ index: 0, value: { a: 1 } }, { index: 1, value: { a: 2 } }],
  });
  assert.deepEqual(parsePayload("[]"), { kind: "array", records: [] });
});

Deno.test("parsePayload() keeps a top-level array whole when asked to", () => {
  assert.deepEqual(parsePayload("[1,2]", { splitArrays: false }), {
    kind: "document",
    records: [{ value: [1, 2] }],
  });
});

Deno.test("parsePayload() reads NDJSON with 1-based line numbers, skipping blank lines", () => {
  assert.deepEqual(parsePayload('{"a":1}\r\n\n  \n{"a":2}\n[3]'), {
    kind: "ndjson",
    records: [{ line: 1, value: { a: 1 } }, { line: 4, value: { a: 2 } }, { line: 5, value: [3] }],
  });
});

Deno.test("parsePayload() reports a malformed NDJSON line at its own line and column", () => {
  assert.deepEqual(parsePayload('{"a":1}\n{"a":2,}\n{"a":3}\n').records[1], {
    line: 2,
    syntax: { line: 2, column: 8, message: "expected a property name in double quotes, found '}'" },
  });
});

Deno.test("parsePayload() reports a malformed document with line and column", () => {
  assert.deepEqual(parsePayload('{\n  "a": 1\n  "b": 2\n}'), {
    kind: "document",
    records: [{
      syntax: {
        line: 3,
        column: 3,
        message: `expected ',' or '}' after a property value, found '"'`,
      },
    }],
  });
});

Deno.test("parsePayload() treats empty input as one malformed record", () => {
  assert.deepEqual(parsePayload(" \n"), {
    kind: "document",
    records: [{ syntax: { line: 1, column: 1, message: "no JSON value (empty input)" } }],
  });
});

Deno.test("parsePayload() ignores a byte-order mark", () => {
  assert.deepEqual(parsePayload('\ufeff{"a":1}').records, [{ value: { a: 1 } }]);
});

Deno.test("detectPayloadFormat() tells NDJSON from a pretty document, even with a bad first line", () => {
  assert.equal(detectPayloadFormat('{"a":1}'), "json");
  assert.equal(detectPayloadFormat('{"a":1}\n'), "json");
  assert.equal(detectPayloadFormat('{"a":1}\n{"a":2}'), "ndjson");
  assert.equal(detectPayloadFormat('{"a":1,}\n{"a":2}\n'), "ndjson");
  assert.equal(detectPayloadFormat('{\n  "a": 1\n}'), "json");
  assert.equal(detectPayloadFormat('[\n  {"a": 1},\n  {"a": 2}\n]'), "json");
});

Deno.test("parsePayload() obeys an explicit format", () => {
  assert.equal(parsePayload('{"a":1}\n{"a":2}', { format: "json" }).kind, "document");
  assert.deepEqual(parsePayload('{"a":1}', { format: "ndjson" }), {
    kind: "ndjson",
    records: [{ line: 1, value: { a: 1 } }],
  });
});

Deno.test("detectPayloadFormatEarly() decides once the second non-blank line has ended", () => {
  assert.equal(detectPayloadFormatEarly('{"a":1}'), undefined);
  assert.equal(detectPayloadFormatEarly('{"a":1}\n\n  \n'), undefined);
  assert.equal(detectPayloadFormatEarly('{"a":1}\n{"a":'), undefined);
  assert.equal(detectPayloadFormatEarly('{"a":1}\n{"a":2}\n{"a'), "ndjson");
  assert.equal(detectPayloadFormatEarly('{"a":1,}\n{"a":2}\n'), "ndjson");
  assert.equal(detectPayloadFormatEarly('{\n  "a": 1,\n  "b'), "json");
  assert.equal(detectPayloadFormatEarly('[\n  {"a": 1},\n  {"a": 2}\n'), "json");
});

Deno.test("parseNdjsonLines() numbers from the given line and returns the next one", () => {
  const records: PayloadRecord[] = [];
  assert.equal(parseNdjsonLines('{"a":1}\n\n{"a":\n', 10, records), 13);
  assert.deepEqual(records, [
    { line: 10, value: { a: 1 } },
    { line: 12, syntax: { line: 12, column: 6, message: "expected a value, found end of input" } },
  ]);
});
