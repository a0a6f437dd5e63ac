/**
 * CRC-32C (Castagnoli), the checksum of Kafka's record batches, eight bytes per step
 * ("slicing-by-8"): about four times the speed of the byte-at-a-time table kafkajs uses.
 */

const POLYNOMIAL = 0x82f63b78;

/** TABLES[k][b]: the CRC of byte b followed by k zero bytes. */
const TABLES: readonly Int32Array[] = (() => {
  const tables = Array.from({ length: 8 }, () => new Int32Array(256));
  for (let b = 0; b < 256; b++) {
    let crc = b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
    tables[0]![b] = crc;
  }
  for (let b = 0; b < 256; b++) {
    for (let k = 1; k < 8; k++) {
      const previous = tables[k - 1]![b]!;
      tables[k]![b] = (previous >>> 8) ^ tables[0]![previous & 0xff]!;
    }
  }
  return tables;
})();

/** The CRC-32C of `bytes`, unsigned. */
export function crc32c(bytes: Uint8Array): number {
  const [t0, t1, t2, t3, t4, t5, t6, t7] = TABLES as [
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
    Int32Array,
  ];
  let crc = -1;
  let i = 0;
  const n = bytes.length;
  for (const end = n - (n % 8); i < end; i += 8) {
    const lo = crc ^ (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) |
      (bytes[i + 3]! << 24));
    crc = t7[lo & 0xff]! ^ t6[(lo >>> 8) & 0xff]! ^ t5[(lo >>> 16) & 0xff]! ^ t4[lo >>> 24]! ^
      t3[bytes[i + 4]!]! ^ t2[bytes[i + 5]!]! ^ t1[bytes[i + 6]!]! ^ t0[bytes[i + 7]!]!;
  }
  for (; i < n; i++) crc = t0[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}
