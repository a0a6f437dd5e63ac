/**
 * The machine formats. `json`: one envelope per line,
 * `{"topic","partition","offset","timestamp","key","headers","value"}`, the value embedded as
 * JSON when it parses, else a string (`"value_encoding":"text"`) or base64
 * (`"value_encoding":"base64"`). `value`: the value alone, one per line, like `kcat -C`.
 * Built by string concatenation: this is the hot path of `consume | …`.
 */
import { decodeHeaders, decodeKey, type HeaderValue } from "./record.ts";
import type { DecodedValue } from "./record.ts";

/** What `--validate` adds to an envelope. */
export interface EnvelopeValidation {
  readonly valid: boolean;
  readonly errors: readonly string[];
}

export interface EnvelopeRecord {
  /** The topic already as a JSON string literal (computed once per batch). */
  readonly topicJson: string;
  readonly partition: number;
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Uint8Array | null;
  readonly headers?: Readonly<Record<string, HeaderValue>>;
  readonly value: DecodedValue;
}

const NEWLINE = /[\n\r\u2028\u2029]/;

/** The value as JSON text for the envelope, plus its encoding marker when it is not JSON. */
function valueJson(value: DecodedValue): string {
  switch (value.shape) {
    case "json":
      // Embed the producer's own text when it is a single line: no re-serialisation.
      return NEWLINE.test(value.text) ? JSON.stringify(value.json) : value.text;
    case "null":
      return "null";
    case "empty":
    case "text":
      return `${JSON.stringify(value.text)},"value_encoding":"text"`;
    case "binary":
      return `${JSON.stringify(value.text)},"value_encoding":"base64"`;
  }
}

/**
 * Short printable-ASCII bytes (keys like channel names, header values like `chat_message`) as a
 * JSON string literal without a decoder call; undefined when anything needs decoding or escaping.
 */
export function asciiJsonString(bytes: Uint8Array): string | undefined {
  if (bytes.length > 256) return undefined;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b >= 0x7f || b < 0x20 || b === 0x22 || b === 0x5c) return undefined;
  }
  return `"${String.fromCharCode.apply(null, bytes as unknown as number[])}"`;
}

function keyJson(key: Uint8Array | null): string {
  if (key !== null) {
    const fast = asciiJsonString(key);
    if (fast !== undefined) return fast;
  }
  const decoded = decodeKey(key);
  if (decoded === undefined) return "null";
  const text = JSON.stringify(decoded.text);
  return decoded.base64 ? `${text},"key_encoding":"base64"` : text;
}

function headersJson(headers: Readonly<Record<string, HeaderValue>> | undefined): string {
  if (headers === undefined) return "{}";
  let json = "";
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const fast = value instanceof Uint8Array ? asciiJsonString(value) : undefined;
    if (fast === undefined) return JSON.stringify(decodeHeaders(headers));
    json += `${json === "" ? "" : ","}${JSON.stringify(name)}:${fast}`;
  }
  return `{${json}}`;
}

/** One envelope line, newline included. */
export function envelopeLine(record: EnvelopeRecord, validation?: EnvelopeValidation): string {
  // Offsets and timestamps arrive as decimal strings: already JSON numbers.
  let line =
    `{"topic":${record.topicJson},"partition":${record.partition},"offset":${record.offset},"timestamp":${record.timestamp},"key":${
      keyJson(record.key)
    },"headers":${headersJson(record.headers)},"value":${valueJson(record.value)}`;
  if (validation !== undefined) {
    line += validation.valid
      ? `,"valid":true`
      : `,"valid":false,"errors":${JSON.stringify(validation.errors)}`;
  }
  return `${line}}\n`;
}

/** The `value` format: the value text alone (base64 when not UTF-8, empty for null). */
export function valueLine(value: DecodedValue): string {
  return value.shape === "json" && NEWLINE.test(value.text)
    ? `${JSON.stringify(value.json)}\n`
    : `${value.text}\n`;
}
