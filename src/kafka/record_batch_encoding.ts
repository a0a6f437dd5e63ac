/**
 * The bytes of one partition's entry in a Produce request (v3 to v7): a v2 record batch (magic 2)
 * holding the messages, written into one buffer. The same bytes kafkajs 2.2.4 writes (tests pin
 * that), without its cost: kafkajs builds every record in its own 512-byte zero-filled `Buffer`,
 * each header in another, and every varint in yet another one, which made encoding plus the
 * garbage collection it caused more than half of `produce --rate 0`'s CPU time.
 *
 * Layout (Kafka's DefaultRecordBatch): partition, size, then
 * baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 * attributes int16 | lastOffsetDelta int32 | firstTimestamp int64 | maxTimestamp int64 |
 * producerId int64 | producerEpoch int16 | baseSequence int32 | records count int32 | records.
 * The CRC-32C covers everything from attributes to the end.
 */
import { Buffer } from "node:buffer";
import { crc32c } from "./crc32c.ts";
import { varIntSize, varLongSize, writeVarInt, writeVarLong } from "./varint.ts";

/** A message as kafkajs takes it (`sendBatch`'s `messages`). */
export interface ProduceMessage {
  readonly key?: string | Buffer | null;
  readonly value: string | Buffer | null;
  readonly timestamp?: string | number;
  readonly headers?: Readonly<Record<string, string | Buffer | readonly (string | Buffer)[]>>;
}

/** What kafkajs' Produce request gives each partition. */
export interface PartitionData {
  readonly partition: number | string;
  readonly messages: readonly ProduceMessage[];
  readonly firstSequence?: number;
  readonly producerId: unknown;
  readonly producerEpoch: number;
  readonly transactionalId?: string | null;
}

/** Compresses the records' bytes (kafkajs' codec shape: `compress(encoder)` reads `.buffer`). */
export type Compress = (records: Buffer) => Promise<Buffer>;

const MAGIC = 2;
const TRANSACTIONAL = 0x10;
const COMPRESSION_MASK = 0x07;
/** partition, size, baseOffset, batchLength, partitionLeaderEpoch, magic, crc. */
const PREFIX_BYTES = 4 + 4 + 8 + 4 + 4 + 1 + 4;
/** From attributes to the records count (what the CRC covers starts here). */
const BODY_HEADER_BYTES = 2 + 4 + 8 + 8 + 8 + 2 + 4 + 4;

const encoder = new TextEncoder();

/** A varint-length-prefixed bytes field (null: length -1), as one small array. */
function bytesField(value: string | Buffer | null | undefined): Uint8Array {
  if (value === null || value === undefined) return Uint8Array.of(1);
  const bytes = Buffer.isBuffer(value) ? value : encoder.encode(String(value));
  const out = Buffer.allocUnsafe(varIntSize(bytes.length) + bytes.length);
  out.set(bytes, writeVarInt(out, 0, bytes.length));
  return out;
}

/** The headers' bytes: count, then key and value fields (an array value is one header each). */
export function headersField(
  headers: ProduceMessage["headers"],
): Uint8Array {
  const fields: Uint8Array[] = [];
  for (const key of Object.keys(headers ?? {})) {
    const value = headers![key]!;
    for (const v of Array.isArray(value) ? value : [value]) {
      fields.push(bytesField(key), bytesField(v as string | Buffer));
    }
  }
  const count = fields.length / 2;
  let size = varIntSize(count);
  for (const f of fields) size += f.length;
  const out = Buffer.allocUnsafe(size);
  let offset = writeVarInt(out, 0, count);
  for (const f of fields) {
    out.set(f, offset);
    offset += f.length;
  }
  return out;
}

/** Keys are channels (few), encoded once; beyond this many, each record encodes its own. */
const MAX_CACHED_KEYS = 20_000;
const keyFields = new Map<string, Uint8Array>();
/** Header objects that cannot change (frozen), encoded once: records share one per kind. */
const headerFields = new WeakMap<object, Uint8Array>();
const NO_HEADERS = Uint8Array.of(0);

function keyField(key: ProduceMessage["key"]): Uint8Array {
  if (typeof key !== "string") return bytesField(key);
  let field = keyFields.get(key);
  if (field === undefined) {
    field = bytesField(key);
    if (keyFields.size < MAX_CACHED_KEYS) keyFields.set(key, field);
  }
  return field;
}

function headerField(headers: ProduceMessage["headers"]): Uint8Array {
  if (headers === undefined) return NO_HEADERS;
  let field = headerFields.get(headers);
  if (field === undefined) {
    field = headersField(headers);
    if (Object.isFrozen(headers)) headerFields.set(headers, field);
  }
  return field;
}

/** A 64-bit field from what kafkajs accepts: number, decimal string, bigint or its Long. */
function toInt64(value: unknown): bigint {
  if (typeof value === "bigint") return BigInt.asIntN(64, value);
  if (value !== null && typeof value === "object" && typeof (value as Long).value === "bigint") {
    return BigInt.asIntN(64, (value as Long).value);
  }
  return BigInt.asIntN(64, BigInt(value as number | string));
}

interface Long {
  readonly value: bigint;
}

/**
 * The records' timestamps: the smallest and largest given, or `now` when none is (kafkajs'
 * choice). kafkajs sorts them as strings, which agrees for timestamps of equal length (every
 * millisecond since 2001); the numeric order is the one Kafka means.
 */
function timestampRange(messages: readonly ProduceMessage[], now: number): [number, number] {
  let first = Infinity;
  let max = -Infinity;
  for (const m of messages) {
    if (m.timestamp === undefined || m.timestamp === null) continue;
    const t = Number(m.timestamp);
    if (t < first) first = t;
    if (t > max) max = t;
  }
  return first === Infinity ? [now, now] : [first, max];
}

/** The records, each: length, attributes, timestamp delta, offset delta, key, value, headers. */
function writeRecords(
  messages: readonly ProduceMessage[],
  firstTimestamp: number,
  now: number,
  into: (size: number) => { buf: Buffer; offset: number },
): { buf: Buffer; offset: number; end: number } {
  return writeAsciiRecords(messages, firstTimestamp, now, into) ??
    writeAnyRecords(messages, firstTimestamp, now, into);
}

/**
 * writeRecords for string values that are all ASCII (produce's JSON nearly always is), or
 * undefined when they are not: the values are joined and encoded in one call into the space after
 * the records, then moved into place, so no record needs its own byte count, view or encode call
 * (those were a tenth of the encoding time and garbage for each record).
 */
function writeAsciiRecords(
  messages: readonly ProduceMessage[],
  firstTimestamp: number,
  now: number,
  into: (size: number) => { buf: Buffer; offset: number },
): { buf: Buffer; offset: number; end: number } | undefined {
  const n = messages.length;
  const values = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const value = messages[i]!.value;
    if (typeof value !== "string") return undefined;
    values[i] = value;
  }
  const joined = values.join("");
  // Sizes as if every value were ASCII (one byte a character); checked below.
  const plan = planRecords(messages, firstTimestamp, now, (i) => values[i]!.length);
  const { buf, offset: start } = into(plan.total + joined.length);
  const tail = start + plan.total;
  const { read, written } = encoder.encodeInto(joined, buf.subarray(tail, tail + joined.length));
  if (read !== joined.length || written !== joined.length) return undefined;
  let source = tail;
  const end = writeRecordsPlanned(buf, start, plan, (offset, length) => {
    buf.copyWithin(offset, source, source + length);
    source += length;
  });
  return { buf, offset: start, end };
}

/** writeRecords for any values: each measured and encoded on its own. */
function writeAnyRecords(
  messages: readonly ProduceMessage[],
  firstTimestamp: number,
  now: number,
  into: (size: number) => { buf: Buffer; offset: number },
): { buf: Buffer; offset: number; end: number } {
  const plan = planRecords(messages, firstTimestamp, now, (i) => {
    const value = messages[i]!.value;
    return value === null || value === undefined
      ? -1
      : Buffer.isBuffer(value)
      ? value.length
      : Buffer.byteLength(String(value));
  });
  const { buf, offset: start } = into(plan.total);
  const end = writeRecordsPlanned(buf, start, plan, (offset, length, i) => {
    const value = messages[i]!.value!;
    if (Buffer.isBuffer(value)) buf.set(value, offset);
    else encoder.encodeInto(String(value), buf.subarray(offset, offset + length));
  });
  return { buf, offset: start, end };
}

/** Each record's fields and sizes, and the bytes they take together. */
interface RecordsPlan {
  readonly keys: Uint8Array[];
  readonly headers: Uint8Array[];
  readonly valueLengths: Int32Array;
  readonly deltas: Float64Array;
  readonly bodySizes: Int32Array;
  readonly total: number;
}

function planRecords(
  messages: readonly ProduceMessage[],
  firstTimestamp: number,
  now: number,
  valueLength: (i: number) => number,
): RecordsPlan {
  const n = messages.length;
  const keys = new Array<Uint8Array>(n);
  const headers = new Array<Uint8Array>(n);
  const valueLengths = new Int32Array(n);
  const deltas = new Float64Array(n);
  const bodySizes = new Int32Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const m = messages[i]!;
    const key = keys[i] = keyField(m.key);
    const header = headers[i] = headerField(m.headers);
    const length = valueLengths[i] = valueLength(i);
    const delta = deltas[i] = Number(m.timestamp || now) - firstTimestamp;
    const body = 1 + varLongSize(delta) + varIntSize(i) + key.length +
      varIntSize(length) + Math.max(0, length) + header.length;
    bodySizes[i] = body;
    total += varIntSize(body) + body;
  }
  return { keys, headers, valueLengths, deltas, bodySizes, total };
}

/** Writes the planned records from `start`; `writeValue` puts each value's bytes; returns the end. */
function writeRecordsPlanned(
  buf: Buffer,
  start: number,
  plan: RecordsPlan,
  writeValue: (offset: number, length: number, i: number) => void,
): number {
  const { keys, headers, valueLengths, deltas, bodySizes } = plan;
  let offset = start;
  for (let i = 0; i < keys.length; i++) {
    offset = writeVarInt(buf, offset, bodySizes[i]!);
    buf[offset++] = 0;
    offset = writeVarLong(buf, offset, deltas[i]!);
    offset = writeVarInt(buf, offset, i);
    buf.set(keys[i]!, offset);
    offset += keys[i]!.length;
    const valueLength = valueLengths[i]!;
    offset = writeVarInt(buf, offset, valueLength);
    if (valueLength > 0) {
      writeValue(offset, valueLength, i);
      offset += valueLength;
    }
    buf.set(headers[i]!, offset);
    offset += headers[i]!.length;
  }
  return offset;
}

/**
 * One partition's entry of a Produce request: `compression` is kafkajs' codec number (0 none),
 * `compress` its codec (required unless none).
 */
export async function encodePartition(
  data: PartitionData,
  compression: number,
  compress: Compress | undefined,
  now: number = Date.now(),
): Promise<Buffer> {
  const { messages } = data;
  const [firstTimestamp, maxTimestamp] = timestampRange(messages, now);
  let out: Buffer;
  let bodyEnd: number;
  if ((compression & COMPRESSION_MASK) === 0) {
    const written = writeRecords(messages, firstTimestamp, now, (size) => ({
      buf: Buffer.allocUnsafe(PREFIX_BYTES + BODY_HEADER_BYTES + size),
      offset: PREFIX_BYTES + BODY_HEADER_BYTES,
    }));
    out = written.buf;
    bodyEnd = written.end;
  } else {
    if (compress === undefined) throw new Error(`no codec for compression ${compression}`);
    const written = writeRecords(messages, firstTimestamp, now, (size) => ({
      buf: Buffer.allocUnsafe(size),
      offset: 0,
    }));
    const compressed = await compress(written.buf.subarray(written.offset, written.end));
    out = Buffer.allocUnsafe(PREFIX_BYTES + BODY_HEADER_BYTES + compressed.length);
    out.set(compressed, PREFIX_BYTES + BODY_HEADER_BYTES);
    bodyEnd = out.length;
  }
  const batchLength = bodyEnd - (4 + 4 + 8 + 4);
  let o = 0;
  o = out.writeInt32BE(Number(data.partition), o);
  o = out.writeInt32BE(bodyEnd - 8, o);
  o = out.writeBigInt64BE(0n, o);
  o = out.writeInt32BE(batchLength, o);
  o = out.writeInt32BE(0, o);
  o = out.writeInt8(MAGIC, o);
  const crcAt = o;
  o += 4;
  const attributes = (compression & COMPRESSION_MASK) | (data.transactionalId ? TRANSACTIONAL : 0);
  o = out.writeInt16BE(attributes, o);
  o = out.writeInt32BE(messages.length - 1, o);
  o = out.writeBigInt64BE(toInt64(firstTimestamp), o);
  o = out.writeBigInt64BE(toInt64(maxTimestamp), o);
  o = out.writeBigInt64BE(toInt64(data.producerId ?? -1), o);
  o = out.writeInt16BE(data.producerEpoch ?? 0, o);
  o = out.writeInt32BE(data.firstSequence ?? 0, o);
  out.writeInt32BE(messages.length, o);
  out.writeUInt32BE(crc32c(out.subarray(crcAt + 4, bodyEnd)), crcAt);
  return out.subarray(0, bodyEnd);
}

/** What kafkajs' Produce request (v3 to v7) is built from. */
export interface ProduceRequestData {
  readonly acks: number;
  readonly timeout: number;
  readonly transactionalId?: string | null;
  readonly producerId?: unknown;
  readonly producerEpoch?: number;
  readonly compression?: number;
  readonly topicData: readonly {
    readonly topic: string;
    readonly partitions: readonly Omit<PartitionData, "producerId" | "producerEpoch">[];
  }[];
}

/** An int16-length-prefixed string (null: -1). */
function stringField(value: string | null): Buffer {
  if (value === null) return Buffer.from([0xff, 0xff]);
  const bytes = encoder.encode(value);
  const out = Buffer.allocUnsafe(2 + bytes.length);
  out.writeInt16BE(bytes.length, 0);
  out.set(bytes, 2);
  return out;
}

/**
 * The body of a Produce request v3–v7: transactional id, acks, timeout, then per topic its name
 * and its partitions' record batches. `codec` gives the compressor of a compression number.
 */
export async function encodeProduceRequest(
  request: ProduceRequestData,
  codec: (compression: number) => Compress | undefined,
  now: number = Date.now(),
): Promise<Buffer> {
  const compression = request.compression ?? 0;
  const compress = (compression & COMPRESSION_MASK) === 0 ? undefined : codec(compression);
  const transactionalId = request.transactionalId ?? null;
  const parts: Uint8Array[] = [stringField(transactionalId), Buffer.allocUnsafe(10)];
  const head = parts[1] as Buffer;
  head.writeInt16BE(request.acks, 0);
  head.writeInt32BE(request.timeout, 2);
  head.writeInt32BE(request.topicData.length, 6);
  for (const { topic, partitions } of request.topicData) {
    const count = Buffer.allocUnsafe(4);
    count.writeInt32BE(partitions.length, 0);
    parts.push(stringField(topic), count);
    for (const partition of partitions) {
      parts.push(
        await encodePartition(
          {
            ...partition,
            transactionalId,
            producerId: request.producerId ?? -1,
            producerEpoch: request.producerEpoch ?? 0,
          },
          compression,
          compress,
          now,
        ),
      );
    }
  }
  return Buffer.concat(parts);
}
