import assert from "node:assert/strict";
import { resolveProduceConfig } from "../../src/config/produce.ts";
import { createGenerator } from "../../src/generator/generate.ts";
import { startProduceTelemetry } from "../../src/metrics/produce_telemetry.ts";
import { systemClock } from "../../src/produce/clock.ts";
import { runProduce } from "../../src/produce/run.ts";
import { textSink } from "../../src/sinks/text.ts";
import { healthStatus, scrape, total } from "./scrape.ts";

Deno.test("startProduceTelemetry() counts events written to stdout as delivered", async () => {
  const config = resolveProduceConfig({
    flags: { stdout: true, rate: "0", count: "500", seed: "3" },
    env: {},
    dotenv: {},
  });
  let written = 0;
  await using telemetry = startProduceTelemetry({
    version: "1",
    topics: config.topics,
    targetRate: 0,
    output: "stdout",
    backfill: false,
    port: 0,
    hostname: "127.0.0.1",
  });
  const sink = telemetry.instrument(textSink({
    topics: config.topics,
    envelope: false,
    write: (text) => void (written += text.split("\n").length - 1),
  }));
  const generator = createGenerator({
    channels: config.channels,
    messageVariants: config.messageVariants,
    enabled: config.enabled,
  }, 3);
  await runProduce(generator, sink, systemClock(), {
    rate: 0,
    count: 500,
    batchSize: 64,
    lingerMs: 0,
  }, new AbortController().signal);
  await sink.close();
  const s = await scrape(telemetry.server!.port);
  assert.equal(written, 500);
  assert.equal(total(s, "telemetra_events_generated_total"), 500);
  assert.equal(total(s, "telemetra_events_delivered_total"), 500);
  assert.equal(s.get("telemetra_kafka_connected"), 0);
  assert.equal(await healthStatus(telemetry.server!.port), 200);
});

Deno.test("/metrics answers 405 to POST and the server 404 to unknown paths", async () => {
  await using telemetry = startProduceTelemetry({
    version: "1",
    topics: { chat: "c", viewer: "v", transaction: "t", stream_meta: "s" },
    targetRate: 10,
    output: "kafka",
    backfill: false,
    port: 0,
    hostname: "127.0.0.1",
  });
  const base = `http://127.0.0.1:${telemetry.server!.port}`;
  const post = await fetch(`${base}/metrics`, { method: "POST" });
  await post.body?.cancel();
  assert.equal(post.status, 405);
  const missing = await fetch(`${base}/nope`);
  await missing.body?.cancel();
  assert.equal(missing.status, 404);
});
