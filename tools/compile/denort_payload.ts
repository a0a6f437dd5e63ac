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
  return binary.subarray(0, runtimeLength);
}

/** Lower-case hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes as BufferSource));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
