import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { compress } from "snappyjs";
import { snappyCodec, snappyCompress, snappyDecompress } from "../../src/kafka/snappy_codec.ts";

const text = (n: number) =>
  Buffer.from(Array.from({ length: n }, (_, i) => `{"id":${i},"channel":"demo"}`).join("\n"));

Deno.test("snappyCompress() writes the xerial header the Java client writes", () => {
  const out = snappyCompress(Buffer.from("hello hello hello"));
  assert.deepEqual(
    [...out.subarray(0, 16)],
    [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1],
  );
});

Deno.test("snappyCompress() cuts input into 32 KiB blocks, each length-prefixed", () => {
  const input = text(4000); // about 110 KB: four blocks
  const out = snappyCompress(input);
  let offset = 16;
  let blocks = 0;
  while (offset < out.length) {
    offset += 4 + out.readInt32BE(offset);
    blocks++;
  }
  assert.equal(offset, out.length);
  assert.equal(blocks, Math.ceil(input.length / 32768));
  assert.ok(out.length < input.length / 2, `${out.length} of ${input.length}`);
});

Deno.test("snappyDecompress() restores framed output and reads raw snappy too", () => {
  const input = text(4000);
  assert.deepEqual(snappyDecompress(snappyCompress(input)), input);
  assert.deepEqual(snappyDecompress(compress(Buffer.from(input)) as Buffer), input);
  assert.deepEqual(snappyDecompress(snappyCompress(Buffer.alloc(0))), Buffer.alloc(0));
});

Deno.test("snappyDecompress() rejects a truncated frame", () => {
  const framed = snappyCompress(text(100));
  assert.throws(() => snappyDecompress(framed.subarray(0, framed.length - 3)), {
    message: "Truncated snappy block",
  });
});

Deno.test("snappyCodec turns codec failures into rejections, as kafkajs awaits them", async () => {
  await assert.rejects(
    snappyCodec.decompress(
      Buffer.from([0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0]),
    ),
    {
      message: "Truncated snappy block header",
    },
  );
});
