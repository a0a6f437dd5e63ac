/**
 * `produce --shard auto`: this replica's part in a run shared through Kafka. It agrees with the
 * other replicas on the run (seed, start, world settings), simulates the channels the group
 * assigns it (createOwnedWorld: a channel taken over is fast-forwarded along its own timeline to
 * now) and tells the produce loop which events it may still send. The protocol is in
 * docs/scaling.md.
 */
import { getLogger } from "@logtape/logtape";
import type { Coordination, ProduceConfig } from "../config/produce.ts";
import { UsageError } from "../errors.ts";
import { createOwnedWorld } from "../generator/realistic/owned_world.ts";
import { createSeedStream } from "../generator/seed_stream.ts";
import type { GeneratedEvent } from "../generator/types.ts";
import { createKafka } from "../kafka/client.ts";
import {
  agreeOnRun,
  type GroupMember,
  joinGroup,
  type RunRecord,
  type RunTopic,
} from "../kafka/coordination.ts";
import type { KafkaSettings } from "../kafka/settings.ts";
import type { Clock } from "./clock.ts";
import { formatRate } from "./stats.ts";

const log = getLogger(["telemetra", "produce"]);

/** The header naming the replica that sent a record (only with --shard auto). */
export const PRODUCER_HEADER = "telemetra.producer";

/** Events a fast-forward steps before it lets the thread do something else (heartbeats). */
const CATCH_UP_STEPS = 20_000;

/**
 * How long a replica waits before it sends a channel it has taken over. The channel's old owner
 * stopped sending it before the rebalance, but records it had handed to its producer by then may
 * still be on their way to Kafka (normally acknowledged within milliseconds): they land first,
 * so the channel's records never interleave. The events of the grace are not sent.
 */
export const HANDOVER_GRACE_MS = 1000;

/**
 * How often the channels of the other replicas are brought up to now. Stepping a world without
 * sending costs little (≈ 4 million events/s of one core, docs/scaling.md), and it makes taking a
 * channel over a fast-forward of this long instead of everything since the run began.
 */
const WARM_EVERY_MS = 1000;

/** Runs `step` (true when done) until done, yielding the thread between calls; false if stopped. */
async function stepThrough(step: () => boolean, stopped: () => boolean): Promise<boolean> {
  while (!step()) {
    await new Promise((resolve) => setTimeout(resolve, 0));
    if (stopped()) return false;
  }
  return true;
}

/**
 * A replica's world, whichever the profile: the events in time order, of which it sends its
 * channels' (createOwnedWorld for the realistic profile, seedShardWorld for the seed profile).
 */
export interface ShardWorld {
  peekMs(): number;
  next(): GeneratedEvent;
  /** Events per second this replica's channels make now. */
  ratePerSecond(): number;
  /** Events per second the whole run makes now. */
  runRatePerSecond(): number;
  /** A rebalance began. */
  pause(): void;
  /** This replica's channels from now on; returns those that wait for catchUp(). */
  assign(channels: readonly string[]): readonly string[];
  catchUp(untilMs: number, maxSteps: number): boolean;
  /** Brings what this replica does not send up to `untilMs`; true once there. */
  warm(untilMs: number, maxSteps: number): boolean;
  /** Events stepped without being sent (fast-forwards). */
  readonly skipped: number;
}

/**
 * The seed profile's world for a replica: the whole stream at the run's rate from the run's
 * start (seed_stream.ts), every replica generating all of it and sending its channels' events.
 * Its channels' timelines are always current, so a handover has nothing to fast-forward; only
 * the start does, before the replica joins (warm). Shares of the rate are by channel count.
 */
export function seedShardWorld(
  config: ProduceConfig,
  seed: number,
  startMs: number,
): ShardWorld {
  const stream = createSeedStream(
    { channels: config.channels, messageVariants: config.messageVariants, enabled: config.enabled },
    seed,
    startMs,
    config.rate,
  );
  let owned = 0;
  /** Once the produce loop takes the stream, it keeps it up to date itself. */
  let looping = false;
  /**
   * During a rebalance the stream waits: afterwards the channels this replica keeps send what
   * came due meanwhile, and the events of the others are dropped (admit).
   */
  let paused = false;
  return {
    peekMs: () => paused ? Infinity : stream.peekMs(),
    next: () => stream.next(),
    ratePerSecond: () => config.rate * owned / config.channels.length,
    runRatePerSecond: () => config.rate,
    pause() {
      owned = 0;
      paused = true;
    },
    assign(channels) {
      owned = channels.length;
      looping = true;
      paused = false;
      return [];
    },
    catchUp: () => true,
    warm: (untilMs, maxSteps) => looping || stream.skipUntil(untilMs, maxSteps),
    get skipped() {
      return stream.position;
    },
  };
}

export interface AutoShard extends AsyncDisposable {
  readonly record: RunRecord;
  /** This replica's name, as its records' PRODUCER_HEADER says. */
  readonly instance: string;
  readonly world: ShardWorld;
  /**
   * Brings the run's whole world up to now, then joins the group (channels come from then on)
   * and keeps the channels of the others up to date. Call once the sink can send.
   */
  join(signal: AbortSignal): Promise<void>;
  /** Whether this replica may send the event now (its channel is still its own). */
  admit(event: GeneratedEvent): boolean;
  /** Leaves the group: the channels move to the other replicas at once. */
  leave(): Promise<void>;
  /** This replica's share and the whole run's, now. */
  picture(): ShardPicture;
  /** One line for the end of the run: this replica's share of the run. */
  summary(): string;
  /** Aborted when the group cannot be kept; `error()` then says why. */
  readonly failed: AbortSignal;
  error(): unknown;
}

/** A replica's share of its run, as the logs and /metrics show it. */
export interface ShardPicture {
  readonly channels: number;
  readonly runChannels: number;
  /** Events per second its channels make now. */
  readonly ratePerSecond: number;
  /** Events per second the run's channels make now (all replicas together). */
  readonly runRatePerSecond: number;
}

/** A name for this replica: the host (a container's or pod's name) and a random part. */
export function replicaName(hostname: string | undefined): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(16).padStart(8, "0");
  return `${hostname || "replica"}-${random}`;
}

/** The settings that shape the world: replicas that differ in any would compute other worlds. */
export function worldOf(config: ProduceConfig): string {
  return JSON.stringify({
    profile: config.profile,
    rate: config.profile === "seed" ? config.rate : null,
    channels: config.channels,
    speed: config.speed,
    viewerIntervalMs: config.viewerIntervalMs ?? null,
    messageVariants: config.messageVariants,
    enabled: config.enabled,
  });
}

/**
 * Agrees on the run through the coordination topic (the first replica's seed and start, or
 * this one's when it is the first) and prepares its world. Throws UsageError (exit 2) when this
 * replica's settings or --seed differ from the run's.
 */
export async function openAutoShard(
  config: ProduceConfig,
  coordination: Coordination,
  settings: KafkaSettings,
  clock: Clock,
  proposedSeed: number,
  instance: string,
  signal: AbortSignal,
): Promise<AutoShard> {
  const kafka = createKafka(settings);
  const run: RunTopic = {
    topic: coordination.topic,
    runName: coordination.runName,
    slots: config.channels.length,
    replicationFactor: config.replicationFactor,
  };
  const proposal: RunRecord = {
    seed: proposedSeed,
    startMs: Math.floor(clock.now()),
    world: worldOf(config),
    writtenBy: instance,
  };
  const { record, first } = await agreeOnRun(kafka, settings, run, proposal, signal);
  const name = coordination.runName;
  if (record.world !== proposal.world) {
    throw new UsageError(
      `this replica's channels or world settings differ from run ${name}'s ` +
        `(${describeDifference(record.world, proposal.world)}): give every replica the same ` +
        "settings, or start another run with --run-name",
    );
  }
  if (config.seed !== undefined && config.seed !== record.seed) {
    throw new UsageError(
      `run ${name} has seed ${record.seed}, not ${config.seed}: drop --seed to join it, ` +
        "or start another run with --run-name",
    );
  }
  log.info(
    first
      ? `Started run ${name}: seed ${record.seed}, world from ${
        new Date(record.startMs).toISOString()
      } (this replica, ${instance}, is the first)`
      : `Joined run ${name}: seed ${record.seed}, world from ${
        new Date(record.startMs).toISOString()
      } (started by ${record.writtenBy}); this replica is ${instance}`,
  );
  const world: ShardWorld = config.profile === "seed"
    ? seedShardWorld(config, record.seed, record.startMs)
    : createOwnedWorld(
      {
        channels: config.channels,
        messageVariants: config.messageVariants,
        enabled: config.enabled,
      },
      record.seed,
      record.startMs,
      { speed: config.speed, viewerIntervalMs: config.viewerIntervalMs },
    );
  let owned = new Set<string>();
  /**
   * From when (epoch ms) each channel is this replica's: events stamped earlier belonged to the
   * channel's previous owner. A channel kept through a rebalance keeps its time.
   */
  let since = new Map<string, number>();
  let member: GroupMember | undefined;
  /** Bumped at each revoke and assign: a fast-forward of an older generation gives up. */
  let generation = 0;
  let idle = false;

  const catchUp = async (mine: number, taken: readonly string[]) => {
    const began = performance.now();
    const skippedBefore = world.skipped;
    const done = await stepThrough(
      () => world.catchUp(clock.now(), CATCH_UP_STEPS),
      () => mine !== generation,
    );
    if (!done) return;
    log.info(
      `Took over ${taken.join(",")}: fast-forwarded ${
        (world.skipped - skippedBefore).toLocaleString("en-US")
      } events of their timelines in ${Math.round(performance.now() - began)} ms`,
    );
    logShare();
  };
  const picture = (): ShardPicture => ({
    channels: owned.size,
    runChannels: config.channels.length,
    ratePerSecond: world.ratePerSecond(),
    runRatePerSecond: world.runRatePerSecond(),
  });
  const share = () => {
    const p = picture();
    return `${p.channels} of the run's ${p.runChannels} channels, ≈ ${
      formatRate(p.ratePerSecond)
    } of its ≈ ${formatRate(p.runRatePerSecond)} events/s now`;
  };
  const logShare = () => {
    log.info(`Channels of this replica: ${[...owned].join(",")} (${share()})`);
  };

  const listener = {
    revoke() {
      generation++;
      owned = new Set();
      world.pause();
    },
    assign(slots: readonly number[]) {
      const mine = ++generation;
      const channels = slots.map((slot) => config.channels[slot]!).filter((c) => c !== undefined);
      // Channels kept through the rebalance go on at once; those taken over start after the
      // grace, their events before it discarded.
      const startMs = clock.now() + HANDOVER_GRACE_MS;
      const kept = channels.filter((c) => since.has(c));
      since = new Map(channels.map((c) => [c, since.get(c) ?? startMs]));
      owned = new Set(channels);
      world.assign(kept);
      const takeOver = () => {
        if (mine !== generation || channels.length === 0) return;
        const taken = world.assign(channels);
        if (taken.length > 0) void catchUp(mine, taken);
        else logShare();
      };
      if (kept.length === channels.length) takeOver();
      else setTimeout(takeOver, HANDOVER_GRACE_MS);
      if (channels.length === 0) {
        if (!idle) {
          log.info(
            `This replica has no channel: the group has more replicas than run ${name}'s ` +
              `${config.channels.length} channels; it stands by and takes channels when one leaves`,
          );
        }
        idle = true;
        return;
      }
      idle = false;
    },
    lost(error: unknown) {
      lostError ??= error;
      owned = new Set();
      world.pause();
      failing.abort();
    },
  };
  let lostError: unknown;
  const failing = new AbortController();

  let warmTimer: number | undefined;
  let warming = false;
  const warm = async (stopped: () => boolean) => {
    warming = true;
    try {
      return await stepThrough(() => world.warm(clock.now(), CATCH_UP_STEPS), stopped);
    } finally {
      warming = false;
    }
  };
  /** The replica's share when it left, for the summary. */
  let lastShare: string | undefined;
  const leave = async () => {
    clearInterval(warmTimer);
    if (member !== undefined) lastShare = share();
    const m = member;
    member = undefined;
    await m?.leave();
  };
  return {
    record,
    instance,
    world,
    async join(joinSignal) {
      const began = performance.now();
      const ahead = Date.now() - record.startMs;
      if (!await warm(() => joinSignal.aborted)) return;
      log.info(
        `Brought run ${name}'s world (${config.channels.length} channels, ${
          formatAge(ahead)
        } old) up to now: ${world.skipped.toLocaleString("en-US")} events in ${
          Math.round(performance.now() - began)
        } ms`,
      );
      member = await joinGroup(
        kafka,
        settings,
        run,
        coordination.sessionTimeoutMs,
        listener,
        joinSignal,
      );
      warmTimer = setInterval(() => {
        if (!warming) void warm(() => member === undefined);
      }, WARM_EVERY_MS);
    },
    admit(event) {
      return owned.has(event.channel) && event.timestampMs >= since.get(event.channel)! &&
        member !== undefined && member.current();
    },
    leave,
    picture,
    summary: () => `Run ${name}, replica ${instance}: ${lastShare ?? share()}`,
    failed: failing.signal,
    error: () => lostError,
    [Symbol.asyncDispose]: leave,
  };
}

/** Which world settings differ, for the error line. */
function describeDifference(run: string, mine: string): string {
  const a = JSON.parse(run) as Record<string, unknown>;
  const b = JSON.parse(mine) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).join(", ") ||
    "settings";
}

/** `3h 20m`, `45s`: how old a run is. */
function formatAge(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}
