import assert from "node:assert/strict";
import {
  knownBrokers,
  metadataRequest,
  parseMetadataBrokers,
} from "../../../tools/kafka/metadata_probe.ts";
import { freePorts } from "../../../tools/kafka/processes.ts";
import { testBroker } from "../../support/broker.ts";

/** A Metadata v4 response frame (no size prefix) listing `brokers`, no topics. */
function responseFrame(
  correlationId: number,
  brokers: { id: number; host: string; port: number; rack?: string }[],
): Uint8Array {
  const parts: number[] = [];
  const int16 = (v: number) => parts.push((v >> 8) & 0xff, v & 0xff);
  const int32 = (v: number) =>
    parts.push((v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff);
  const string = (s: string | undefined) => {
    const bytes = new TextEncoder().encode(s ?? "");
    int16(s === undefined ? -1 : bytes.length);
    parts.push(...bytes);
  };
  int32(correlationId);
  int32(0); // throttle
  int32(brokers.length);
  for (const b of brokers) {
    int32(b.id);
    string(b.host);
    int32(b.port);
    string(b.rack);
  }
  string("cluster-id");
  int32(brokers[0]?.id ?? -1); // controller
  int32(0); // topics
  return new Uint8Array(parts);
}

Deno.test("metadataRequest() frames a Metadata v4 request for no topics without auto-creation", () => {
  const bytes = metadataRequest(11);
  assert.deepEqual(
    [...bytes.subarray(0, 14)],
    [0, 0, 0, 30, 0, 3, 0, 4, 0, 0, 0, 11, 0, 15],
  );
  assert.equal(new TextDecoder().decode(bytes.subarray(14, 29)), "telemetra-probe");
  assert.deepEqual([...bytes.subarray(29)], [0, 0, 0, 0, 0]);
  assert.equal(bytes.length, 34);
});

Deno.test("parseMetadataBrokers() lists the brokers by id, with or without a rack", () => {
  const frame = responseFrame(11, [
    { id: 3, host: "127.0.0.1", port: 9094 },
    { id: 1, host: "127.0.0.1", port: 9092, rack: "r1" },
  ]);
  assert.deepEqual(parseMetadataBrokers(frame, 11), [
    { id: 1, host: "127.0.0.1", port: 9092 },
    { id: 3, host: "127.0.0.1", port: 9094 },
  ]);
});

Deno.test("parseMetadataBrokers() is undefined for another correlation id or a cut frame", () => {
  const frame = responseFrame(11, [{ id: 1, host: "127.0.0.1", port: 9092 }]);
  assert.equal(parseMetadataBrokers(frame, 12), undefined);
  assert.equal(parseMetadataBrokers(frame.subarray(0, 20), 11), undefined);
  assert.equal(parseMetadataBrokers(frame.subarray(0, 3), 11), undefined);
});

Deno.test("knownBrokers() lists the test broker as broker 1 on its own port", async () => {
  const broker = await testBroker();
  assert.deepEqual(await knownBrokers("127.0.0.1", broker.port), [
    { id: 1, host: "127.0.0.1", port: broker.port },
  ]);
});

Deno.test("knownBrokers() is undefined when nothing listens", async () => {
  const [port] = freePorts(1);
  assert.equal(await knownBrokers("127.0.0.1", port), undefined);
});
