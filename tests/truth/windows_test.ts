import assert from "node:assert/strict";
import {
  hundredths,
  TRUTH_HEADER,
  truthCsvLine,
  TruthWindows,
  viewerAverage,
} from "../../src/truth/windows.ts";
import { TruthWriter } from "../../src/truth/writer.ts";
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

Deno.test("TruthWriter's on-time truth drops an event once the watermark reaches its window's last millisecond, as Flink does", async () => {
  const dir = await Deno.makeTempDir();
  const chats = events.filter((e) => e.kind === "chat" && e.channel === "a").slice(0, 3);
  const at = (e: (typeof chats)[number], ms: number) => ({ ...e, timestampMs: ms });
  const writer = TruthWriter.open(dir, {
    tool: "t",
    version: "0",
    seed: 7,
    profile: "seed",
    configuration: {},
    windowSeconds: 60,
    latenessSeconds: 10,
  }, { chat: "c", viewer: "v", transaction: "t", stream_meta: "m" });
  // Minute 0's last millisecond is 59,999; after a record at 69,999 the watermark (max − 10 s)
  // stands exactly there: a late event of minute 0 is dropped. One millisecond earlier, kept.
  const early = at(chats[0]!, 69_998);
  const kept = at(chats[1]!, 30_000);
  const late = at(chats[2]!, 69_999);
  const dropped = at(chats[0]!, 31_000);
  // Accepted as generated (in event time), then sent late: in that order.
  const other = { ...dropped, id: "other" };
  writer.accepted([kept, other, early, late]);
  for (const sent of [early, kept, late, other]) writer.settledEvents([sent]);
  writer.finish();
  const rows = (file: string) =>
    Deno.readTextFileSync(`${dir}/${file}`).trimEnd().split("\n").slice(1);
  assert.match(rows("windows.csv")[0]!, /^1970-01-01T00:00:00Z,a,2,/);
  assert.match(rows("windows_ontime.csv")[0]!, /^1970-01-01T00:00:00Z,a,1,/);
  await Deno.remove(dir, { recursive: true });
});
