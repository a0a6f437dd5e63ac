/**
 * JSON text is UTF-8 (RFC 8259, section 8.1). A payload with invalid bytes is not JSON, even
 * when a lenient decoder would turn them into U+FFFD and the record would then pass its schema.
 */
import { type JsonSyntaxProblem, lineAndColumn } from "./json_syntax.ts";

const strict = new TextDecoder("utf-8", { fatal: true });

/** Length of the valid UTF-8 sequence starting at `i`, or 0 when it is invalid. */
function sequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i]!;
  if (b0 < 0x80) return 1;
  const cont = (k: number) => i + k < bytes.length && (bytes[i + k]! & 0xc0) === 0x80;
  const b1 = bytes[i + 1] ?? 0;
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0;
  if (b0 >= 0xe0 && b0 <= 0xef) {
    // No overlong forms (E0 80..9F) and no UTF-16 surrogates (ED A0..BF).
    if ((b0 === 0xe0 && b1 < 0xa0) || (b0 === 0xed && b1 > 0x9f)) return 0;
    return cont(1) && cont(2) ? 3 : 0;
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    // No overlong forms (F0 80..8F) and nothing above U+10FFFF (F4 90..).
    if ((b0 === 0xf0 && b1 < 0x90) || (b0 === 0xf4 && b1 > 0x8f)) return 0;
    return cont(1) && cont(2) && cont(3) ? 4 : 0;
  }
  return 0;
}

/** Byte offset of the first invalid UTF-8 sequence, or -1 when all of `bytes` is valid. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/** The payload as text, or where its first invalid UTF-8 byte is (line and column of the text
 * before it, so editors find it). A leading byte order mark is dropped, as JSON.parse would. */
export function decodeUtf8Payload(
  bytes: Uint8Array,
): { readonly text: string } | { readonly problem: JsonSyntaxProblem } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = strict.decode(bytes.subarray(0, Math.max(0, offset)));
    const { line, column } = lineAndColumn(before, before.length);
    const byte = bytes[offset]!.toString(16).padStart(2, "0");
    return {
      problem: { line, column, message: `not valid UTF-8 (byte 0x${byte} at offset ${offset})` },
    };
  }
}
