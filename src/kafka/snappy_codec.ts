/**
 * Snappy for kafkajs, on the pure-JS `snappyjs` (no native module, so it survives
 * `deno compile`). Output uses the xerial block framing the Java client writes (what Kafka's own
 * tools and librdkafka expect); input may be framed or raw snappy, as other producers send both.
 */
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import { Buffer } from "node:buffer";
import { CompressionCodecs, CompressionTypes } from "kafkajs";
import { compress, uncompress } from "snappyjs";

/** `\x82SNAPPY\0`, then version 1 and minimum compatible version 1 (big-endian int32). */
const XERIAL_MAGIC = [0x82, 0x53, 0x4e, 0x41, 0x50, 0x50, 0x59, 0x00];
const XERIAL_HEADER_LENGTH = 16;
/** snappy-java's default block size: each block is compressed on its own. */
const XERIAL_BLOCK_SIZE = 32 * 1024;

function hasXerialHeader(data: Uint8Array): boolean {
  return data.length >= XERIAL_HEADER_LENGTH && XERIAL_MAGIC.every((b, i) => data[i] === b);
}

/** Compresses `data` into xerial-framed snappy. */
export function snappyCompress(data: Uint8Array): Buffer {
  const header = Buffer.alloc(XERIAL_HEADER_LENGTH);
  header.set(XERIAL_MAGIC, 0);
  header.writeInt32BE(1, 8);
  header.writeInt32BE(1, 12);
  const parts: Buffer[] = [header];
  const input = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let offset = 0; offset < input.length; offset += XERIAL_BLOCK_SIZE) {
    const block = compress(input.subarray(offset, offset + XERIAL_BLOCK_SIZE)) as Buffer;
    const length = Buffer.alloc(4);
    length.writeInt32BE(block.length, 0);
    parts.push(length, block);
  }
  return Buffer.concat(parts);
}

/** Decompresses xerial-framed or raw snappy. Throws on a corrupt stream. */
export function snappyDecompress(data: Uint8Array): Buffer {
  const input = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (!hasXerialHeader(input)) return uncompress(input) as Buffer;
  const parts: Buffer[] = [];
  let offset = XERIAL_HEADER_LENGTH;
  while (offset < input.length) {
    if (offset + 4 > input.length) throw new Error("Truncated snappy block header");
    const length = input.readInt32BE(offset);
    offset += 4;
    if (length < 0 || offset + length > input.length) throw new Error("Truncated snappy block");
    parts.push(uncompress(input.subarray(offset, offset + length)) as Buffer);
    offset += length;
  }
  return Buffer.concat(parts);
}

/** The codec object in the shape kafkajs calls: `compress(encoder)`, `decompress(buffer)`. */
export const snappyCodec = {
  compress(encoder: { buffer: Buffer }): Promise<Buffer> {
    return new Promise((resolve) => resolve(snappyCompress(encoder.buffer)));
  },
  decompress(buffer: Buffer): Promise<Buffer> {
    return new Promise((resolve) => resolve(snappyDecompress(buffer)));
  },
};

/** Makes kafkajs produce and read snappy batches. Idempotent. */
export function registerSnappyCodec(): void {
  CompressionCodecs[CompressionTypes.Snappy] = () => snappyCodec;
}
