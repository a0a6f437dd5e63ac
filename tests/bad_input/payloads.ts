/**
 * Malformed payloads for the bad-input table: files for validate, and the same kinds as records
 * of a Kafka topic for consume (written with kcat, so our producer cannot have tidied them).
 */
import { kafkaTool, kcat } from "../support/broker.ts";

const encoder = new TextEncoder();
const MB = 1024 * 1024;

/** A valid chat message (the seed's README example) with its text made of invalid UTF-8. */
function invalidUtf8Chat(): Uint8Array {
  const [before, after] = JSON.stringify({
    message_id: "123e4567-e89b-12d3-a456-426614174000",
    channel: "demo_stream",
    username: "gamer123",
    message: "@@",
    timestamp: "2025-10-16T10:30:00.123456Z",
  }).split("@@");
  return concat(
    encoder.encode(before),
    new Uint8Array([0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80]),
    encoder.encode(after),
  );
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Bytes from a fixed linear congruential sequence: garbage, but the same every run. */
function garbage(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 12345;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const DEPTH = 100_000;

/** The payload files by name; every one is invalid under chat_message. */
export function payloadFiles(): Record<string, Uint8Array> {
  return {
    "malformed.json": encoder.encode('{"message_id": "x", "channel":'),
    "trailing.json": encoder.encode('{"message_id": "x"} and then some'),
    "garbage.bin": garbage(64 * 1024),
    "invalid_utf8.json": invalidUtf8Chat(),
    "big_value.json": encoder.encode(JSON.stringify({ message_id: "x".repeat(10 * MB) })),
    "deep_array.json": encoder.encode("[".repeat(DEPTH) + "]".repeat(DEPTH)),
    "deep_object.json": encoder.encode('{"a":'.repeat(DEPTH) + "1" + "}".repeat(DEPTH)),
    "empty.json": new Uint8Array(0),
  };
}

/** Writes the payload files into `dir`. */
export async function writePayloadFiles(dir: string): Promise<void> {
  for (const [name, bytes] of Object.entries(payloadFiles())) {
    await Deno.writeFile(`${dir}/${name}`, bytes);
  }
}

/** The records of the garbage topic: one per payload kind. */
const TOPIC_RECORDS = [
  "malformed.json",
  "garbage.bin",
  "invalid_utf8.json",
  "big_value.json",
  "deep_array.json",
  "deep_object.json",
] as const;

/**
 * Creates `topic` (allowing 12 MB records) on `bootstrap` and writes one record per kind of
 * malformed payload with kcat: malformed JSON, binary garbage, invalid UTF-8, a 10 MB value and
 * deeply nested JSON (array and object).
 */
export async function writeGarbageTopic(
  bootstrap: string,
  topic: string,
  dir: string,
): Promise<number> {
  const created = await kafkaTool([
    "topics",
    "--bootstrap-server",
    bootstrap,
    "--create",
    "--topic",
    topic,
    "--partitions",
    "1",
    "--config",
    "max.message.bytes=12000000",
  ]);
  if (created.code !== 0) throw new Error(`cannot create ${topic}: ${created.stderr}`);
  for (const name of TOPIC_RECORDS) {
    const written = await kcat([
      "-b",
      bootstrap,
      "-P",
      "-t",
      topic,
      "-k",
      name,
      "-X",
      "message.max.bytes=12000000",
      `${dir}/${name}`,
    ]);
    if (written.code !== 0) throw new Error(`kcat could not write ${name}: ${written.stderr}`);
  }
  return TOPIC_RECORDS.length;
}
