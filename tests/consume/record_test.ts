import assert from "node:assert/strict";
import {
  base64,
  decodeHeaders,
  decodeKey,
  decodeValue,
  headerText,
} from "../../src/consume/record.ts";

const bytes = (s: string) => new TextEncoder().encode(s);

Deno.test("decodeValue() tells JSON, text, binary, empty and null apart", () => {
  assert.deepEqual(decodeValue(bytes('{"a":1}')), {
    shape: "json",
    text: '{"a":1}',
    json: { a: 1 },
    bytes: 7,
  });
  assert.deepEqual(decodeValue(bytes("hello")), { shape: "text", text: "hello", bytes: 5 });
  assert.deepEqual(decodeValue(bytes("{broken")), { shape: "text", text: "{broken", bytes: 7 });
  assert.deepEqual(decodeValue(new Uint8Array([0xc3, 0x28])), {
    shape: "binary",
    text: "wyg=",
    bytes: 2,
  });
  assert.deepEqual(decodeValue(new Uint8Array(0)), { shape: "empty", text: "", bytes: 0 });
  assert.deepEqual(decodeValue(null), { shape: "null", text: "", bytes: 0 });
  assert.equal(decodeValue(bytes("42")).json, 42);
  assert.equal(decodeValue(bytes(' "s"')).json, "s");
});

Deno.test("decodeValue() copes with a 10 MB value and deeply nested JSON without throwing", () => {
  const huge = new Uint8Array(10 * 1024 * 1024).fill(0x61);
  const decoded = decodeValue(huge);
  assert.equal(decoded.shape, "text");
  assert.equal(decoded.bytes, 10 * 1024 * 1024);
  const deep = "[".repeat(100_000) + "]".repeat(100_000);
  assert.equal(decodeValue(bytes(deep)).bytes, 200_000);
});

Deno.test("decodeKey() gives UTF-8 text, or base64 for other bytes", () => {
  assert.deepEqual(decodeKey(bytes("demo_stream")), { text: "demo_stream", base64: false });
  assert.deepEqual(decodeKey(new Uint8Array([0xff])), { text: "/w==", base64: true });
  assert.equal(decodeKey(null), undefined);
});

Deno.test("decodeHeaders() turns buffers into strings and keeps repeated headers as arrays", () => {
  assert.deepEqual(
    decodeHeaders({
      event_type: bytes("chat_message"),
      trace: ["a", bytes("b")],
      plain: "x",
      gone: undefined,
    }),
    { event_type: "chat_message", trace: ["a", "b"], plain: "x" },
  );
  assert.equal(
    headerText({ event_type: [bytes("viewer_count"), "x"] }, "event_type"),
    "viewer_count",
  );
  assert.equal(headerText(undefined, "event_type"), undefined);
});

Deno.test("base64() encodes values larger than one chunk", () => {
  const data = new Uint8Array(100_000).map((_, i) => i % 256);
  assert.equal(atob(base64(data)).length, 100_000);
  assert.equal(base64(bytes("Man")), "TWFu");
});
