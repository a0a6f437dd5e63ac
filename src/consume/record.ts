/**
 * A Kafka record as `consume` sees it, and its decoding: bytes → UTF-8 text → JSON, each step
 * allowed to fail. Records come from any producer, so nothing here may throw on their content.
 * The record and batch shapes are the consumer's (src/kafka/consumer_types.ts).
 */

import type { HeaderValue } from "../kafka/consumer_types.ts";

export type { ConsumedRecord, HeaderValue, RecordBatch } from "../kafka/consumer_types.ts";

/** What the value turned out to be. */
export type ValueShape =
  | "json" // parsed as JSON
  | "text" // valid UTF-8, not JSON
  | "binary" // not valid UTF-8
  | "empty" // zero bytes
  | "null"; // no value at all (a tombstone)

export interface DecodedValue {
  readonly shape: ValueShape;
  /** The value as text: UTF-8 for json/text, base64 for binary, "" for empty/null. */
  readonly text: string;
  /** The parsed value when shape is "json". */
  readonly json?: unknown;
  /** Size of the value in bytes (0 for null). */
  readonly bytes: number;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const lenientUtf8 = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true });

/** The bytes as UTF-8 text, or undefined when they are not valid UTF-8. */
export function utf8Text(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** The bytes as UTF-8 text with U+FFFD for invalid sequences (for display only). */
export function lenientText(bytes: Uint8Array): string {
  return lenientUtf8.decode(bytes);
}

/** Standard base64 of the bytes. */
export function base64(bytes: Uint8Array): string {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

/** Decodes a record value without ever throwing. */
export function decodeValue(value: Uint8Array | null): DecodedValue {
  if (value === null) return { shape: "null", text: "", bytes: 0 };
  if (value.length === 0) return { shape: "empty", text: "", bytes: 0 };
  const text = utf8Text(value);
  if (text === undefined) return { shape: "binary", text: base64(value), bytes: value.length };
  const json = parseJson(text);
  if (json === NOT_JSON) return { shape: "text", text, bytes: value.length };
  return { shape: "json", text, json, bytes: value.length };
}

const NOT_JSON: unique symbol = Symbol("not JSON");

function parseJson(text: string): unknown {
  // Cheap pre-check: JSON text starts with one of these after optional whitespace.
  const first = text.trimStart().charCodeAt(0);
  const plausible = first === 0x7b /* { */ || first === 0x5b /* [ */ || first === 0x22 /* " */ ||
    first === 0x2d /* - */ || (first >= 0x30 && first <= 0x39) || first === 0x74 /* t */ ||
    first === 0x66 /* f */ || first === 0x6e; /* n */
  if (!plausible) return NOT_JSON;
  try {
    return JSON.parse(text);
  } catch {
    return NOT_JSON;
  }
}

/** The key as text: UTF-8, or base64 when it is not valid UTF-8; undefined when absent. */
export function decodeKey(key: Uint8Array | null): { text: string; base64: boolean } | undefined {
  if (key === null) return undefined;
  const text = utf8Text(key);
  return text === undefined ? { text: base64(key), base64: true } : { text, base64: false };
}

/** Headers as strings (UTF-8, invalid bytes replaced); repeated names become arrays. */
export function decodeHeaders(
  headers: Readonly<Record<string, HeaderValue>> | undefined,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (headers === undefined) return out;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    if (typeof value === "string") out[name] = value;
    else if (value instanceof Uint8Array) out[name] = lenientText(value);
    else out[name] = value.map((v) => typeof v === "string" ? v : lenientText(v));
  }
  return out;
}

/** One header as a string, the first if repeated; undefined when absent. */
export function headerText(
  headers: Readonly<Record<string, HeaderValue>> | undefined,
  name: string,
): string | undefined {
  const value = headers?.[name];
  if (value === undefined) return undefined;
  const first = typeof value === "string" || value instanceof Uint8Array ? value : value[0];
  if (first === undefined) return undefined;
  return typeof first === "string" ? first : lenientText(first);
}
