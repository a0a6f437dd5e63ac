import assert from "node:assert/strict";
import { logLevel } from "kafkajs";
import { getLogger } from "@logtape/logtape";
import { openAdmin } from "../../src/kafka/admin.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { bridgedLevel, bridgedProperties, kafkajsLogLevel } from "../../src/kafka/log_bridge.ts";
import { DEFAULT_KAFKA_SETTINGS } from "../../src/kafka/settings.ts";
import { captureLogs } from "./log_capture.ts";

const entry = (level: logLevel, namespace: string, log: Record<string, unknown>) => ({
  level,
  namespace,
  log: { timestamp: "2025-10-16T10:30:00.000Z", logger: "kafkajs", message: "m", ...log },
});

Deno.test("bridgedLevel() demotes kafkajs errors about retried attempts to debug", () => {
  assert.equal(
    bridgedLevel(entry(logLevel.ERROR, "Connection", { message: "ECONNREFUSED" })),
    "debug",
  );
  assert.equal(bridgedLevel(entry(logLevel.ERROR, "BrokerPool", {})), "debug");
  assert.equal(
    bridgedLevel(entry(logLevel.ERROR, "Producer", { retryCount: 2, retryTime: 400 })),
    "debug",
  );
});

Deno.test("bridgedLevel() leaves a rejected SASL handshake to our own one-line error", () => {
  const rejected = { message: "SASL SCRAM SHA256 authentication failed: invalid credentials" };
  assert.equal(
    bridgedLevel(entry(logLevel.ERROR, "SaslAuthenticator-SCRAM-SHA-256", rejected)),
    "debug",
  );
  assert.equal(bridgedLevel(entry(logLevel.ERROR, "SaslAuthenticator-PLAIN", rejected)), "debug");
});

Deno.test("bridgedLevel() keeps other kafkajs errors and warnings as warnings", () => {
  assert.equal(bridgedLevel(entry(logLevel.ERROR, "Consumer", { message: "Crash" })), "warning");
  assert.equal(
    bridgedLevel(entry(logLevel.WARN, "ConsumerGroup", { message: "Offset out of range" })),
    "warning",
  );
});

Deno.test("bridgedLevel() demotes warnings about choices made on purpose, and all chatter", () => {
  assert.equal(
    bridgedLevel(
      entry(logLevel.WARN, "Producer", {
        message: "Limiting retries for the idempotent producer may invalidate EoS guarantees",
      }),
    ),
    "debug",
  );
  // A group's rebalance is expected; its owner reports the outcome (--shard auto's channels).
  assert.equal(
    bridgedLevel(
      entry(logLevel.WARN, "Runner", { message: "The group is rebalancing, re-joining" }),
    ),
    "debug",
  );
  assert.equal(bridgedLevel(entry(logLevel.INFO, "Consumer", { message: "Starting" })), "debug");
  assert.equal(bridgedLevel(entry(logLevel.DEBUG, "Connection", {})), "debug");
});

Deno.test("bridgedProperties() keeps context, flattens errors and drops raw buffers", () => {
  const props = bridgedProperties(entry(logLevel.ERROR, "Connection", {
    message: "Response Metadata",
    broker: "kafka:9092",
    error: new Error("The group coordinator is not available"),
    buffer: new Uint8Array([1, 2, 3]),
  }));
  assert.deepEqual(props, {
    namespace: "Connection",
    kafkajsMessage: "Response Metadata",
    broker: "kafka:9092",
    error: "The group coordinator is not available",
  });
});

Deno.test("kafkajsLogLevel() asks kafkajs for debug lines only when someone reads them", async () => {
  const logger = getLogger(["telemetra", "kafka"]);
  assert.equal(kafkajsLogLevel(logger), logLevel.WARN);
  await captureLogs(() => {
    assert.equal(kafkajsLogLevel(logger), logLevel.DEBUG);
    return Promise.resolve();
  });
});

Deno.test("createKafka() routes a failing connection's kafkajs noise to debug, never above", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const where = `127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  listener.close();
  const settings = { ...DEFAULT_KAFKA_SETTINGS, brokers: [where], retries: 1, retryDelayMs: 1 };
  const { lines } = await captureLogs(async () => {
    await assert.rejects(openAdmin(createKafka(settings), settings));
  });
  const fromKafkajs = lines.filter((l) => l.category === "telemetra.kafka");
  assert.ok(fromKafkajs.length >= 4, `kafkajs lines: ${fromKafkajs.length}`);
  assert.deepEqual(new Set(fromKafkajs.map((l) => l.level)), new Set(["debug"]));
  assert.ok(fromKafkajs.some((l) => l.text.includes("ECONNREFUSED")));
});
