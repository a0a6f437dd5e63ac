/**
 * A binary made by `deno compile` (Deno ≤ 2.8) is the `denort` runtime followed by a payload
 * (starting with `d3n0l4nd`) and a 16-byte trailer: u32 LE 0x501e, u32 LE 0x2a7, u64 LE payload
 * length + 16. Cutting the payload off gives the runtime back byte for byte.
 */

const TRAILER_LENGTH = 16;
const TRAILER_MAGIC = [0x501e, 0x2a7] as const;
const PAYLOAD_MAGIC = new TextEncoder().encode("d3n0l4nd");

/** The runtime a compiled Deno binary was made from; throws if `binary` is not one. */
export function stripCompiledPayload(binary: Uint8Array): Uint8Array {
  return binary.subarray(0, payloadStart(binary));
}

/**
 * The metadata `deno compile` stored in a binary (permissions, V8 flags, code cache key...):
 * the payload's first section, a u64 LE length and that much JSON. Deno 2.7 layout.
 */
export function readCompiledMetadata(binary: Uint8Array): Record<string, unknown> {
  const start = payloadStart(binary) + PAYLOAD_MAGIC.length;
  const length = new DataView(binary.buffer, binary.byteOffset + start, 8).getBigUint64(0, true);
  const end = start + 8 + Number(length);
  if (end > binary.length - TRAILER_LENGTH) {
    throw new RangeError("compiled Deno metadata length is out of range");
  }
  return JSON.parse(new TextDecoder().decode(binary.subarray(start + 8, end)));
}

function payloadStart(binary: Uint8Array): number {
  if (binary.length < TRAILER_LENGTH + PAYLOAD_MAGIC.length) {
    throw new RangeError("file is too small to be a compiled Deno binary");
  }
  const trailer = new DataView(
    binary.buffer,
    binary.byteOffset + binary.length - TRAILER_LENGTH,
    TRAILER_LENGTH,
  );
  if (
    trailer.getUint32(0, true) !== TRAILER_MAGIC[0] ||
    trailer.getUint32(4, true) !== TRAILER_MAGIC[1]
  ) {
    throw new RangeError("file has no compiled Deno payload trailer");
  }
  const payloadAndTrailer = trailer.getBigUint64(8, true);
  if (payloadAndTrailer > BigInt(binary.length) || payloadAndTrailer < BigInt(TRAILER_LENGTH)) {
    throw new RangeError("compiled Deno payload length is out of range");
  }
  const runtimeLength = binary.length - Number(payloadAndTrailer);
  const magic = binary.subarray(runtimeLength, runtimeLength + PAYLOAD_MAGIC.length);
  if (!PAYLOAD_MAGIC.every((byte, i) => magic[i] === byte)) {
    throw new RangeError("compiled Deno payload does not start with d3n0l4nd");
  }
  return runtimeLength;
}

/** Lower-case hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
