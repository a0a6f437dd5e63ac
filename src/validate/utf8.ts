/**
 * JSON text is UTF-8 (RFC 8259, section 8.1). A payload with invalid bytes is not JSON, even
 * when a lenient decoder would turn them into U+FFFD and the record would then pass its schema.
 */
import type { JsonSyntaxProblem } from "./json_syntax.ts";

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

function problemAt(bytes: Uint8Array, at: number, lineStart: number, line: number, base: number) {
  const column = strict.decode(bytes.subarray(lineStart, at)).length + 1;
  const byte = bytes[at]!.toString(16).padStart(2, "0");
  return { line, column, message: `not valid UTF-8 (byte 0x${byte} at offset ${base + at})` };
}

/** Where a piece of a payload starts: its 1-based line and its byte offset in the payload. */
export interface PayloadPosition {
  readonly line: number;
  readonly offset: number;
}

/**
 * The first invalid UTF-8 sequence of every line that has one, by 1-based line number: in NDJSON
 * a bad byte spoils its own record only. `start` places `bytes` (whole lines) inside a longer
 * payload read piece by piece, so lines and offsets are the payload's.
 */
export function invalidUtf8ByLine(
  bytes: Uint8Array,
  start: PayloadPosition = { line: 1, offset: 0 },
): Map<number, JsonSyntaxProblem> {
  const problems = new Map<number, JsonSyntaxProblem>();
  let line = start.line;
  let lineStart = 0;
  for (let i = 0; i < bytes.length;) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = ++i;
      continue;
    }
    const n = sequenceLength(bytes, i);
    if (n > 0) {
      i += n;
      continue;
    }
    if (!problems.has(line)) {
      problems.set(line, problemAt(bytes, i, lineStart, line, start.offset));
    }
    i++;
  }
  return problems;
}

/** The payload as text, or where its first invalid UTF-8 byte is (line and column of the text
 * before it, so editors find it). A leading byte order mark is dropped, as JSON.parse would. */
export function decodeUtf8Payload(
  bytes: Uint8Array,
): { readonly text: string } | { readonly problem: JsonSyntaxProblem } {
  try {
    return { text: strict.decode(bytes) };
  } catch {
    const [first] = invalidUtf8ByLine(bytes).values();
    return { problem: first! };
  }
}
