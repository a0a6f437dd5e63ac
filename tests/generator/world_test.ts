import assert from "node:assert/strict";
import { parseMicros } from "../../src/generator/timestamp.ts";
import type {
  ChatMessage,
  GeneratedEvent,
  StreamMeta,
  Transaction,
  ViewerCount,
} from "../../src/generator/types.ts";
import { configFor, countBy, HOUR_MS, run } from "./support.ts";
import { worldViolations } from "./world_checks.ts";

/** 26 simulated hours from 10:00 UTC: two UTC days, several streams per channel. */
const RUN_HOURS = 26;

function longRun(channels: readonly string[], seed: number, rate: number): GeneratedEvent[] {
  return run(configFor(channels), seed, rate, Math.round(RUN_HOURS * 3600 * rate));
}

const THREE = ["demo_stream", "gaming", "esports"];
const EIGHT = ["demo_stream", "gaming", "esports", "music", "cooking", "talk", "art", "speedrun"];
const runs: [string, GeneratedEvent[]][] = [
  ["1 channel at 10/s", longRun(["demo_stream"], 1, 10)],
  ["3 channels at 10/s", longRun(THREE, 2, 10)],
  ["8 channels at 20/s", longRun(EIGHT, 3, 20)],
];

function metaOf(events: readonly GeneratedEvent[]): StreamMeta[] {
  return events.filter((e) => e.kind === "stream_meta").map((e) => e.value as StreamMeta);
}

Deno.test("generator keeps every world rule over 26 simulated hours on 1, 3 and 8 channels", () => {
  for (const [name, events] of runs) {
    assert.deepEqual(worldViolations(events), [], name);
  }
});

Deno.test("generator runs streams through their lifecycle: starts, ends, raids, hosts, changes", () => {
  for (const [name, events] of runs) {
    const types = countBy(metaOf(events), (m) => `${m.channel} ${m.event_type}`);
    const channels = new Set(events.map((e) => e.channel));
    for (const channel of channels) {
      // Streams last 2–8 h: 26 h hold at least 3 starts and 2 ends per channel.
      assert.ok((types.get(`${channel} stream_start`) ?? 0) >= 3, `${name} ${channel} starts`);
      assert.ok((types.get(`${channel} stream_end`) ?? 0) >= 2, `${name} ${channel} ends`);
      assert.ok((types.get(`${channel} raid_incoming`) ?? 0) >= 3, `${name} ${channel} raids`);
      assert.ok((types.get(`${channel} category_change`) ?? 0) >= 3, `${name} ${channel} cats`);
      assert.ok((types.get(`${channel} title_change`) ?? 0) >= 10, `${name} ${channel} titles`);
    }
    if (channels.size > 1) {
      const all = countBy(metaOf(events), (m) => m.event_type);
      assert.ok((all.get("host_start") ?? 0) >= 1, `${name} hosts`);
      assert.ok((all.get("raid_outgoing") ?? 0) >= 1, `${name} outgoing raids`);
    }
  }
});

Deno.test("generator starts every channel with a stream_start, as the seed producer did", () => {
  const [, events] = runs[2]!;
  const first = events.slice(0, EIGHT.length).map((e) => e.value as StreamMeta);
  assert.deepEqual(first.map((m) => m.event_type), EIGHT.map(() => "stream_start"));
  assert.deepEqual(first.map((m) => m.channel), EIGHT);
});

Deno.test("generator keeps stream lengths at 2–8 h and offline gaps under 3 h", () => {
  const [, events] = runs[1]!;
  const opened = new Map<string, number>();
  const closed = new Map<string, number>();
  for (const meta of metaOf(events)) {
    const us = parseMicros(meta.timestamp);
    if (meta.event_type === "stream_start") {
      const end = closed.get(meta.channel);
      if (end !== undefined) assert.ok(us - end <= 3 * HOUR_MS * 1000, "offline too long");
      opened.set(meta.channel, us);
    }
    if (meta.event_type === "stream_end") {
      const hours = (us - opened.get(meta.channel)!) / (HOUR_MS * 1000);
      assert.ok(hours >= 2 && hours <= 8 + 0.01, `stream of ${hours} h`);
      closed.set(meta.channel, us);
    }
  }
});

Deno.test("generator resets peak_today at UTC midnight", () => {
  for (const [name, events] of runs) {
    const midnightUs = Date.UTC(2025, 9, 17) * 1000;
    const firstAfter = new Map<string, ViewerCount>();
    for (const e of events) {
      if (e.kind !== "viewer" || firstAfter.has(e.channel)) continue;
      const v = e.value as ViewerCount;
      if (parseMicros(v.timestamp) >= midnightUs) firstAfter.set(e.channel, v);
    }
    assert.ok(firstAfter.size > 0, name);
    for (const v of firstAfter.values()) assert.equal(v.metadata.peak_today, v.viewer_count, name);
  }
});

Deno.test("generator lifts the next viewer counts by about N after a raid of N viewers", () => {
  let lift = 0;
  let raided = 0;
  let raids = 0;
  for (const [, events] of runs) {
    const lastViewers = new Map<string, number>();
    const pending = new Map<string, { before: number; n: number }>();
    for (const e of events) {
      if (e.kind === "viewer") {
        const v = (e.value as ViewerCount).viewer_count;
        const raid = pending.get(e.channel);
        if (raid) {
          lift += v - raid.before;
          raided += raid.n;
          raids++;
          pending.delete(e.channel);
        }
        lastViewers.set(e.channel, v);
      } else if (e.kind === "stream_meta") {
        const meta = e.value as StreamMeta;
        if (meta.event_type === "stream_start") lastViewers.delete(e.channel);
        const before = lastViewers.get(e.channel);
        if (meta.event_type === "raid_incoming" && before !== undefined) {
          pending.set(e.channel, { before, n: meta.raid!.viewers });
        }
      }
    }
  }
  assert.ok(raids >= 30, `${raids} raids`);
  const ratio = lift / raided;
  assert.ok(ratio > 0.85 && ratio < 1.15, `viewers rose by ${ratio.toFixed(3)} × the raiders`);
});

Deno.test("generator gives channels chat in proportion to their audience", () => {
  const [, events] = runs[2]!;
  const chats = countBy(events.filter((e) => e.kind === "chat"), (e) => e.channel);
  // Audience-time per channel: viewer_count × time until the channel's next viewer event.
  const audience = new Map<string, number>();
  const last = new Map<string, { us: number; viewers: number }>();
  for (const e of events) {
    if (e.kind === "stream_meta" && (e.value as StreamMeta).event_type === "stream_end") {
      last.delete(e.channel);
    }
    if (e.kind !== "viewer") continue;
    const v = e.value as ViewerCount;
    const us = parseMicros(v.timestamp);
    const previous = last.get(e.channel);
    if (previous) {
      audience.set(
        e.channel,
        (audience.get(e.channel) ?? 0) + previous.viewers * (us - previous.us),
      );
    }
    last.set(e.channel, { us, viewers: v.viewer_count });
  }
  const ratios = [...audience].map(([channel, a]) => chats.get(channel)! / a);
  const mean = ratios.reduce((s, r) => s + r, 0) / ratios.length;
  for (const r of ratios) {
    assert.ok(Math.abs(r / mean - 1) < 0.1, `chat per audience ${r / mean} of the mean`);
  }
  const sizes = [...audience.values()];
  assert.ok(Math.max(...sizes) / Math.min(...sizes) > 2, "channels of different sizes");
});

Deno.test("generator keeps a channel's user_id stable per username, beyond its 50 regulars", () => {
  for (const [name, events] of runs) {
    const ids = new Map<string, string>();
    const members = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.kind !== "chat" && e.kind !== "transaction") continue;
      const v = e.value as ChatMessage | Transaction;
      if (v.username === undefined) continue;
      const known = ids.get(v.username);
      assert.ok(known === undefined || known === v.user_id, `${v.username} has two ids`);
      ids.set(v.username, v.user_id!);
      if (!members.has(e.channel)) members.set(e.channel, new Set());
      members.get(e.channel)!.add(v.username);
    }
    for (const [channel, names] of members) assert.ok(names.size > 50, `${name} ${channel}`);
  }
});

Deno.test("worldViolations() reports a broken stream (the checker can fail)", () => {
  const [, events] = runs[1]!;
  const end = events.findIndex((e) =>
    e.kind === "stream_meta" && (e.value as StreamMeta).event_type === "stream_end"
  );
  const broken = (mutate: (copy: GeneratedEvent[]) => void) => {
    const copy = events.slice(0, end + 1000);
    mutate(copy);
    return worldViolations(copy);
  };
  /** Replaces copy[i] with a deep copy whose value can be changed, and returns that value. */
  // deno-lint-ignore no-explicit-any
  const editable = (copy: GeneratedEvent[], i: number): any => {
    copy[i] = { ...copy[i]!, value: structuredClone(copy[i]!.value) } as GeneratedEvent;
    return copy[i]!.value;
  };
  const firstOf = (copy: GeneratedEvent[], kind: string, from = 100) =>
    copy.findIndex((e, i) => i >= from && e.kind === kind);
  assert.deepEqual(broken(() => {}), []);
  assert.match(
    broken((c) => {
      const chat = firstOf(c, "chat");
      c.splice(end + 1, 0, {
        ...c[chat]!,
        channel: c[end]!.channel,
        value: { ...c[chat]!.value, channel: c[end]!.channel },
      } as GeneratedEvent);
    }).join("\n"),
    /chat event on offline channel/,
  );
  assert.match(
    broken((c) => {
      const i = firstOf(c, "viewer", 5000);
      editable(c, i).subscriber_count -= 1;
    }).join("\n"),
    /subscriber_count/,
  );
  assert.match(
    broken((c) => {
      const i = firstOf(c, "viewer", 5000);
      const v = editable(c, i);
      v.metadata.peak_today = v.viewer_count - 1;
    }).join("\n"),
    /peak_today/,
  );
  assert.match(
    broken((c) => {
      const i = firstOf(c, "viewer", 5000);
      editable(c, i).metadata.stream_uptime_seconds += 1;
    }).join("\n"),
    /stream_uptime_seconds/,
  );
  assert.match(
    broken((c) => {
      const i = c.findIndex((e, k) =>
        k > 1000 && e.kind === "stream_meta" &&
        (e.value as StreamMeta).event_type === "title_change"
      );
      editable(c, i).category = "Something Else";
    }).join("\n"),
    /category "Something Else" differs/,
  );
  assert.match(
    broken((c) => {
      const i = firstOf(c, "chat", 5000);
      editable(c, i).timestamp = (c[0]!.value as StreamMeta).timestamp;
    }).join("\n"),
    /went back in time|timestampMs differs/,
  );
  const cheer = (c: GeneratedEvent[]) =>
    c.findIndex((e, k) => k > 1000 && e.kind === "chat" && (e.value as ChatMessage).bits > 0);
  assert.match(
    broken((c) => void c.splice(cheer(c) + 1, 1)).join("\n"),
    /has no bits transaction/,
  );
  assert.match(
    broken((c) => void (editable(c, cheer(c) + 1).bits += 100)).join("\n"),
    /cheer .* vs bits/,
  );
  assert.match(
    broken((c) => {
      const i = c.findIndex((e, k) => k > 3000 && e.kind === "chat");
      const later = c.findIndex((e, k) =>
        k > i && e.kind === "chat" && (e.value as ChatMessage).username ===
          (c[i]!.value as ChatMessage).username
      );
      const v = editable(c, later);
      v.metadata = { ...v.metadata, client: v.metadata.client === "web" ? "tv" : "web" };
    }).join("\n"),
    /was ".*", now/,
  );
  assert.match(
    broken((c) => {
      // A subscription followed by the payer's line without the badge.
      const i = c.findIndex((e, k) =>
        k > 1000 && e.kind === "transaction" &&
        (e.value as Transaction).transaction_type === "subscription" &&
        (e.value as Transaction).username !== undefined
      );
      const t = c[i]!.value as Transaction;
      const line = c.findIndex((e, k) => k > i && e.kind === "chat" && e.channel === c[i]!.channel);
      const v = editable(c, line);
      v.username = t.username;
      v.user_id = t.user_id;
      v.badges = [];
    }).join("\n"),
    /subscribed but chats without the subscriber badge/,
  );
});

Deno.test("generator world advances with time, not event count, at 100,000 events/s", () => {
  // 20 simulated seconds at 100k/s: streams are seconds old, so no stream may have ended,
  // raids and category changes wait for their cool-down, and audiences stay near their level.
  const events = run(configFor(THREE), 4, 100_000, 2_000_000);
  assert.deepEqual(worldViolations(events), []);
  const types = countBy(metaOf(events), (m) => m.event_type);
  assert.equal(types.get("stream_start"), 3);
  assert.equal(types.get("stream_end"), undefined);
  assert.equal(types.get("raid_incoming"), undefined);
  assert.equal(types.get("category_change"), undefined);
  assert.ok(types.get("title_change")! > 95_000);
  const viewers = events.filter((e) => e.kind === "viewer").map((e) => e.value as ViewerCount);
  const byChannel = Map.groupBy(viewers, (v) => v.channel);
  for (const [channel, counts] of byChannel) {
    let min = Infinity;
    let max = 0;
    for (const v of counts) {
      min = Math.min(min, v.viewer_count);
      max = Math.max(max, v.viewer_count);
    }
    // A ramping stream gains a few % per minute; spikes add at most 500 viewers.
    assert.ok(max / min < 1.6, `${channel} moved ×${(max / min).toFixed(2)} in 20 s`);
    assert.equal(counts.at(-1)!.metadata.stream_uptime_seconds, 19);
  }
});
