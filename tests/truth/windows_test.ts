import assert from "node:assert/strict";
import {
  hundredths,
  TRUTH_HEADER,
  truthCsvLine,
  TruthWindows,
  viewerAverage,
} from "../../src/truth/windows.ts";
import { configFor, run } from "../generator/support.ts";
import { recountCsv } from "./recount.ts";

const events = run(configFor(["a", "b", "c"]), 7, 10, 20 * 60 * 10);

Deno.test("TruthWindows counts exactly what an independent recount of the events gives", () => {
  const truth = new TruthWindows(60_000);
  truth.accepted(events);
  truth.settled(events, true);
  const lines = truth.rest().map(truthCsvLine);
  assert.deepEqual(lines, recountCsv(events.map((e) => e.value as never)));
  assert.equal(lines.length, 20 * 3);
  assert.equal(
    TRUTH_HEADER,
    "window_start,channel,chat_messages,unique_chatters,chat_bits,viewer_samples,viewer_avg,viewer_max,transactions,revenue_usd",
  );
});

Deno.test("TruthWindows.closed() holds a window while one of its events, or an earlier one, is unsettled", () => {
  const truth = new TruthWindows(60_000);
  const first = events.slice(0, 1200); // minutes 0–1 (10 events/s)
  const late = first.find((e) =>
    e.timestampMs - events[0]!.timestampMs < 60_000 && e !== first[0]
  )!;
  truth.accepted(first);
  truth.settled(first.filter((e) => e !== late), true);
  assert.deepEqual(truth.closed(), [], "minute 0 waits for its last event");
  truth.settled([late], true);
  const closed = truth.closed();
  assert.ok(closed.length > 0 && closed.every((r) => r.windowStartMs === closed[0]!.windowStartMs));
  // Minute 1 is the latest accepted: it may still grow, so it stays open.
  assert.deepEqual(truth.closed(), []);
  assert.ok(truth.rest().length > 0);
});

Deno.test("TruthWindows leaves out events Kafka did not acknowledge", () => {
  const truth = new TruthWindows(60_000);
  const chats = events.filter((e) => e.kind === "chat").slice(0, 10);
  truth.accepted(chats);
  truth.settled(chats.slice(0, 4), true);
  truth.settled(chats.slice(4), false);
  const rows = truth.rest();
  assert.equal(rows.reduce((n, r) => n + r.chatMessages, 0), 4);
});

Deno.test("viewerAverage() rounds half up to 2 decimals without floating-point drift", () => {
  const row = (viewerSum: number, viewerSamples: number) =>
    viewerAverage({ viewerSum, viewerSamples } as never);
  assert.equal(row(2010, 2), "1005.00");
  assert.equal(row(1, 8), "0.13"); // 0.125 → 0.13
  assert.equal(row(1, 3), "0.33");
  assert.equal(row(2, 3), "0.67");
  assert.equal(row(0, 0), "");
  assert.equal(hundredths(100_417), "1004.17");
  assert.equal(hundredths(5), "0.05");
});
