/**
 * A payload read as a stream of byte chunks (a file, standard input), with memory bounded
 * whatever its size: NDJSON is split and parsed line by line as the chunks arrive; one JSON
 * document (or array) is loaded whole, up to a limit. The format is told from the first chunks.
 * Pure: the chunks come from the caller.
 */
import { ndjsonSplitter, RecordTooLarge } from "./ndjson_splitter.ts";
import {
  detectPayloadFormat,
  detectPayloadFormatEarly,
  type ParsedPayload,
  type PayloadFormat,
  type PayloadRecord,
} from "./payload.ts";
import { parsePayloadBytes } from "./payload_bytes.ts";

export { RecordTooLarge };

/**
 * The largest JSON text loaded at once: a whole document, or one NDJSON line. A document is held
 * as bytes, as text and as parsed values together: under the binary's 112 MB heap cap, compact
 * arrays of chat events of 32 MiB still validated and 40 MiB ran out of heap; 16 MiB keeps half
 * that margin and peaks near 185 MB resident (docs/performance.md).
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** How much is read at a time: of 64 KiB to 4 MiB, as fast, and the least resident memory. */
export const CHUNK_SIZE = 64 * 1024;

export interface StreamOptions {
  readonly format?: PayloadFormat;
  /** Validate a top-level array element by element (false when the schema describes arrays). */
  readonly splitArrays?: boolean;
  /** See MAX_RECORD_BYTES; beyond it, RecordTooLarge is thrown. */
  readonly maxRecordBytes?: number;
  /** Chunks are cut to at most this many bytes before anything else (tests force tiny ones). */
  readonly chunkSize?: number;
}

export interface StreamedPayload {
  readonly kind: ParsedPayload["kind"];
  /** The records in order, a batch at a time (NDJSON: the lines one chunk completed). */
  readonly batches: AsyncIterable<readonly PayloadRecord[]>;
}

async function* cut(chunks: AsyncIterable<Uint8Array>, size: number) {
  for await (const chunk of chunks) {
    for (let at = 0; at < chunk.length; at += size) yield chunk.subarray(at, at + size);
  }
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const lenient = new TextDecoder();

/** The beginning of a payload as text, as parsePayload sees it (byte-order marks dropped). */
function prefixText(head: readonly Uint8Array[]): string {
  const text = lenient.decode(concat(head));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Reads chunks until the format is known: `format` unless `auto`, else from the first two
 * non-blank lines (or the whole payload when it has fewer). Returns the chunks read.
 */
async function detect(
  input: AsyncIterator<Uint8Array>,
  maxRecordBytes: number,
): Promise<{ format: "json" | "ndjson"; head: Uint8Array[]; done: boolean }> {
  const head: Uint8Array[] = [];
  let bytes = 0;
  for (;;) {
    const next = await input.next();
    if (next.done) {
      // All of it is here: concatenated once, for the detection and for the document.
      const whole = concat(head);
      return { format: detectPayloadFormat(prefixText([whole])), head: [whole], done: true };
    }
    head.push(next.value.slice());
    bytes += next.value.length;
    if (next.value.includes(0x0a)) {
      const format = detectPayloadFormatEarly(prefixText(head));
      if (format !== undefined) return { format, head, done: false };
    }
    // Still undecided: one line so far, which can only be loaded whole.
    if (bytes > maxRecordBytes) throw new RecordTooLarge(maxRecordBytes);
  }
}

async function* ndjsonBatches(
  head: readonly Uint8Array[],
  input: AsyncIterator<Uint8Array>,
  maxLineBytes: number,
): AsyncGenerator<readonly PayloadRecord[]> {
  const splitter = ndjsonSplitter({ maxLineBytes });
  for (const chunk of head) yield splitter.push(chunk);
  for (let next = await input.next(); !next.done; next = await input.next()) {
    yield splitter.push(next.value);
  }
  yield splitter.end();
}

async function* once<T>(value: T): AsyncGenerator<T> {
  yield value;
}

/**
 * The kind and records of a streamed payload, the same as parsePayloadBytes() of all its bytes.
 * A chunk is used before the next is asked for, so a reader may refill one buffer.
 * A document (or an NDJSON line) longer than `maxRecordBytes` throws RecordTooLarge: from this
 * call for a document, while iterating the batches for a line.
 */
export async function streamPayload(
  chunks: AsyncIterable<Uint8Array>,
  options: StreamOptions = {},
): Promise<StreamedPayload> {
  const maxRecordBytes = options.maxRecordBytes ?? MAX_RECORD_BYTES;
  const input = cut(chunks, options.chunkSize ?? CHUNK_SIZE)[Symbol.asyncIterator]();
  const requested = options.format ?? "auto";
  const { format, head, done } = requested === "auto"
    ? await detect(input, maxRecordBytes)
    : { format: requested, head: [], done: false };
  if (format === "ndjson") {
    return { kind: "ndjson", batches: ndjsonBatches(head, input, maxRecordBytes) };
  }
  let bytes = head.reduce((n, chunk) => n + chunk.length, 0);
  if (!done) {
    for (let next = await input.next(); !next.done; next = await input.next()) {
      bytes += next.value.length;
      if (bytes > maxRecordBytes) throw new RecordTooLarge(maxRecordBytes);
      head.push(next.value.slice());
    }
  }
  const whole = concat(head.splice(0));
  const parsed = parsePayloadBytes(whole, { format: "json", splitArrays: options.splitArrays });
  return { kind: parsed.kind, batches: once(parsed.records) };
}
