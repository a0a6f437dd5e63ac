/**
 * Produce requests encoded in one pass (record_batch_encoding.ts) instead of by kafkajs 2.2.4's
 * encoder, which allocates a zero-filled 512-byte `Buffer` for every record and every header and
 * a `Buffer` for every varint: a CPU profile of `produce --rate 0` put 43 % of the time in
 * encoding and most of the 28 % spent collecting garbage on those buffers. The bytes sent are the
 * same (tests compare both encoders); the request's version, its response decoding, the
 * idempotent producer's sequence numbers and every retry stay kafkajs' own: only the `encode`
 * of the Produce request object is replaced.
 *
 * kafkajs exports no hook for this; its brokers look the request up as
 * `requests.Produce.protocol({ version })` on every send, from the module patched here.
 */
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import { Buffer } from "node:buffer";
// The modules kafkajs' brokers and codecs `require`: the objects patched here are theirs.
import protocolRequests from "kafkajs/src/protocol/requests/index.js";
import Encoder from "kafkajs/src/protocol/encoder.js";
import compressionCodecs from "kafkajs/src/protocol/message/compression/index.js";
import {
  type Compress,
  encodeProduceRequest,
  type ProduceRequestData,
} from "./record_batch_encoding.ts";

interface KafkajsEncoder {
  buf: Buffer;
  offset: number;
}

interface KafkajsRequest {
  encode(): Promise<KafkajsEncoder>;
}

type MakeRequest = (data: ProduceRequestData) => { request: KafkajsRequest };

interface RequestDefinitions {
  versions: string[];
  protocol(options: { version: number }): MakeRequest | undefined;
}

/** Versions whose body is v3's (v4–v7 only raise the version number). */
const FIRST_VERSION = 3;
const LAST_VERSION = 7;

/** kafkajs' compressor for a compression number, in the shape encodeProduceRequest calls. */
function codecOf(compression: number): Compress | undefined {
  const lookup = (compressionCodecs as {
    lookupCodec(type: number): { compress(e: { buffer: Buffer }): Promise<Buffer> } | null;
  }).lookupCodec;
  const codec = lookup(compression);
  return codec === null ? undefined : (records) => codec.compress({ buffer: records });
}

/** A kafkajs Encoder holding `bytes` (what the request framing copies from). */
function encoderOf(bytes: Buffer): KafkajsEncoder {
  const e = new (Encoder as unknown as new (size: number) => KafkajsEncoder)(0);
  e.buf = bytes;
  e.offset = bytes.length;
  return e;
}

let installed = false;

/** Replaces the Produce request's encoding once per process. Idempotent. */
export function installProduceRequestFix(): void {
  if (installed) return;
  const requests = (protocolRequests as { requests: Record<string, RequestDefinitions> }).requests;
  const produce = requests.Produce;
  if (produce === undefined || typeof produce.protocol !== "function") {
    throw new Error("kafkajs request table changed shape; review src/kafka/produce_request_fix.ts");
  }
  const original = produce.protocol;
  produce.protocol = ({ version }) => {
    const make = original({ version });
    if (make === undefined || version < FIRST_VERSION || version > LAST_VERSION) return make;
    return (data) => {
      const made = make(data);
      made.request.encode = async () => encoderOf(await encodeProduceRequest(data, codecOf));
      return made;
    };
  };
  installed = true;
}
