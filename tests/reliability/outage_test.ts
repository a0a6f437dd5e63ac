/**
 * A Kafka outage as a user meets it: the broker is SIGKILLed under a running `produce`. The
 * outage must be visible within 10 s (a WARNING naming the reason, /healthz 503, the connected
 * gauge 0), a stop must be bounded by --shutdown-timeout, and the summary must be honest:
 * generated = delivered + failed + undelivered, and what kcat reads agrees with it.
 */
import assert from "node:assert/strict";
import { type Broker, privateBroker } from "../support/broker.ts";
import { spawnCli } from "../support/cli.ts";
import { readEventIds } from "./topic_audit.ts";

const SHUTDOWN_TIMEOUT_S = 3;

interface Summary {
  readonly generated: number;
  readonly delivered: number;
  readonly failed: number;
  readonly undelivered: number;
}

function summaryOf(stderr: string): Summary {
  const match = /Summary: generated (\d+), delivered (\d+), failed (\d+), undelivered (\d+)/
    .exec(stderr);
  assert.ok(match, `no summary line; stderr:\n${stderr.slice(-3000)}`);
  const [generated, delivered, failed, undelivered] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
  ];
  return { generated, delivered, failed, undelivered };
}

function startProducer(broker: Broker, prefix: string, extra: readonly string[] = []) {
  return spawnCli([
    "produce",
    "--bootstrap-server",
    broker.bootstrap,
    "--rate",
    "50",
    "--channels",
    "alpha,bravo",
    "--topic-prefix",
    prefix,
    "--no-progress",
    "--metrics-port",
    "0",
    "--shutdown-timeout",
    `${SHUTDOWN_TIMEOUT_S}s`,
    ...extra,
  ]);
}

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

Deno.test({
  name:
    "a broker killed mid-run is warned about within 10 s and SIGTERM then exits within the shutdown timeout",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using broker = await privateBroker();
    const prefix = "outage-sigterm.";
    const producer = startProducer(broker, prefix);
    const served = await producer.waitForStderr(/Serving \/healthz on [\d.]+:(\d+)/, 60_000);
    const port = Number(/:(\d+)$/.exec(served)![1]);
    await producer.waitForStderr(/Starting message production/, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 3000));

    await broker.stop("SIGKILL");
    const killedAt = Date.now();
    const warning = await producer.waitForStderr(
      /WARNING - Kafka not acknowledging for \d+s: \d+ events waiting \([^)]*connection refused\)/,
      15_000,
    );
    const warnedAfterMs = Date.now() - killedAt;
    assert.ok(warnedAfterMs <= 10_000, `warned ${warnedAfterMs} ms after the broker died`);
    // deno-lint-ignore no-console
    console.log(`outage warned ${(warnedAfterMs / 1000).toFixed(1)} s after SIGKILL: ${warning}`);
    assert.doesNotMatch(
      producer.stderr,
      /acknowledging again/,
      "no resume while the broker is down",
    );

    const health = await get(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 503, health.body);
    const metrics = await get(`http://127.0.0.1:${port}/metrics`);
    assert.match(metrics.body, /^telemetra_kafka_connected 0$/m);
    // The stats line shows the gap between generated and delivered.
    await producer.waitForStderr(
      /Produced \d+ messages \| delivered \d+ \| Actual rate: [\d.]+ msg\/sec \(target 50\.0\)/,
      15_000,
    );

    producer.kill("SIGTERM");
    const termAt = Date.now();
    const { code, stderr } = await producer.finished(60_000);
    const exitMs = Date.now() - termAt;
    // deno-lint-ignore no-console
    console.log(
      `exit ${code} ${(exitMs / 1000).toFixed(1)} s after SIGTERM (timeout ${SHUTDOWN_TIMEOUT_S}s)`,
    );
    assert.equal(code, 1, `exit code; stderr:\n${stderr.slice(-3000)}`);
    assert.ok(exitMs <= (SHUTDOWN_TIMEOUT_S + 2) * 1000, `exited ${exitMs} ms after SIGTERM`);
    const summary = summaryOf(stderr);
    assert.equal(summary.generated, summary.delivered + summary.failed + summary.undelivered);
    assert.ok(summary.undelivered > 0, "events were waiting when the broker died");
    assert.match(stderr, /ERROR - \d+ of \d+ events were not acknowledged by Kafka/);

    // What landed: everything acknowledged, at most what was in flight on top, nothing twice.
    await broker.restart();
    const ids = await readEventIds(broker.bootstrap, prefix);
    assert.equal(new Set(ids).size, ids.length, "duplicate ids in the topics");
    assert.ok(
      ids.length >= summary.delivered && ids.length <= summary.delivered + summary.undelivered,
      `${ids.length} records in the topics; summary ${JSON.stringify(summary)}`,
    );
  },
});

Deno.test({
  name: "a second signal while Kafka is down exits 130 at once with a one-line summary",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using broker = await privateBroker();
    const producer = startProducer(broker, "outage-twice.", ["--shutdown-timeout", "60s"]);
    await producer.waitForStderr(/Starting message production/, 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await broker.stop("SIGKILL");
    await producer.waitForStderr(/Kafka not acknowledging/, 15_000);
    producer.kill("SIGTERM");
    await producer.waitForStderr(
      /Shutting down: flushing \d+ events in flight \(at most 60s\)/,
      5000,
    );
    producer.kill("SIGTERM");
    const secondAt = Date.now();
    const { code, stderr } = await producer.finished(30_000);
    const exitMs = Date.now() - secondAt;
    assert.equal(code, 130, `exit code; stderr:\n${stderr.slice(-3000)}`);
    assert.ok(exitMs < 2000, `exited ${exitMs} ms after the second signal`);
    const last = stderr.trimEnd().split("\n").at(-1)!;
    assert.match(
      last,
      /WARNING - Interrupted: Summary: generated \d+, delivered \d+, failed \d+, undelivered [1-9]\d*/,
    );
    const summary = summaryOf(last);
    assert.equal(summary.generated, summary.delivered + summary.failed + summary.undelivered);
  },
});

Deno.test({
  name: "a run with --duration whose broker went away ends on time plus the shutdown timeout",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    await using broker = await privateBroker();
    // A small buffer so the loop is held in backpressure during the outage.
    const producer = startProducer(broker, "outage-duration.", [
      "--duration",
      "12s",
      "--rate",
      "2000",
      "--batch-size",
      "500",
    ]);
    await producer.waitForStderr(/Starting message production/, 60_000);
    const startedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await broker.stop("SIGKILL");
    const { code, stderr } = await producer.finished(90_000);
    const tookMs = Date.now() - startedAt;
    // deno-lint-ignore no-console
    console.log(
      `--duration 12s with the broker dead from 3 s: exit ${code} after ${
        (tookMs / 1000).toFixed(1)
      } s`,
    );
    assert.equal(code, 1, `exit code; stderr:\n${stderr.slice(-3000)}`);
    assert.ok(tookMs <= (12 + 1 + SHUTDOWN_TIMEOUT_S + 3) * 1000, `took ${tookMs} ms`);
    assert.match(stderr, /Waiting at most 3s for Kafka to acknowledge \d+ events/);
    const summary = summaryOf(stderr);
    assert.equal(summary.generated, summary.delivered + summary.failed + summary.undelivered);
    assert.ok(summary.undelivered > 0);
  },
});
