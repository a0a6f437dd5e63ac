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

function keyJson(key: Uint8Array | null): string {
  const decoded = decodeKey(key);
  if (decoded === undefined) return "null";
  const text = JSON.stringify(decoded.text);
  return decoded.base64 ? `${text},"key_encoding":"base64"` : text;
}

function headersJson(headers: Readonly<Record<string, HeaderValue>> | undefined): string {
  if (headers === undefined) return "{}";
  for (const _ in headers) return JSON.stringify(decodeHeaders(headers));
  return "{}";
}

/** One envelope line, newline included. */
export function envelopeLine(record: EnvelopeRecord, validation?: EnvelopeValidation): string {
  let line = `{"topic":${record.topicJson},"partition":${record.partition},"offset":${
    Number(record.offset)
  },"timestamp":${Number(record.timestamp)},"key":${keyJson(record.key)},"headers":${
    headersJson(record.headers)
  },"value":${valueJson(record.value)}`;
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
