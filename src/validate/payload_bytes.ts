/**
 * The records of a payload read whole, from its bytes: JSON text must be UTF-8, so bytes that are
 * not make their NDJSON record invalid, or the whole payload when it is one document.
 */
import { type ParsedPayload, type ParseOptions, parsePayload } from "./payload.ts";
import { decodeUtf8Payload, invalidUtf8ByLine } from "./utf8.ts";

const lenient = new TextDecoder();

/** parsePayload() of bytes, with each invalid UTF-8 sequence reported where it is. */
export function parsePayloadBytes(bytes: Uint8Array, options: ParseOptions = {}): ParsedPayload {
  const decoded = decodeUtf8Payload(bytes);
  if ("text" in decoded) return parsePayload(decoded.text, options);
  const parsed = parsePayload(lenient.decode(bytes), options);
  if (parsed.kind !== "ndjson") return { kind: "document", records: [{ syntax: decoded.problem }] };
  const bad = invalidUtf8ByLine(bytes);
  return {
    kind: "ndjson",
    records: parsed.records.map((record) => {
      const problem = record.line === undefined ? undefined : bad.get(record.line);
      return problem === undefined ? record : { line: record.line!, syntax: problem };
    }),
  };
}
