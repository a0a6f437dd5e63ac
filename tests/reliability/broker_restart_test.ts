/**
 * Issue 9 item 1, measured: produce 1,000 events/s for 40 s; at 10 s the broker is stopped (once
 * with SIGTERM, once with SIGKILL) and restarted 5 s later on the same data directory. The
 * producer must pause (bounded buffer: memory flat, no spinning), log and count the pause, and
 * afterwards every event it reports as delivered must be in the topics exactly once, read back
 * with kcat.
 */
import assert from "node:assert/strict";
import { type Broker, privateBroker } from "../support/broker.ts";
import { coresUsed, peakRss, ProcSampler, readProc } from "../support/proc_sampler.ts";
import { spawnCli } from "../support/cli.ts";
import { auditTopics, parseSummary } from "./topic_audit.ts";

const RATE = 1000;
// Long enough that the broker is back (it may take 20 s to recover from SIGKILL on a busy
// machine) well before the run ends: an outage still going on at the end ends the run there.
const DURATION_S = 40;
const STOP_AT_MS = 10_000;
const DOWN_FOR_MS = 5_000;
const MB = 1024 * 1024;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

async function restartScenario(broker: Broker, signal: "SIGTERM" | "SIGKILL") {
  const prefix = `restart-${signal.toLowerCase()}.`;
  const producer = spawnCli([
    "produce",
    "--bootstrap-server",
    broker.bootstrap,
    "--rate",
    String(RATE),
    "--duration",
    `${DURATION_S}s`,
    "--channels",
    "alpha,bravo,charlie,delta",
    "--seed",
    "9",
    "--topic-prefix",
    prefix,
    "--no-progress",
  ]);
  using usage = new ProcSampler(producer.pid, 200);
  await producer.waitForStderr(/Starting message production/, 60_000);
  const startedAt = Date.now();

  await sleep(startedAt + STOP_AT_MS - Date.now());
  await broker.stop(signal);
  const downAt = Date.now();
  await sleep(DOWN_FOR_MS);
  const atRestart = readProc(producer.pid);
  await broker.restart();
  const upAt = Date.now();

  const { code, stderr } = await producer.finished(120_000);
  const summary = parseSummary(stderr);
  assert.ok(summary, `no summary line; stderr:\n${stderr}`);
  const audit = await auditTopics(broker.bootstrap, prefix, summary.delivered);

  const down = usage.between(downAt, upAt);
  const beforeStop = usage.between(startedAt, downAt);
  const outageCores = atRestart && down[0] ? coresUsed(down[0], atRestart) : NaN;
  const rssBefore = peakRss(beforeStop);
  const rssDown = peakRss(down);
  // deno-lint-ignore no-console
  console.log(
    `${signal}: generated ${summary.generated}, delivered ${summary.delivered}, ` +
      `records ${audit.records}, lost ${audit.lost}, duplicated ${audit.duplicated}, ` +
      `outages ${summary.outages}, broker down ${((upAt - downAt) / 1000).toFixed(1)}s, ` +
      `producer CPU while down ${(outageCores * 100).toFixed(1)}% of a core, ` +
      `peak RSS ${(rssBefore / MB).toFixed(0)} MB before / ${
        (rssDown / MB).toFixed(0)
      } MB while down`,
  );

  assert.equal(code, 0, `exit code; stderr:\n${stderr.slice(-3000)}`);
  assert.equal(summary.generated, RATE * DURATION_S);
  assert.equal(summary.failed, 0);
  assert.equal(summary.undelivered, 0);
  assert.equal(summary.delivered, RATE * DURATION_S);
  assert.deepEqual(
    { records: audit.records, lost: audit.lost, duplicated: audit.duplicated },
    { records: summary.delivered, lost: 0, duplicated: 0 },
  );
  // The outage is logged and counted, and its end is logged once Kafka acknowledged again.
  assert.match(stderr, /WARNING - Kafka not acknowledging for \d+s: \d+ events waiting/);
  assert.match(stderr, /INFO - Kafka acknowledging again after \d+s/);
  assert.ok(summary.outages >= 1, `the summary counts no outage: ${stderr.slice(-2000)}`);
  // Bounded buffer and no busy loop while the broker is away (generous bounds: this proves
  // "flat and idle", the figures themselves are in the log line above).
  assert.ok(rssDown - rssBefore < 64 * MB, `memory grew ${(rssDown - rssBefore) / MB} MB`);
  assert.ok(outageCores < 0.5, `the producer used ${outageCores} cores while the broker was down`);
}

Deno.test({
  name: "produce loses and duplicates nothing when the broker restarts after SIGTERM or SIGKILL",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn(t) {
    const broker = await privateBroker();
    let failed = false;
    try {
      for (const signal of ["SIGTERM", "SIGKILL"] as const) {
        const ok = await t.step(
          `broker stopped with ${signal}`,
          () => restartScenario(broker, signal),
        );
        failed ||= !ok;
      }
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      // deno-lint-ignore no-console
      if (failed) console.error(`broker log (${broker.logFile}):\n${broker.logTail(60)}`);
      await broker[Symbol.asyncDispose]();
    }
  },
});
