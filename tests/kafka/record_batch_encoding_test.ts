import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import kafkajsProduceV3 from "kafkajs/src/protocol/requests/produce/v3/request.js";
import kafkajsCrc32c from "kafkajs/src/protocol/recordBatch/crc32C/index.js";
import { CompressionCodecs, CompressionTypes } from "kafkajs";
import { crc32c } from "../../src/kafka/crc32c.ts";
import {
  encodeProduceRequest,
  type ProduceMessage,
  type ProduceRequestData,
} from "../../src/kafka/record_batch_encoding.ts";
import { registerSnappyCodec } from "../../src/kafka/snappy_codec.ts";

const T0 = Date.UTC(2026, 10, 29, 12);

/** kafkajs' own bytes for the same request body. */
async function kafkajsBytes(data: ProduceRequestData): Promise<Buffer> {
  const request = (kafkajsProduceV3 as (d: unknown) => { encode(): Promise<{ buffer: Buffer }> })(
    data,
  );
  return (await request.encode()).buffer;
}

/** Runs `body` with Date.now() fixed, so records without a timestamp get the same one. */
async function atFixedNow<T>(body: () => Promise<T>): Promise<T> {
  const real = Date.now;
  Date.now = () => T0 + 123_456;
  try {
    return await body();
  } finally {
    Date.now = real;
  }
}

const header = Object.freeze({ event_type: "chat_message" });

const messages: ProduceMessage[] = [
  { key: "channel_a", value: '{"n":1}', timestamp: String(T0), headers: header },
  {
    key: "channel_a",
    value: '{"msg":"héllo 🎉 wörld"}',
    timestamp: String(T0 + 5),
    headers: header,
  },
  { key: null, value: "no key", timestamp: String(T0 + 2) },
  { key: Buffer.from([0, 1, 2, 255]), value: Buffer.from("raw bytes"), timestamp: String(T0 + 1) },
  {
    key: "k",
    value: null,
    timestamp: String(T0 + 90_000),
    headers: { a: ["1", Buffer.from("two")], "ünï": "v", event_type: "transaction" },
  },
  { key: "x".repeat(300), value: "y".repeat(70_000), timestamp: String(T0 + 3), headers: {} },
];

function request(compression: number, extra: Partial<ProduceRequestData> = {}): ProduceRequestData {
  return {
    acks: -1,
    timeout: 30_000,
    compression,
    producerId: "4242",
    producerEpoch: 3,
    topicData: [
      {
        topic: "telemetra.events.chat",
        partitions: [
          { partition: "0", firstSequence: 17, messages: messages.slice(0, 3) },
          { partition: "2", firstSequence: 0, messages: messages.slice(3) },
        ],
      },
      {
        topic: "tëst",
        partitions: [{ partition: 1, firstSequence: 2_000_000, messages: [messages[1]!] }],
      },
    ],
    ...extra,
  };
}

registerSnappyCodec();

/** kafkajs' codecs, as produce_request_fix.ts hands them over. */
const codecs = (compression: number) => {
  const codec = (CompressionCodecs as unknown as Record<
    number,
    () => { compress(e: { buffer: Buffer }): Promise<Buffer> }
  >)[compression]!();
  return (records: Buffer) => codec.compress({ buffer: records });
};

Deno.test("encodeProduceRequest() writes the bytes kafkajs writes, uncompressed", async () => {
  const data = request(CompressionTypes.None);
  const ours = await encodeProduceRequest(data, codecs);
  assert.ok(ours.length > 70_000);
  assert.deepEqual(ours, await kafkajsBytes(data));
});

Deno.test("encodeProduceRequest() writes the bytes kafkajs writes, snappy and gzip", async () => {
  for (const compression of [CompressionTypes.Snappy, CompressionTypes.GZIP]) {
    const data = request(compression);
    assert.deepEqual(await encodeProduceRequest(data, codecs), await kafkajsBytes(data));
  }
});

Deno.test("encodeProduceRequest() writes kafkajs' bytes for a transactional, non-idempotent and timestamp-less request", async () => {
  const timestampless = messages.map(({ timestamp: _, ...m }) => m);
  for (
    const data of [
      request(CompressionTypes.None, { transactionalId: "tx-1" }),
      { acks: 1, timeout: 1000, topicData: request(0).topicData },
      {
        acks: -1,
        timeout: 5000,
        topicData: [{ topic: "t", partitions: [{ partition: 0, messages: timestampless }] }],
      },
    ]
  ) {
    const [ours, theirs] = await atFixedNow(async () => [
      await encodeProduceRequest(data, codecs),
      await kafkajsBytes(data),
    ]);
    assert.deepEqual(ours, theirs);
  }
});

Deno.test("encodeProduceRequest() handles timestamp deltas beyond 2^52 as kafkajs does", async () => {
  const data: ProduceRequestData = {
    acks: -1,
    timeout: 1000,
    topicData: [{
      topic: "t",
      partitions: [{
        partition: 0,
        messages: [
          { key: "a", value: "1", timestamp: "-9000000000000000" },
          { key: "a", value: "2", timestamp: "9000000000000000" },
        ],
      }],
    }],
  };
  // Not the same digit count: kafkajs' string sort and the numeric order agree here ("-" < "9").
  assert.deepEqual(await encodeProduceRequest(data, codecs), await kafkajsBytes(data));
});

Deno.test("crc32c() agrees with kafkajs' CRC-32C for every length up to 64 and a large buffer", () => {
  const bytes = Buffer.alloc(100_003);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919 + (i >> 5)) & 0xff;
  const theirs = kafkajsCrc32c as (b: Buffer) => number;
  for (let n = 0; n <= 64; n++) {
    assert.equal(crc32c(bytes.subarray(n, 2 * n)), theirs(bytes.subarray(n, 2 * n)), `length ${n}`);
  }
  assert.equal(crc32c(bytes), theirs(bytes));
  // The check value of CRC-32C: "123456789" → 0xe3069283.
  assert.equal(crc32c(new TextEncoder().encode("123456789")), 0xe3069283);
});

Deno.test("encodeProduceRequest() writes kafkajs' bytes when every value is an ASCII string, empty ones included, and when one is not", async () => {
  const ascii: ProduceMessage[] = Array.from({ length: 50 }, (_, i) => ({
    key: `channel_${i % 3}`,
    value: i % 7 === 0 ? "" : JSON.stringify({ i, text: "x".repeat(i * 13) }),
    timestamp: String(T0 + i),
    headers: header,
  }));
  const oneNot = ascii.map((m, i) => i === 31 ? { ...m, value: '{"text":"naïve"}' } : m);
  for (const compression of [CompressionTypes.None, CompressionTypes.Snappy]) {
    for (const batch of [ascii, oneNot]) {
      const data = request(compression, {
        topicData: [{ topic: "t", partitions: [{ partition: 0, messages: batch }] }],
      });
      assert.deepEqual(await encodeProduceRequest(data, codecs), await kafkajsBytes(data));
    }
  }
});
