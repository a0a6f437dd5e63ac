/**
 * "Which brokers does this node know?" answered with one raw Kafka Metadata (v4) request for no
 * topics. A KRaft broker lists only the brokers that are registered and unfenced, so a cluster
 * whose every node lists every node is whole. No Kafka client library needed.
 */

import { exchange } from "./wire.ts";

const METADATA = 3;
const VERSION = 4;
const CLIENT_ID = new TextEncoder().encode("telemetra-probe");

/** A broker as a Metadata response lists it. */
export interface BrokerAddress {
  readonly id: number;
  readonly host: string;
  readonly port: number;
}

/**
 * The request bytes: size, api key 3, version 4, correlation id, client id; then an empty topic
 * array (brokers only) and allow_auto_topic_creation = false.
 */
export function metadataRequest(correlationId: number): Uint8Array {
  const bytes = new Uint8Array(4 + 2 + 2 + 4 + 2 + CLIENT_ID.length + 4 + 1);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, bytes.length - 4);
  view.setInt16(4, METADATA);
  view.setInt16(6, VERSION);
  view.setInt32(8, correlationId);
  view.setInt16(12, CLIENT_ID.length);
  bytes.set(CLIENT_ID, 14);
  // topics: int32 count 0, then the boolean 0: both already zero.
  return bytes;
}

/**
 * The brokers of a Metadata v4 response frame (after its size prefix), sorted by id; undefined
 * when the frame answers another request or is cut short.
 */
export function parseMetadataBrokers(
  frame: Uint8Array,
  correlationId: number,
): BrokerAddress[] | undefined {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  let at = 0;
  const int16 = () => {
    const v = view.getInt16(at);
    at += 2;
    return v;
  };
  const int32 = () => {
    const v = view.getInt32(at);
    at += 4;
    return v;
  };
  const string = () => {
    const length = int16();
    if (length < 0) return undefined;
    if (at + length > frame.length) throw new RangeError("string past the end of the frame");
    const text = new TextDecoder().decode(frame.subarray(at, at + length));
    at += length;
    return text;
  };
  try {
    if (int32() !== correlationId) return undefined;
    int32(); // throttle_time_ms
    const count = int32();
    if (count < 0 || count > 10_000) return undefined;
    const brokers: BrokerAddress[] = [];
    for (let i = 0; i < count; i++) {
      const id = int32();
      const host = string() ?? "";
      const port = int32();
      string(); // rack
      brokers.push({ id, host, port });
    }
    return brokers.sort((a, b) => a.id - b.id);
  } catch {
    return undefined; // a DataView read past the end
  }
}

/** The brokers `host:port` knows, or undefined when it does not answer in time. Never throws. */
export async function knownBrokers(
  host: string,
  port: number,
  timeoutMs = 2000,
): Promise<BrokerAddress[] | undefined> {
  const correlationId = 11;
  const frame = await exchange(host, port, metadataRequest(correlationId), timeoutMs);
  return frame === undefined ? undefined : parseMetadataBrokers(frame, correlationId);
}
