import assert from "node:assert/strict";
import { toKafkaSettings } from "../../src/kafka/settings.ts";
import { autoLingerMs, resolveProduceConfig } from "../../src/config/produce.ts";
import { EVENT_KINDS, SCHEMA_OF_KIND } from "../../src/generator/event_kinds.ts";
import { createGenerator } from "../../src/generator/generate.ts";
import { createKafka } from "../../src/kafka/client.ts";
import { consumeRecords } from "../../src/kafka/consumer.ts";
import { startProduceTelemetry } from "../../src/metrics/produce_telemetry.ts";
import { systemClock } from "../../src/produce/clock.ts";
import { runProduce } from "../../src/produce/run.ts";
import { openKafkaEventSink } from "../../src/sinks/kafka.ts";
import { freshTopic, testBroker } from "../support/broker.ts";
import { healthStatus, scrape, total } from "./scrape.ts";

Deno.test("/metrics, scraped during a real run, counts exactly what landed in Kafka", async () => {
  const broker = await testBroker();
  const prefix = `${freshTopic("metrics")}.`;
  const count = 6000;
  const rate = 3000;
  const config = resolveProduceConfig({
    flags: { rate: String(rate), count: String(count), seed: "7", channels: "a,b,c" },
    env: { KAFKA_BOOTSTRAP_SERVERS: broker.bootstrap, TOPIC_PREFIX: prefix },
    dotenv: {},
  });
  const settings = toKafkaSettings(config.kafka!, (path) => Deno.readTextFileSync(path));
  await using telemetry = startProduceTelemetry({
    version: "9.9.9",
    topics: config.topics,
    targetRate: rate,
    output: "kafka",
    backfill: false,
    port: 0,
    hostname: "127.0.0.1",
  });
  const port = telemetry.server!.port;
  const signal = new AbortController().signal;

  // Before the producer is connected: unhealthy, not connected, nothing counted.
  assert.equal(await healthStatus(port), 503);
  const before = await scrape(port);
  assert.equal(before.get("telemetra_kafka_connected"), 0);
  assert.equal(before.get("telemetra_target_rate_events_per_second"), rate);
  assert.equal(total(before, "telemetra_events_generated_total"), 0);

  const sink = telemetry.instrument(
    await openKafkaEventSink(config, settings, signal, telemetry.sinkHooks),
  );
  const generator = createGenerator({
    channels: config.channels,
    messageVariants: config.messageVariants,
    enabled: config.enabled,
  }, 7);
  const run = runProduce(generator, sink, systemClock(), {
    rate,
    count,
    batchSize: config.batchSize,
    lingerMs: config.lingerMs ?? autoLingerMs(config.rate),
  }, signal);

  // While it runs: poll until something was delivered and not everything generated yet.
  let during: Map<string, number> | undefined;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const s = await scrape(port);
    const generated = total(s, "telemetra_events_generated_total");
    if (total(s, "telemetra_events_delivered_total") > 0 && generated < count) {
      during = s;
      break;
    }
    if (generated >= count) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(during, "no scrape caught the run in progress");
  assert.equal(during.get("telemetra_kafka_connected"), 1);
  assert.ok(
    total(during, "telemetra_events_delivered_total") <=
      total(during, "telemetra_events_generated_total"),
  );
  assert.equal(await healthStatus(port), 200);

  const result = await run;
  await sink.close();
  assert.equal(result.generated, count);
  const after = await scrape(port);
  assert.equal(total(after, "telemetra_events_generated_total"), count);
  assert.equal(total(after, "telemetra_events_delivered_total"), count);
  assert.equal(total(after, "telemetra_events_failed_total"), 0);
  assert.equal(after.get("telemetra_events_in_flight"), 0);
  assert.equal(after.get("telemetra_send_latency_seconds_count"), count);
  assert.equal(after.get('telemetra_send_latency_seconds_bucket{le="+Inf"}'), count);
  assert.equal(
    after.get(
      'telemetra_build_info{version="9.9.9",deno="' + Deno.version.deno +
        '",v8="' + Deno.version.v8 + '"}',
    ),
    1,
  );

  // What landed, per topic and event_type header, equals the delivered counters.
  const landed = new Map<string, number>();
  await consumeRecords(createKafka(settings), settings, {
    topics: Object.values(config.topics),
    offset: { kind: "beginning" },
    exitAtEnd: true,
    signal,
    onBatch: (batch) => {
      for (const record of batch.messages) {
        const type = String(record.headers?.["event_type"]);
        const key = `{topic="${batch.topic}",event_type="${type}"}`;
        landed.set(key, (landed.get(key) ?? 0) + 1);
      }
      return { taken: batch.messages.length, stop: false };
    },
  });
  for (const kind of EVENT_KINDS) {
    const labels = `{topic="${config.topics[kind]}",event_type="${SCHEMA_OF_KIND[kind]}"}`;
    assert.equal(
      after.get(`telemetra_events_delivered_total${labels}`),
      landed.get(labels) ?? 0,
      `delivered ${labels}`,
    );
    assert.equal(
      after.get(`telemetra_events_generated_total${labels}`),
      landed.get(labels) ?? 0,
      `generated ${labels}`,
    );
  }
  assert.equal([...landed.values()].reduce((a, b) => a + b, 0), count);
  assert.ok((landed.get(`{topic="${config.topics.chat}",event_type="chat_message"}`) ?? 0) > 0);

  await telemetry.close();
  assert.equal(telemetry.health.snapshot().connected, false);
});
