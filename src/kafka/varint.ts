/**
 * Kafka's zig-zag varints (record lengths, offsets, key and value lengths) and varlongs (timestamp
 * deltas), written straight into a buffer. Byte for byte what kafkajs' Encoder writes.
 */
import type { Buffer } from "node:buffer";

/** Bytes of an int32 zig-zag varint (kafkajs' sizeOfVarInt). */
export function varIntSize(value: number): number {
  let z = (value << 1) ^ (value >> 31);
  let bytes = 1;
  while ((z & 0xffffff80) !== 0) {
    bytes++;
    z >>>= 7;
  }
  return bytes;
}

export function writeVarInt(buf: Buffer, offset: number, value: number): number {
  let z = (value << 1) ^ (value >> 31);
  while ((z & 0xffffff80) !== 0) {
    buf[offset++] = (z & 0x7f) | 0x80;
    z >>>= 7;
  }
  buf[offset++] = z;
  return offset;
}

/** The zig-zag 64-bit value of an integer, as a bigint (for deltas beyond 2^52). */
function zigZag64(value: number): bigint {
  const v = BigInt.asIntN(64, BigInt(value));
  return BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
}

const SMALL = 2 ** 52;

export function varLongSize(value: number): number {
  if (value > -SMALL && value < SMALL) {
    let z = value >= 0 ? value * 2 : -value * 2 - 1;
    let bytes = 1;
    while (z >= 128) {
      bytes++;
      z = Math.floor(z / 128);
    }
    return bytes;
  }
  let z = zigZag64(value);
  let bytes = 1;
  while (z >= 128n) {
    bytes++;
    z >>= 7n;
  }
  return bytes;
}

export function writeVarLong(buf: Buffer, offset: number, value: number): number {
  if (value > -SMALL && value < SMALL) {
    let z = value >= 0 ? value * 2 : -value * 2 - 1;
    while (z >= 128) {
      buf[offset++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    buf[offset++] = z;
    return offset;
  }
  let z = zigZag64(value);
  while (z >= 128n) {
    buf[offset++] = Number(z & 0x7fn) | 0x80;
    z >>= 7n;
  }
  buf[offset++] = Number(z);
  return offset;
}
