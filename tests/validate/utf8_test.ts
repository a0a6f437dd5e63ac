import assert from "node:assert/strict";
import { decodeUtf8Payload, firstInvalidUtf8, invalidUtf8ByLine } from "../../src/validate/utf8.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (text: string) => new TextEncoder().encode(text);

Deno.test("firstInvalidUtf8() finds the first byte a strict decoder rejects", () => {
  assert.equal(firstInvalidUtf8(utf8('{"a":"héllo 🎮"}')), -1);
  assert.equal(firstInvalidUtf8(bytes(0x41, 0xff, 0x41)), 1); // never valid
  assert.equal(firstInvalidUtf8(bytes(0x41, 0xc3, 0x28)), 1); // lead without continuation
  assert.equal(firstInvalidUtf8(bytes(0xc0, 0xaf)), 0); // overlong "/"
  assert.equal(firstInvalidUtf8(bytes(0xe0, 0x80, 0xaf)), 0); // overlong, three bytes
  assert.equal(firstInvalidUtf8(bytes(0x41, 0xed, 0xa0, 0x80)), 1); // a UTF-16 surrogate
  assert.equal(firstInvalidUtf8(bytes(0xf4, 0x90, 0x80, 0x80)), 0); // above U+10FFFF
  assert.equal(firstInvalidUtf8(bytes(0x41, 0x42, 0xe2, 0x82)), 2); // cut short at the end
});

Deno.test("decodeUtf8Payload() returns the text, or the line and column of the bad byte", () => {
  assert.deepEqual(decodeUtf8Payload(utf8('{"a":1}')), { text: '{"a":1}' });
  assert.deepEqual(decodeUtf8Payload(bytes(0xef, 0xbb, 0xbf, 0x31)), { text: "1" });
  assert.deepEqual(decodeUtf8Payload(new Uint8Array([...utf8('{"a":1}\n{"é":"'), 0xff, 0x22])), {
    problem: { line: 2, column: 7, message: "not valid UTF-8 (byte 0xff at offset 15)" },
  });
});

Deno.test("invalidUtf8ByLine() gives the first bad byte of each line that has one", () => {
  const payload = new Uint8Array([
    ...utf8('{"a":1}\n"'),
    0xff,
    0xfe,
    ...utf8('"\n{"b":2}\n"x'),
    0xc0,
    0xaf,
    0x22,
  ]);
  assert.deepEqual(
    [...invalidUtf8ByLine(payload)],
    [
      [2, { line: 2, column: 2, message: "not valid UTF-8 (byte 0xff at offset 9)" }],
      [4, { line: 4, column: 3, message: "not valid UTF-8 (byte 0xc0 at offset 23)" }],
    ],
  );
});

Deno.test("invalidUtf8ByLine() numbers lines and offsets from where a piece of a payload starts", () => {
  const piece = new Uint8Array([...utf8('{"a":1}\n"é'), 0xff, 0x22, 0x0a]);
  assert.deepEqual([...invalidUtf8ByLine(piece, { line: 41, offset: 1000 })], [
    [42, { line: 42, column: 3, message: "not valid UTF-8 (byte 0xff at offset 1011)" }],
  ]);
});
