import assert from "node:assert/strict";
import { VERSION } from "../../src/version.ts";
import { freshTopic, testBroker } from "../support/broker.ts";
import { runCli } from "../support/cli.ts";
import { healthStatus, scrape, total } from "./scrape.ts";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

Deno.test("produce --metrics-port serves /metrics and /healthz while it runs", async () => {
  const broker = await testBroker();
  const port = freePort();
  const run = runCli([
    "produce",
    "-b",
    broker.bootstrap,
    "--topic-prefix",
    `${freshTopic("cli-metrics")}.`,
    "--rate",
    "2000",
    "--duration",
    "6s",
    "--seed",
    "5",
    "--metrics-port",
    String(port),
    "--no-progress",
  ], { timeoutMs: 60_000 });

  // Poll until a scrape shows delivered events (the server is up before Kafka is reached).
  let seen: Map<string, number> | undefined;
  let healthy = 0;
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    const s = await scrape(port).catch(() => undefined);
    if (s !== undefined && total(s, "telemetra_events_delivered_total") > 0) {
      seen = s;
      healthy = await healthStatus(port);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const result = await run;
  assert.equal(result.code, 0, result.stderr);
  assert.ok(seen, `no scrape saw a delivery:\n${result.stderr}`);
  assert.equal(healthy, 200);
  assert.equal(seen.get("telemetra_kafka_connected"), 1);
  assert.equal(seen.get("telemetra_target_rate_events_per_second"), 2000);
  assert.ok(
    total(seen, "telemetra_events_delivered_total") <=
      total(seen, "telemetra_events_generated_total"),
  );
  assert.ok(
    [...seen.keys()].some((k) => k.startsWith(`telemetra_build_info{version="${VERSION}"`)),
  );
  const summary = /Summary: generated (\d+), delivered (\d+)/.exec(result.stderr);
  assert.ok(summary, result.stderr);
  assert.ok(total(seen, "telemetra_events_delivered_total") <= Number(summary[2]));
  // The server is gone with the process.
  await assert.rejects(fetch(`http://127.0.0.1:${port}/metrics`));
});
