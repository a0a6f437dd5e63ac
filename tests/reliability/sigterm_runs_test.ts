/**
 * Issue 9 item 2: 20 produce runs, each sent SIGTERM at a random moment while producing. Every
 * time the final summary's delivered count must equal the records in the topics (read back with
 * kcat), with no event id twice, and the run must exit 0.
 */
import assert from "node:assert/strict";
import { freshTopic, testBroker } from "../support/broker.ts";
import { spawnCli } from "../support/cli.ts";
import { auditTopics, parseSummary } from "./topic_audit.ts";

const RUNS = 20;
/** The latest moment of the signal, after production started. */
const MAX_DELAY_MS = 2500;

/** mulberry32: a tiny seeded generator, so a failing run's moments can be replayed. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test({
  name: "produce's summary counts exactly the records in the topics after SIGTERM at 20 moments",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const seed = Number(Deno.env.get("SIGNAL_RUNS_SEED") ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const broker = await testBroker();
    const results: string[] = [];
    let ok = false;
    try {
      for (let run = 1; run <= RUNS; run++) {
        // Half the runs as fast as possible (big batches in flight), half paced.
        const rate = run % 2 === 0 ? "0" : "5000";
        const delayMs = Math.round(random() * MAX_DELAY_MS);
        const prefix = `${freshTopic("sigterm")}.`;
        const producer = spawnCli([
          "produce",
          "--bootstrap-server",
          broker.bootstrap,
          "--rate",
          rate,
          "--channels",
          "alpha,bravo,charlie",
          "--topic-prefix",
          prefix,
          "--no-progress",
        ]);
        await producer.waitForStderr(/Starting message production/, 60_000);
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        producer.kill("SIGTERM");
        const { code, stderr } = await producer.finished(60_000);
        const summary = parseSummary(stderr);
        const where = `run ${run} (rate ${rate}, SIGTERM ${delayMs} ms in, seed ${seed})`;
        assert.ok(summary, `${where}: no summary; stderr:\n${stderr.slice(-2000)}`);
        const audit = await auditTopics(broker.bootstrap, prefix, summary.delivered);
        results.push(
          `${run}\t${rate}\t${delayMs}\t${summary.generated}\t${summary.delivered}\t` +
            `${audit.records}\t${audit.lost}\t${audit.duplicated}\t${code}`,
        );
        assert.equal(code, 0, `${where}: exit code; stderr:\n${stderr.slice(-2000)}`);
        assert.equal(summary.failed + summary.undelivered, 0, `${where}: ${stderr.slice(-2000)}`);
        assert.deepEqual(
          { records: audit.records, lost: audit.lost, duplicated: audit.duplicated },
          { records: summary.delivered, lost: 0, duplicated: 0 },
          where,
        );
      }
      ok = true;
    } finally {
      // deno-lint-ignore no-console
      console.log(
        `seed ${seed}\nrun\trate\tsignal_ms\tgenerated\tdelivered\trecords\tlost\tduplicated\texit\n` +
          results.join("\n"),
      );
      // deno-lint-ignore no-console
      if (!ok) console.error(`broker log (${broker.logFile}):\n${broker.logTail(60)}`);
    }
  },
});
