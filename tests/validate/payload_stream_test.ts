import assert from "node:assert/strict";
import type { PayloadFormat, PayloadRecord } from "../../src/validate/payload.ts";
import { parsePayloadBytes } from "../../src/validate/payload_bytes.ts";
import { RecordTooLarge, streamPayload } from "../../src/validate/payload_stream.ts";

const utf8 = (text: string) => new TextEncoder().encode(text);

async function* chunksOf(...chunks: Uint8Array[]) {
  for (const chunk of chunks) yield chunk;
}

async function read(
  bytes: Uint8Array,
  options: { chunkSize: number; format?: PayloadFormat; maxRecordBytes?: number },
) {
  const streamed = await streamPayload(chunksOf(bytes), options);
  const records: PayloadRecord[] = [];
  for await (const batch of streamed.batches) records.push(...batch);
  return { kind: streamed.kind, records };
}

const PAYLOADS = [
  '{"a":1}\n{"a":2}\n',
  '\n\n  {"a":1}  \n\n{"a":2}',
  '{"a":1,}\n{"a":2}\n',
  '{\n  "a": 1,\n  "b": [2]\n}\n',
  '[\n  {"a": 1},\n  {"a": 2}\n]',
  '[{"a":1},{"a":2}]',
  '{"a":1}',
  '{"a":1}\n',
  "\ufeff" + '{"a":1}\n{"a":2}\n',
  " \n",
  "",
  '{"a":\n',
];

Deno.test("streamPayload() gives parsePayloadBytes()'s records whatever the chunk size", async () => {
  for (const text of PAYLOADS) {
    const bytes = utf8(text);
    for (const format of ["auto", "json", "ndjson"] as const) {
      const expected = parsePayloadBytes(bytes, { format });
      for (let chunkSize = 1; chunkSize <= Math.max(1, bytes.length); chunkSize++) {
        assert.deepEqual(
          await read(bytes, { chunkSize, format }),
          expected,
          `${JSON.stringify(text)} as ${format} in chunks of ${chunkSize}`,
        );
      }
    }
  }
});

Deno.test("streamPayload() refuses a document longer than maxRecordBytes", async () => {
  const document = utf8(JSON.stringify([{ a: "x".repeat(50) }, { a: "y".repeat(50) }], null, 2));
  for (const format of ["auto", "json"] as const) {
    await assert.rejects(
      () => read(document, { chunkSize: 8, format, maxRecordBytes: 64 }),
      (error: unknown) => error instanceof RecordTooLarge && error.line === undefined,
    );
  }
  // A single line longer than the limit cannot be told from a document: refused the same way.
  await assert.rejects(
    () => read(utf8(`{"a":"${"x".repeat(100)}"}`), { chunkSize: 8, maxRecordBytes: 64 }),
    (error: unknown) => error instanceof RecordTooLarge && error.line === undefined,
  );
  assert.equal(
    (await read(document, { chunkSize: 8, maxRecordBytes: document.length })).kind,
    "array",
  );
});

Deno.test("streamPayload() reads NDJSON far longer than maxRecordBytes, line by line", async () => {
  const line = utf8('{"a":1}\n');
  async function* lines() {
    for (let i = 0; i < 10_000; i++) yield line;
  }
  const streamed = await streamPayload(lines(), { maxRecordBytes: 64, chunkSize: 5 });
  assert.equal(streamed.kind, "ndjson");
  let count = 0;
  let last: PayloadRecord | undefined;
  for await (const batch of streamed.batches) {
    count += batch.length;
    last = batch.at(-1) ?? last;
  }
  assert.equal(count, 10_000);
  assert.deepEqual(last, { line: 10_000, value: { a: 1 } });
});
