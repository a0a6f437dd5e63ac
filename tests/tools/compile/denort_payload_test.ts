import assert from "node:assert/strict";
import {
  readCompiledMetadata,
  sha256Hex,
  stripCompiledPayload,
} from "../../../tools/compile/denort_payload.ts";

function compiled(runtime: Uint8Array, payloadBody: Uint8Array): Uint8Array {
  const magic = new TextEncoder().encode("d3n0l4nd");
  const payloadLength = magic.length + payloadBody.length;
  const out = new Uint8Array(runtime.length + payloadLength + 16);
  out.set(runtime, 0);
  out.set(magic, runtime.length);
  out.set(payloadBody, runtime.length + magic.length);
  const trailer = new DataView(out.buffer, out.length - 16);
  trailer.setUint32(0, 0x501e, true);
  trailer.setUint32(4, 0x2a7, true);
  trailer.setBigUint64(8, BigInt(payloadLength + 16), true);
  return out;
}

Deno.test("stripCompiledPayload() returns the runtime bytes unchanged", () => {
  const runtime = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
  const binary = compiled(runtime, new TextEncoder().encode("the app's eszip and vfs"));
  assert.deepEqual(stripCompiledPayload(binary), runtime);
});

Deno.test("stripCompiledPayload() refuses a file without the trailer magic", () => {
  const binary = compiled(new Uint8Array(100), new Uint8Array(10));
  binary[binary.length - 16] = 0;
  assert.throws(() => stripCompiledPayload(binary), {
    message: "file has no compiled Deno payload trailer",
  });
});

Deno.test("stripCompiledPayload() refuses a length that does not point at d3n0l4nd", () => {
  const binary = compiled(new Uint8Array(100), new Uint8Array(10));
  new DataView(binary.buffer, binary.length - 8).setBigUint64(0, 30n, true);
  assert.throws(() => stripCompiledPayload(binary), {
    message: "compiled Deno payload does not start with d3n0l4nd",
  });
  new DataView(binary.buffer, binary.length - 8).setBigUint64(0, 10_000n, true);
  assert.throws(() => stripCompiledPayload(binary), {
    message: "compiled Deno payload length is out of range",
  });
});

Deno.test("stripCompiledPayload() refuses a file too small to hold a trailer", () => {
  assert.throws(() => stripCompiledPayload(new Uint8Array(10)), {
    message: "file is too small to be a compiled Deno binary",
  });
});

Deno.test("sha256Hex() gives the lower-case hex digest", async () => {
  assert.equal(
    await sha256Hex(new TextEncoder().encode("abc")),
    "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
  );
});

Deno.test("readCompiledMetadata() parses the JSON section at the payload's start", () => {
  const json = new TextEncoder().encode('{"permissions":{"allow_write":null},"seed":null}');
  const body = new Uint8Array(8 + json.length + 5);
  new DataView(body.buffer).setBigUint64(0, BigInt(json.length), true);
  body.set(json, 8);
  const binary = compiled(new Uint8Array(64), body);
  assert.deepEqual(readCompiledMetadata(binary), {
    permissions: { allow_write: null },
    seed: null,
  });
});
