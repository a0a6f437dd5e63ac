/**
 * NDJSON read piece by piece: bytes go in as they arrive, in chunks cut anywhere, and the records
 * of every line completed so far come out, numbered as in the whole payload. Memory holds one
 * unfinished line, never the payload. Pure: no I/O.
 *
 * A newline byte (0x0a) is never part of a multi-byte UTF-8 sequence, so the complete lines of a
 * chunk can be decoded on their own: one strict decode per chunk in the common case, and only
 * when it fails the per-line search for the bytes that are not UTF-8.
 */
import type { JsonSyntaxProblem } from "./json_syntax.ts";
import { parseNdjsonLines, type PayloadRecord } from "./payload.ts";
import { invalidUtf8ByLine } from "./utf8.ts";

/** A JSON text (a document, or one NDJSON line) too large to be loaded at once. */
export class RecordTooLarge extends RangeError {
  /** 1-based line for an NDJSON record; undefined for a whole document. */
  readonly line?: number;
  readonly limit: number;
  constructor(limit: number, line?: number) {
    super(
      line === undefined
        ? `JSON document longer than ${limit} bytes`
        : `line ${line} longer than ${limit} bytes`,
    );
    this.name = "RecordTooLarge";
    this.limit = limit;
    this.line = line;
  }
}

export interface NdjsonSplitter {
  /** The records of the lines that `chunk` completes (the splitter keeps what it needs). */
  push(chunk: Uint8Array): PayloadRecord[];
  /** The record of the last line when the payload does not end with a newline. */
  end(): PayloadRecord[];
}

const FIRST = {
  strict: new TextDecoder("utf-8", { fatal: true }),
  lenient: new TextDecoder("utf-8"),
};
const LATER = {
  strict: new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }),
  lenient: new TextDecoder("utf-8", { ignoreBOM: true }),
};

/** A record whose line holds bytes that are not UTF-8 is that problem, whatever it parsed to. */
function withUtf8Problems(
  records: readonly PayloadRecord[],
  bad: ReadonlyMap<number, JsonSyntaxProblem>,
): PayloadRecord[] {
  return records.map((record) => {
    const problem = bad.get(record.line!);
    return problem === undefined ? record : { line: record.line!, syntax: problem };
  });
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/**
 * A splitter for one payload. A line that grows beyond `maxLineBytes` before its newline throws
 * RecordTooLarge. Like JSON.parse after a strict decode, a leading byte-order mark is ignored.
 */
export function ndjsonSplitter(options: { readonly maxLineBytes: number }): NdjsonSplitter {
  const { maxLineBytes } = options;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let line = 1;
  let offset = 0;
  let first = true;

  /** The records of `block`, whole lines that start at `line` and byte `offset`. */
  const parseBlock = (block: Uint8Array): PayloadRecord[] => {
    // The payload's first block drops a byte-order mark as a whole-payload decode would; later
    // blocks keep U+FEFF, which makes its line malformed as before.
    const decoders = first ? FIRST : LATER;
    let text: string;
    let bad: Map<number, JsonSyntaxProblem> | undefined;
    try {
      text = decoders.strict.decode(block);
    } catch {
      bad = invalidUtf8ByLine(block, { line, offset });
      text = decoders.lenient.decode(block);
    }
    if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    first = false;
    const records: PayloadRecord[] = [];
    line = parseNdjsonLines(text, line, records);
    offset += block.length;
    return bad === undefined ? records : withUtf8Problems(records, bad);
  };

  const keep = (bytes: Uint8Array) => {
    if (bytes.length === 0) return;
    pending.push(bytes.slice());
    pendingBytes += bytes.length;
    if (pendingBytes > maxLineBytes) throw new RecordTooLarge(maxLineBytes, line);
  };

  return {
    push(chunk) {
      const cut = chunk.lastIndexOf(0x0a);
      if (cut === -1) {
        keep(chunk);
        return [];
      }
      const head = chunk.subarray(0, cut + 1);
      const block = pendingBytes === 0
        ? head
        : concat([...pending, head], pendingBytes + head.length);
      pending = [];
      pendingBytes = 0;
      keep(chunk.subarray(cut + 1));
      return parseBlock(block);
    },
    end() {
      if (pendingBytes === 0) return [];
      const block = concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
      return parseBlock(block);
    },
  };
}
