/**
 * `produce --shard auto`: replicas divide the channels through a Kafka consumer group and hand
 * them over on a crash, a late join and a stop, each channel's world continuing where it was.
 * Three replicas over 9 channels; one is SIGKILLed mid-run, a fourth joins later, a third is
 * stopped with SIGTERM. Read back with kcat.
 */
import assert from "node:assert/strict";
import { EVENT_KINDS } from "../../src/config/topics.ts";
import { generatedChannelNames } from "../../src/generator/channel_names.ts";
import { createRealisticGenerator } from "../../src/generator/realistic/generator.ts";
import { createSeedStream } from "../../src/generator/seed_stream.ts";
import type { GeneratedEvent } from "../../src/generator/types.ts";
import { freshTopic } from "../support/broker.ts";
import { type CliProcess, spawnCli } from "../support/cli.ts";
import { kcatRead, type KcatRecord } from "../support/kcat.ts";
import { freshPrefix, testBroker, topicsOf } from "./support.ts";

const SEED = 3;
const SPEED = 10;
const VIEWER_INTERVAL_MS = 5000;
const SESSION_TIMEOUT_MS = 6000;
/** The seed profile's run: 67 events/s a channel, so that a rebalance's moments count. */
const SEED_RATE = 400;
const WORLD = { channels: [] as string[], messageVariants: 50 };
const ALL_KINDS = { chat: true, viewer: true, transaction: true, stream_meta: true };

/** The 9 channels of 300 candidates that are busiest over the next `windowMs` of this seed's world. */
function busyChannels(nowMs: number, windowMs: number): string[] {
  const candidates = generatedChannelNames(300);
  const world = createRealisticGenerator(
    { ...WORLD, channels: candidates, enabled: ALL_KINDS },
    SEED,
    nowMs,
    { speed: SPEED, viewerIntervalMs: VIEWER_INTERVAL_MS },
  );
  const viewers = new Map<string, number>();
  while (world.peekMs() < nowMs + windowMs) {
    const event = world.next();
    if (event.kind === "viewer") viewers.set(event.channel, (viewers.get(event.channel) ?? 0) + 1);
  }
  const busiest = [...viewers].sort((a, b) => b[1] - a[1]).slice(0, 9).map(([name]) => name);
  return candidates.filter((name) => busiest.includes(name));
}

/** The flags that make a replica of `run`, with the tests' short session timeout. */
function autoShardArgs(run: { runName: string; topic: string }): string[] {
  return [
    "--shard",
    "auto",
    "--run-name",
    run.runName,
    "--coordination-topic",
    run.topic,
    "--session-timeout",
    `${SESSION_TIMEOUT_MS}ms`,
    "--no-progress",
  ];
}

function replica(
  bootstrap: string,
  prefix: string,
  name: string,
  channels: readonly string[],
  run: { runName: string; topic: string },
): CliProcess {
  return spawnCli([
    "produce",
    "-b",
    bootstrap,
    "--topic-prefix",
    prefix,
    "--profile",
    "realistic",
    "--channels",
    channels.join(","),
    "--seed",
    String(SEED),
    "--speed",
    String(SPEED),
    "--viewer-interval",
    `${VIEWER_INTERVAL_MS}ms`,
    ...autoShardArgs(run),
    "--metrics-port",
    "0",
  ], { env: { HOSTNAME: name } });
}

/** The channels named by the replica's latest `Channels of this replica:` line. */
function latestChannels(stderr: string): string[] | undefined {
  const lines = [...stderr.matchAll(/Channels of this replica: (\S+)/g)];
  return lines.at(-1)?.[1]?.split(",");
}

function waitForChannels(p: CliProcess, count: number, what: string): Promise<void> {
  return p.waitForOutput((_, err) => latestChannels(err)?.length === count, 30_000, what);
}

const idOf = (value: Record<string, unknown>) =>
  String(value.event_id ?? value.message_id ?? value.transaction_id);

Deno.test("produce --shard auto: one writer per channel at a time, its world continued across a crash, a late join and a SIGTERM", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("auto");
  const run = { runName: freshTopic("auto-run"), topic: freshTopic("auto-coordination") };
  const channels = busyChannels(Date.now(), 90_000);
  assert.equal(channels.length, 9);

  const [a, b, c] = ["a", "b", "c"].map((name) =>
    replica(bootstrap, prefix, name, channels, run)
  ) as [CliProcess, CliProcess, CliProcess];
  let d: CliProcess | undefined;
  try {
    await Promise.all([
      waitForChannels(a, 3, "a with 3 channels"),
      waitForChannels(b, 3, "b with 3 channels"),
      waitForChannels(c, 3, "c with 3 channels"),
    ]);
    await new Promise((resolve) => setTimeout(resolve, 6000));
    const bChannels = latestChannels(b.stderr)!;
    b.kill("SIGKILL");
    // a and c share b's channels once its session has timed out.
    await a.waitForOutput(
      (_, err) =>
        (latestChannels(err)?.length ?? 0) + (latestChannels(c.stderr)?.length ?? 0) === 9,
      30_000,
      "a and c share all 9 channels",
    );
    await new Promise((resolve) => setTimeout(resolve, 5000));
    d = replica(bootstrap, prefix, "d", channels, run);
    await waitForChannels(d, 3, "d with 3 channels");
    await new Promise((resolve) => setTimeout(resolve, 6000));
    // A replica stopped with SIGTERM leaves the group: its channels move without waiting for
    // its session to time out.
    const cChannels = latestChannels(c.stderr)!;
    c.kill("SIGTERM");
    const cResult = await c.finished(30_000);
    assert.equal(cResult.code, 0, `replica c exited ${cResult.code}:\n${cResult.stderr}`);
    await a.waitForOutput(
      (_, err) =>
        (latestChannels(err)?.length ?? 0) + (latestChannels(d!.stderr)?.length ?? 0) === 9,
      30_000,
      "a and d share all 9 channels",
    );
    await new Promise((resolve) => setTimeout(resolve, 5000));
    for (const p of [a, d]) p.kill("SIGTERM");
    const results = await Promise.all([a, d].map((p) => p.finished(30_000)));
    for (const [i, result] of results.entries()) {
      assert.equal(result.code, 0, `replica ${"ad"[i]} exited ${result.code}:\n${result.stderr}`);
    }
    const startIso = /world from (\S+)/.exec(a.stderr)?.[1];
    assert.ok(startIso, a.stderr);

    const records: (KcatRecord & { kind: string })[] = [];
    const topics = topicsOf(prefix);
    for (const kind of EVENT_KINDS) {
      for (const record of await kcatRead(bootstrap, topics[kind])) {
        records.push({ ...record, kind });
      }
    }
    assert.ok(records.length > 1000, `only ${records.length} records`);

    // The world continues: every record is the event one process would have sent, byte for
    // byte (same stream_id, viewer level, subscriber count; no second stream_start).
    const expected = new Map<string, { json: string; event: GeneratedEvent }>();
    const lastMs = Math.max(...records.map((r) => r.ts));
    const world = createRealisticGenerator(
      { ...WORLD, channels, enabled: ALL_KINDS },
      SEED,
      Date.parse(startIso),
      { speed: SPEED, viewerIntervalMs: VIEWER_INTERVAL_MS },
    );
    const order: GeneratedEvent[] = [];
    while (world.peekMs() < lastMs + 1) {
      const event = world.next();
      order.push(event);
      expected.set(event.id, { json: JSON.stringify(event.value), event });
    }
    const sent = new Set<string>();
    for (const r of records) {
      const id = idOf(JSON.parse(r.payload!));
      assert.ok(!sent.has(id), `${id} sent twice`);
      sent.add(id);
      assert.equal(r.payload, expected.get(id)?.json, `${r.key} ${r.kind}: not the world's event`);
    }

    // One writer at a time: in each topic, a channel's records are in time order, so each
    // change of replica is a handover (the new owner starts where the old one stopped); two
    // writers at once would interleave two positions of the timeline or send its events twice
    // (both compute the same world), which the next check catches.
    const owners = new Map<string, string[]>();
    for (const kind of EVENT_KINDS) {
      const lastTs = new Map<string, number>();
      for (const r of records.filter((r) => r.kind === kind)) {
        const producer = r.headers["telemetra.producer"];
        assert.ok(producer, `a record without a producer header: ${JSON.stringify(r)}`);
        const id = `${kind} ${r.key}`;
        assert.ok(
          r.ts >= (lastTs.get(id) ?? 0),
          `${id}: ${producer} wrote back in time, ${(lastTs.get(id) ?? 0) - r.ts} ms before ` +
            `the record of ${owners.get(id)?.at(-1)} before it`,
        );
        lastTs.set(id, r.ts);
        const runs = owners.get(id) ?? [];
        if (runs.at(-1) !== producer) runs.push(producer);
        owners.set(id, runs);
      }
    }
    const moved = channels.filter((ch) => (owners.get(`viewer ${ch}`)?.length ?? 0) > 1);
    for (const ch of bChannels) assert.ok(moved.includes(ch), `${ch} of b never moved`);
    const toD = channels.filter((ch) => owners.get(`viewer ${ch}`)?.at(-1)?.startsWith("d-"));
    // d, late, got its share of the 9 channels, then part of c's.
    assert.ok(toD.length >= 4, `d's channels: ${toD}`);

    // Gaps: what no replica sent of a channel spans at most the session timeout plus 5 s.
    const firstMs = Math.min(...records.map((r) => r.ts));
    for (const ch of channels) {
      const timeline = order.filter((e) => e.channel === ch && e.timestampMs >= firstMs);
      let lastSent: number | undefined;
      let missing = false;
      for (const event of timeline) {
        if (!sent.has(event.id)) {
          missing = true;
          continue;
        }
        if (missing && lastSent !== undefined) {
          const gap = event.timestampMs - lastSent;
          assert.ok(gap <= SESSION_TIMEOUT_MS + 5000, `${ch}: nothing sent for ${gap} ms`);
        }
        missing = false;
        lastSent = event.timestampMs;
      }
    }
    // c's channels went on without waiting for a session timeout.
    for (const ch of cChannels) {
      const times = records.filter((r) => r.key === ch).sort((x, y) => x.ts - y.ts);
      const last = times.findLast((r) => r.headers["telemetra.producer"]!.startsWith("c-"))!;
      const next = times.find((r) =>
        r.ts >= last.ts && !r.headers["telemetra.producer"]!.startsWith("c-")
      );
      assert.ok(next, `${ch}: nobody took over from c`);
      assert.ok(
        next.ts - last.ts < SESSION_TIMEOUT_MS,
        `${ch}: ${next.ts - last.ts} ms without events after c stopped`,
      );
    }
  } finally {
    for (const p of [a, b, c, d]) p?.kill("SIGKILL");
    await Promise.all([a, b, c, d].map((p) => p?.finished(10_000).catch(() => {})));
  }
});

Deno.test("produce --shard auto: a replica beyond the channel count says so once and stays healthy", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("auto-idle");
  const run = { runName: freshTopic("idle-run"), topic: freshTopic("idle-coordination") };
  const channels = busyChannels(Date.now(), 30_000).slice(0, 2);
  const replicas = ["a", "b", "c"].map((name) => replica(bootstrap, prefix, name, channels, run));
  try {
    const idle = () => replicas.filter((p) => /This replica has no channel/.test(p.stderr));
    await replicas[0]!.waitForOutput(
      () => idle().length === 1 && replicas.every((p) => /Brought run/.test(p.stderr)),
      30_000,
      "one idle replica",
    );
    const [standby] = idle();
    assert.match(
      standby!.stderr,
      /This replica has no channel: the group has more replicas than run \S+'s 2 channels; it stands by and takes channels when one leaves/,
    );
    const port = /Serving \/healthz on [\d.]+:(\d+)/.exec(standby!.stderr)?.[1];
    assert.ok(port, standby!.stderr);
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    assert.equal(health.status, 200, await health.text());
    for (const p of replicas) p.kill("SIGTERM");
    for (const result of await Promise.all(replicas.map((p) => p.finished(30_000)))) {
      assert.equal(result.code, 0, result.stderr);
    }
    assert.equal(standby!.stderr.match(/This replica has no channel/g)?.length, 1);
  } finally {
    for (const p of replicas) p.kill("SIGKILL");
    await Promise.all(replicas.map((p) => p.finished(10_000).catch(() => {})));
  }
});

Deno.test("produce --shard auto: a replica whose channels differ from its run's exits 2 with one line", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("auto-differ");
  const run = { runName: freshTopic("differ-run"), topic: freshTopic("differ-coordination") };
  const first = replica(bootstrap, prefix, "a", ["x1", "x2"], run);
  try {
    await first.waitForOutput((_, err) => /Started run/.test(err), 30_000, "the run's record");
    const other = await replica(bootstrap, prefix, "b", ["y1", "y2"], run).finished(30_000);
    assert.equal(other.code, 2, other.stderr);
    assert.match(
      other.stderr,
      /error: this replica's channels or world settings differ from run \S+'s \(channels\): give every replica the same settings, or start another run with --run-name/,
    );
    const fewer = await replica(bootstrap, prefix, "c", ["x1"], run).finished(30_000);
    assert.equal(fewer.code, 2, fewer.stderr);
    assert.match(fewer.stderr, /has 2 partitions but this run has 1 channels/);
  } finally {
    first.kill("SIGKILL");
    await first.finished(10_000).catch(() => {});
  }
});

Deno.test("produce --shard auto with the seed profile: replicas divide one stream at the run's rate, each event sent once", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("auto-seed");
  const run = { runName: freshTopic("seed-run"), topic: freshTopic("seed-coordination") };
  // Six channels: however Kafka's round robin orders the members, c's join leaves some channel
  // with its replica.
  const channels = ["s1", "s2", "s3", "s4", "s5", "s6"];
  const seedReplica = (name: string) =>
    spawnCli([
      "produce",
      "-b",
      bootstrap,
      "--topic-prefix",
      prefix,
      "--channels",
      channels.join(","),
      "--rate",
      String(SEED_RATE),
      "--seed",
      String(SEED),
      ...autoShardArgs(run),
    ], { env: { HOSTNAME: name } });
  const [a, b] = [seedReplica("a"), seedReplica("b")];
  let c: CliProcess | undefined;
  try {
    await Promise.all([waitForChannels(a, 3, "a with 3"), waitForChannels(b, 3, "b with 3")]);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    const cStartedMs = Date.now();
    c = seedReplica("c");
    await c.waitForOutput((_, err) => latestChannels(err) !== undefined, 30_000, "c's channels");
    await new Promise((resolve) => setTimeout(resolve, 4000));
    for (const p of [a, b, c]) p.kill("SIGTERM");
    for (const result of await Promise.all([a, b, c].map((p) => p.finished(30_000)))) {
      assert.equal(result.code, 0, result.stderr);
    }
    assert.match(a.stderr, /3 of the run's 6 channels, ≈ 200 of its ≈ 400 events\/s now/);
    const startIso = /world from (\S+)/.exec(a.stderr)![1]!;

    const records: KcatRecord[] = [];
    const topics = topicsOf(prefix);
    for (const kind of EVENT_KINDS) records.push(...await kcatRead(bootstrap, topics[kind]));
    const lastMs = Math.max(...records.map((r) => r.ts));
    const stream = createSeedStream(
      { ...WORLD, channels, enabled: ALL_KINDS },
      SEED,
      Date.parse(startIso),
      SEED_RATE,
    );
    const expected = new Map<string, string>();
    const order: GeneratedEvent[] = [];
    while (stream.peekMs() < lastMs + 1) {
      const event = stream.next();
      order.push(event);
      expected.set(event.id, JSON.stringify(event.value));
    }
    const sent = new Set<string>();
    const producers = new Set<string>();
    for (const r of records) {
      const id = idOf(JSON.parse(r.payload!));
      assert.ok(!sent.has(id), `${id} sent twice`);
      sent.add(id);
      assert.equal(r.payload, expected.get(id), `${r.key}: not the stream's event`);
      producers.add(r.headers["telemetra.producer"]![0]!);
    }
    assert.deepEqual([...producers].sort(), ["a", "b", "c"]);
    // From a few seconds before c joined, the stream's events are all there but for the moments
    // of the rebalance its join caused.
    const within = order.filter((e) =>
      e.timestampMs >= cStartedMs - 3000 && e.timestampMs <= lastMs - 1000
    );
    const missing = within.filter((e) => !sent.has(e.id)).map((e) => e.timestampMs);
    assert.ok(missing.length < within.length / 2, `${missing.length} of ${within.length} missing`);
    const span = missing.length === 0 ? 0 : Math.max(...missing) - Math.min(...missing);
    assert.ok(span <= SESSION_TIMEOUT_MS + 5000, `events missing over ${span} ms`);
    // A channel its replica kept through c's join goes on at once (no handover grace): it loses
    // at most what a linger window held when the rebalance began.
    const writers = new Map<string, Set<string>>();
    for (const r of records.filter((r) => r.ts >= cStartedMs - 3000)) {
      writers.set(r.key!, (writers.get(r.key!) ?? new Set()).add(r.headers["telemetra.producer"]!));
    }
    const kept = channels.filter((ch) => writers.get(ch)?.size === 1);
    assert.ok(kept.length > 0, "every channel moved");
    for (const ch of kept) {
      const lost = within.filter((e) => e.channel === ch && !sent.has(e.id)).length;
      assert.ok(lost <= 3, `${ch}, kept, lost ${lost} events`);
    }
  } finally {
    for (const p of [a, b, c]) p?.kill("SIGKILL");
    await Promise.all([a, b, c].map((p) => p?.finished(10_000).catch(() => {})));
  }
});
