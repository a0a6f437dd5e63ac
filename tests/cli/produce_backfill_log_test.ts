/**
 * What a backfill logs: a day of event time written in well under a second still tells the day's
 * story. Every stream start, end and raid is logged, and transactions are limited per minute of
 * event time (not of wall time, which would keep only the first seconds of the day).
 */
import assert from "node:assert/strict";
import { ndjson, runCli } from "../support/cli.ts";

interface Payload {
  readonly channel: string;
  readonly timestamp: string;
  readonly event_type?: string;
  readonly transaction_type?: string;
  readonly amount?: number;
  readonly username?: string;
  readonly is_anonymous?: boolean;
}

/** The log line of a transaction, as the producer words it. */
function transactionLine(t: Payload): string {
  const who = t.is_anonymous ? "an anonymous viewer" : (t.username ?? "someone");
  return `Transaction: ${t.transaction_type} $${t.amount!.toFixed(2)} from ${who} to ${t.channel}`;
}

Deno.test("a day-long backfill logs every stream start, end and raid and five transactions per minute of event time", async () => {
  // Without chat and viewer events, half of the day's 86,400 events are transactions (about 30
  // a minute), so the limit binds in every minute; the log is checked against what was written.
  const run = await runCli([
    "produce",
    "--stdout",
    "--start",
    "2025-10-16T00:00:00Z",
    "--until",
    "2025-10-17T00:00:00Z",
    "--rate",
    "1",
    "--seed",
    "3",
    "--channels",
    "a,b,c",
    "--no-chat",
    "--no-viewer",
  ]);
  assert.equal(run.code, 0, run.stderr.slice(-2000));
  const events = ndjson(run.stdout) as Payload[];
  assert.equal(events.length, 86_400);
  const logged = run.stderr.split("\n").map((l) => l.replace(/^[\d-]+ [\d:]+ - \w+ - /, ""));
  const count = (pattern: RegExp) => logged.filter((l) => pattern.test(l)).length;
  const ofType = (type: string) => events.filter((e) => e.event_type === type).length;

  assert.ok(ofType("stream_end") > 0 && ofType("raid_outgoing") > 0, "the day has ends and raids");
  assert.equal(count(/^Stream started for channel: /), ofType("stream_start"));
  assert.equal(count(/^Stream ended for channel: /), ofType("stream_end"));
  assert.equal(count(/^Raid incoming to /), ofType("raid_incoming"));
  assert.equal(count(/^Raid outgoing from /), ofType("raid_outgoing"));

  // The first five transactions of each minute of event time, in order, and the rest counted.
  const transactions = events.filter((e) => e.transaction_type !== undefined);
  const taken = new Map<number, number>();
  const expected = transactions.filter((t) => {
    const minute = Math.floor(Date.parse(t.timestamp) / 60_000);
    const n = taken.get(minute) ?? 0;
    taken.set(minute, n + 1);
    return n < 5;
  });
  assert.equal(taken.size, 24 * 60);
  assert.deepEqual(
    logged.filter((l) => l.startsWith("Transaction: ")),
    expected.map(transactionLine),
  );
  assert.ok(
    logged.includes(
      `Notable events not logged: ${transactions.length - expected.length} transactions ` +
        "and viewer jumps beyond 5 a minute of event time",
    ),
    run.stderr.slice(-1000),
  );
});
