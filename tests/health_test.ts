import assert from "node:assert/strict";
import { createHealthState, healthResponse, judgeHealth, serveHealth } from "../src/health.ts";

Deno.test("judgeHealth() is unhealthy before the producer connects", () => {
  const verdict = judgeHealth(createHealthState().snapshot(), 1_000, 30_000);
  assert.deepEqual(verdict, {
    healthy: false,
    reason: "not connected to Kafka",
    connected: false,
    secondsSinceDelivery: null,
  });
});

Deno.test("judgeHealth() is unhealthy when connected but nothing was delivered yet", () => {
  const state = createHealthState();
  state.markConnected();
  assert.equal(judgeHealth(state.snapshot(), 1_000, 30_000).reason, "no delivery yet");
});

Deno.test("judgeHealth() is healthy up to maxSilenceMs after the last delivery", () => {
  const state = createHealthState();
  state.markConnected();
  state.markDelivered(10_000);
  assert.deepEqual(judgeHealth(state.snapshot(), 40_000, 30_000), {
    healthy: true,
    reason: "ok",
    connected: true,
    secondsSinceDelivery: 30,
  });
  assert.deepEqual(judgeHealth(state.snapshot(), 40_001, 30_000), {
    healthy: false,
    reason: "no delivery for 30.0 s",
    connected: true,
    secondsSinceDelivery: 30.001,
  });
});

Deno.test("judgeHealth() is unhealthy after markDisconnected() even with a fresh delivery", () => {
  const state = createHealthState();
  state.markDelivered(10_000);
  state.markDisconnected();
  assert.equal(judgeHealth(state.snapshot(), 10_001, 30_000).reason, "not connected to Kafka");
  state.markConnected();
  assert.equal(judgeHealth(state.snapshot(), 10_001, 30_000).healthy, true);
});

Deno.test("markDelivered() never moves the last delivery backwards", () => {
  const state = createHealthState();
  state.markDelivered(20_000);
  state.markDelivered(15_000);
  assert.equal(state.snapshot().lastDeliveredMs, 20_000);
});

Deno.test("healthResponse() answers 200 or 503 with the verdict as JSON", async () => {
  const ok = healthResponse({
    healthy: true,
    reason: "ok",
    connected: true,
    secondsSinceDelivery: 1.23456,
  });
  assert.equal(ok.status, 200);
  assert.equal(
    await ok.text(),
    '{"status":"ok","reason":"ok","connected":true,"seconds_since_delivery":1.235}\n',
  );
  const bad = healthResponse(judgeHealth(createHealthState().snapshot(), 0));
  assert.equal(bad.status, 503);
  assert.deepEqual(await bad.json(), {
    status: "unhealthy",
    reason: "not connected to Kafka",
    connected: false,
    seconds_since_delivery: null,
  });
});

Deno.test("serveHealth() serves the live state on /healthz and 404 elsewhere", async () => {
  const state = createHealthState();
  let now = 0;
  await using server = serveHealth({
    state,
    port: 0,
    hostname: "127.0.0.1",
    maxSilenceMs: 5_000,
    now: () => now,
  });
  assert.equal(server.url, `http://127.0.0.1:${server.port}/healthz`);

  const before = await fetch(server.url);
  assert.equal(before.status, 503);
  await before.body?.cancel();

  state.markDelivered(1_000);
  now = 2_000;
  const during = await fetch(server.url);
  assert.equal(during.status, 200);
  assert.equal((await during.json()).seconds_since_delivery, 1);

  now = 6_001;
  const stale = await fetch(server.url);
  assert.equal(stale.status, 503);
  assert.equal((await stale.json()).reason, "no delivery for 5.0 s");

  const other = await fetch(`http://127.0.0.1:${server.port}/metrics`);
  assert.equal(other.status, 404);
  await other.body?.cancel();
});

Deno.test("serveHealth() hands other paths to routes", async () => {
  await using server = serveHealth({
    state: createHealthState(),
    port: 0,
    hostname: "127.0.0.1",
    routes: (request) =>
      new URL(request.url).pathname === "/metrics" ? new Response("up 1\n") : undefined,
  });
  const metrics = await fetch(`http://127.0.0.1:${server.port}/metrics`);
  assert.equal(await metrics.text(), "up 1\n");
});

Deno.test("serveHealth() on a busy port throws a one-line error", async () => {
  await using first = serveHealth({ state: createHealthState(), port: 0, hostname: "127.0.0.1" });
  assert.throws(
    () => serveHealth({ state: createHealthState(), port: first.port, hostname: "127.0.0.1" }),
    { message: `cannot serve /healthz on port ${first.port}: the port is already in use` },
  );
});

Deno.test("judgeHealth() stays healthy through a long silence while nothing waits for Kafka", () => {
  let waiting = 0;
  const state = createHealthState(() => waiting);
  state.markDelivered(1_000);
  // A realistic world whose channels are all offline, or a very slow rate: nothing to send.
  assert.equal(judgeHealth(state.snapshot(), 3_600_000, 30_000).healthy, true);
  // Events handed to Kafka and not acknowledged for longer than the limit: unhealthy.
  waiting = 12;
  assert.equal(judgeHealth(state.snapshot(), 3_600_000, 30_000).reason, "no delivery for 3599.0 s");
  // Connected before the first event: healthy while there is nothing to send yet.
  const fresh = createHealthState(() => 0);
  fresh.markConnected();
  assert.equal(judgeHealth(fresh.snapshot(), 1_000, 30_000).healthy, true);
});
