/**
 * What `--shard auto` costs in fast-forwards, for a run of `--rate` events/s (the whole run, all
 * channels) that has gone on for each of `--after` hours:
 * - a replica's start: it steps every channel's world from the run's start to now before it
 *   joins the group (events discarded);
 * - a handover: the replica, kept up to date once a second since, takes over every channel (the
 *   worst case: it is left alone) and fast-forwards them through their last second.
 *
 *   tools/deno run -A tools/handover_cost.ts --rate 10000 --after 1,24 --channels 100
 *
 * The world is the realistic profile's, sped up (--speed) so that its channels make `--rate`
 * events per second on average over a simulated day.
 */
// deno-lint-ignore-file no-console
import { parseArgs } from "node:util";
import { generatedChannelNames } from "../src/generator/channel_names.ts";
import { createOwnedWorld } from "../src/generator/realistic/owned_world.ts";

const HOUR_MS = 3_600_000;
const START_MS = Date.UTC(2025, 9, 16, 0, 0, 0);
const ALL_KINDS = { chat: true, viewer: true, transaction: true, stream_meta: true };

const { values } = parseArgs({
  options: {
    rate: { type: "string", default: "10000" },
    after: { type: "string", default: "1,24" },
    channels: { type: "string", default: "100" },
    seed: { type: "string", default: "7" },
  },
});
const rate = Number(values.rate);
const channels = generatedChannelNames(Number(values.channels));
const seed = Number(values.seed);
const config = { channels, messageVariants: 50, enabled: ALL_KINDS };

/** Events the world makes in one simulated day, per second: the speed-up's calibration. */
function eventsPerWorldSecond(): number {
  const speed = 24;
  const world = createOwnedWorld(config, seed, START_MS, { speed });
  world.assign(channels);
  while (!world.catchUp(START_MS, 1e9));
  let events = 0;
  while (world.peekMs() < START_MS + HOUR_MS) {
    world.next();
    events++;
  }
  return events / (HOUR_MS / 1000) / speed;
}

const perWorldSecond = eventsPerWorldSecond();
const speed = rate / perWorldSecond;
console.log(
  `${channels.length} channels make ${perWorldSecond.toFixed(1)} events/s over a day; at --speed ${
    speed.toFixed(1)
  } that is ${rate} events/s`,
);
console.log(
  "| run's age | start: events stepped | start: time | events/s | handover: events | handover: time | heap |",
);
console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
for (const hours of String(values.after).split(",").map(Number)) {
  const world = createOwnedWorld(config, seed, START_MS, { speed });
  const nowMs = START_MS + hours * HOUR_MS;
  let began = performance.now();
  while (!world.warm(nowMs - 1000, 1_000_000));
  const startSeconds = (performance.now() - began) / 1000;
  const started = world.skipped;
  world.assign(channels);
  began = performance.now();
  while (!world.catchUp(nowMs, 1_000_000));
  const handoverMs = performance.now() - began;
  const heapMb = Deno.memoryUsage().heapUsed / 1024 / 1024;
  console.log(
    `| ${hours} h | ${started.toLocaleString("en-US")} | ${startSeconds.toFixed(1)} s | ${
      Math.round(started / startSeconds).toLocaleString("en-US")
    } | ${(world.skipped - started).toLocaleString("en-US")} | ${handoverMs.toFixed(1)} ms | ${
      heapMb.toFixed(0)
    } MB |`,
  );
}
