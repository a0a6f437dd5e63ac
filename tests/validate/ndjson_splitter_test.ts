import assert from "node:assert/strict";
import { ndjsonSplitter, RecordTooLarge } from "../../src/validate/ndjson_splitter.ts";
import type { PayloadRecord } from "../../src/validate/payload.ts";
import { parsePayloadBytes } from "../../src/validate/payload_bytes.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);
const join = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => typeof p === "string" ? [...utf8(p)] : p));

/** All records of `bytes` pushed `size` bytes at a time. */
function split(bytes: Uint8Array, size: number, maxLineBytes = 1 << 20): PayloadRecord[] {
  const splitter = ndjsonSplitter({ maxLineBytes });
  const records: PayloadRecord[] = [];
  for (let at = 0; at < bytes.length; at += size) {
    records.push(...splitter.push(bytes.subarray(at, at + size)));
  }
  records.push(...splitter.end());
  return records;
}

/** Every chunk size from 1 byte to the whole payload. */
function assertSameAtEveryChunkSize(bytes: Uint8Array, expected: readonly PayloadRecord[]) {
  for (let size = 1; size <= bytes.length; size++) {
    assert.deepEqual(split(bytes, size), expected, `chunks of ${size} bytes`);
  }
}

Deno.test("ndjsonSplitter() reads records cut anywhere by chunk boundaries", () => {
  const bytes = utf8('{"a":1}\r\n\n  \n{"a":"é🎮"}\n{"a":2,}\n[3]');
  const expected = [
    { line: 1, value: { a: 1 } },
    { line: 4, value: { a: "é🎮" } },
    {
      line: 5,
      syntax: {
        line: 5,
        column: 8,
        message: "expected a property name in double quotes, found '}'",
      },
    },
    { line: 6, value: [3] },
  ];
  assertSameAtEveryChunkSize(bytes, expected);
  assert.deepEqual(parsePayloadBytes(bytes).records, expected);
});

Deno.test("ndjsonSplitter() spoils only the line with invalid UTF-8, at its payload offset", () => {
  const bytes = join(
    '{"a":1}\n{"é":"',
    [0xff, 0xfe],
    '"}\n{"a":"🎮',
    [0xe2, 0x82],
    '"}\n{"a":2}\n',
  );
  const expected = [
    { line: 1, value: { a: 1 } },
    {
      line: 2,
      syntax: { line: 2, column: 7, message: "not valid UTF-8 (byte 0xff at offset 15)" },
    },
    {
      line: 3,
      syntax: { line: 3, column: 9, message: "not valid UTF-8 (byte 0xe2 at offset 30)" },
    },
    { line: 4, value: { a: 2 } },
  ];
  assertSameAtEveryChunkSize(bytes, expected);
  assert.deepEqual(parsePayloadBytes(bytes).records, expected);
});

Deno.test("ndjsonSplitter() ignores a leading byte-order mark but not U+FEFF on a later line", () => {
  const bytes = join([0xef, 0xbb, 0xbf], '{"a":1}\n', [0xef, 0xbb, 0xbf], '{"a":2}\n');
  const expected = [
    { line: 1, value: { a: 1 } },
    { line: 2, syntax: { line: 2, column: 1, message: "expected a value, found '\ufeff'" } },
  ];
  assertSameAtEveryChunkSize(bytes, expected);
  assert.deepEqual(parsePayloadBytes(bytes, { format: "ndjson" }).records, expected);
});

Deno.test("ndjsonSplitter() throws RecordTooLarge for a line longer than the limit", () => {
  const bytes = utf8(`{"a":1}\n{"a":"${"x".repeat(100)}"}\n`);
  assert.throws(() => split(bytes, 16, 64), (error: unknown) => {
    assert.ok(error instanceof RecordTooLarge);
    assert.equal(error.line, 2);
    assert.equal(error.limit, 64);
    return true;
  });
  assert.equal(split(bytes, 16, 128).length, 2);
});
