import assert from "node:assert/strict";
import kafkajs from "kafkajs";
import { ExitCode, KafkaError } from "../../src/errors.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { openAdmin } from "../../src/kafka/admin.ts";
import { connectWithRetry, formatDelay } from "../../src/kafka/connect.ts";
import { DEFAULT_KAFKA_SETTINGS, type KafkaSettings } from "../../src/kafka/settings.ts";
import { captureLogs, linesAt } from "./log_capture.ts";

type ErrorClass = new (...args: unknown[]) => Error;
const { KafkaJSConnectionError, KafkaJSSASLAuthenticationError, KafkaJSNonRetriableError } =
  kafkajs as unknown as Record<string, ErrorClass>;

/** A port nothing listens on: bound, then released. */
function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

function settingsFor(brokers: string[], retries: number, retryDelayMs: number): KafkaSettings {
  return {
    ...DEFAULT_KAFKA_SETTINGS,
    brokers,
    retries,
    retryDelayMs,
    connectionTimeoutMs: 1000,
    requestTimeoutMs: 1000,
  };
}

async function rejection(promise: Promise<unknown>): Promise<KafkaError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof KafkaError, `expected a KafkaError, got ${error}`);
    return error;
  }
  assert.fail("expected the promise to reject");
}

/** Connects a real admin client the way produce and consume do; always cleans up. */
async function connectAdmin(settings: KafkaSettings): Promise<void> {
  const admin = await openAdmin(createKafka(settings), settings);
  await admin.disconnect();
}

Deno.test("openAdmin() gives up on a closed port after N attempts with one line, exit 1", async () => {
  const where = `127.0.0.1:${closedPort()}`;
  const settings = settingsFor([where], 3, 200);
  const started = performance.now();
  const { result: error, lines } = await captureLogs(() => rejection(connectAdmin(settings)));
  const elapsedMs = performance.now() - started;
  assert.equal(
    error.message,
    `cannot reach Kafka at ${where} after 3 attempts (connection refused)`,
  );
  assert.equal(error.exitCode, ExitCode.Failure);
  assert.deepEqual(linesAt(lines, "info"), [
    `Connecting to Kafka at ${where} (attempt 2/3)…`,
    `Connecting to Kafka at ${where} (attempt 3/3)…`,
  ]);
  assert.deepEqual(linesAt(lines, "warning"), [
    `Cannot reach Kafka at ${where} (connection refused); retrying in 200ms`,
    `Cannot reach Kafka at ${where} (connection refused); retrying in 200ms`,
  ]);
  // Bounded, not measured: 2 delays of 200 ms plus kafkajs' 3 quick retries per attempt.
  assert.ok(elapsedMs < 10_000, `took ${elapsedMs} ms`);
});

Deno.test("openAdmin() reports a host that does not resolve", async () => {
  const settings = settingsFor(["no-such-host.invalid:9092"], 2, 50);
  const error = await rejection(connectAdmin(settings));
  assert.equal(
    error.message,
    'cannot reach Kafka at no-such-host.invalid:9092 after 2 attempts (host "no-such-host.invalid" not found)',
  );
  assert.equal(error.exitCode, ExitCode.Failure);
});

Deno.test("openAdmin() does not take a listener that never answers for a broker", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const where = `127.0.0.1:${(listener.addr as Deno.NetAddr).port}`;
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  try {
    const error = await rejection(connectAdmin(settingsFor([where], 2, 50)));
    assert.equal(
      error.message,
      `cannot reach Kafka at ${where} after 2 attempts (no answer from the broker)`,
    );
  } finally {
    listener.close();
    for (const conn of held) conn.close();
    await accepting.catch(() => {});
  }
});

Deno.test("connectWithRetry() stops at the first authentication failure, exit 3", async () => {
  let calls = 0;
  const security = {
    protocol: "SASL_PLAINTEXT",
    sasl: { mechanism: "PLAIN", username: "carol", password: "pa55" },
  } as const;
  const error = await rejection(connectWithRetry("producer", () => {
    calls++;
    const sasl = new KafkaJSSASLAuthenticationError("SASL PLAIN authentication failed: pa55");
    return Promise.reject(new KafkaJSNonRetriableError(sasl, { cause: sasl }));
  }, { brokers: ["k:9092"], retries: 10, retryDelayMs: 1, security }));
  assert.equal(calls, 1);
  assert.equal(error.message, 'authentication failed for user "carol" (SASL mechanism PLAIN)');
  assert.equal(error.exitCode, ExitCode.AuthenticationFailed);
});

Deno.test("connectWithRetry() returns the connection once the broker answers, and says after how many attempts", async () => {
  let calls = 0;
  const sleeps: number[] = [];
  const { result, lines } = await captureLogs(() =>
    connectWithRetry(
      "consumer",
      () => {
        calls++;
        if (calls < 3) {
          return Promise.reject(new KafkaJSConnectionError("connect ECONNREFUSED 10.1.1.1:9092"));
        }
        return Promise.resolve("connected");
      },
      { brokers: ["10.1.1.1:9092"], retries: 5, retryDelayMs: 1500 },
      {
        sleep: (ms) => {
          sleeps.push(ms);
          return Promise.resolve();
        },
      },
    )
  );
  assert.equal(result, "connected");
  assert.deepEqual(sleeps, [1500, 1500]);
  assert.deepEqual(linesAt(lines, "info"), [
    "Connecting to Kafka at 10.1.1.1:9092 (attempt 2/5)…",
    "Connecting to Kafka at 10.1.1.1:9092 (attempt 3/5)…",
    "Connected to Kafka at 10.1.1.1:9092 after 3 attempts",
  ]);
});

Deno.test("connectWithRetry() stops waiting when its signal aborts", async () => {
  const controller = new AbortController();
  let calls = 0;
  const error = await rejection(connectWithRetry(
    "producer",
    () => {
      calls++;
      controller.abort();
      return Promise.reject(new KafkaJSConnectionError("connect ECONNREFUSED 10.1.1.1:9092"));
    },
    { brokers: ["10.1.1.1:9092"], retries: 10, retryDelayMs: 60_000 },
    {
      signal: controller.signal,
    },
  ));
  assert.equal(calls, 1);
  assert.equal(error.message, "interrupted while connecting to Kafka at 10.1.1.1:9092");
  assert.equal(error.exitCode, ExitCode.Interrupted);
});

Deno.test("formatDelay() writes seconds from 1 s up and milliseconds below", () => {
  assert.deepEqual([formatDelay(5000), formatDelay(1500), formatDelay(250)], [
    "5s",
    "1.5s",
    "250ms",
  ]);
});
