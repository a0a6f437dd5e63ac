/**
 * The scheduler decides, for each instant the caller asks about, which event happens:
 *
 * 1. Raids between our own channels land first (a raid_outgoing is followed by the target's
 *    raid_incoming with the same viewers).
 * 2. Then any lifecycle step that is due: a stream whose planned end has passed announces it (a
 *    raid_outgoing half the time) and ends; a channel whose planned start has come ends its
 *    host, if any, and starts. On the first call every channel starts, as the seed producer did.
 * 3. Otherwise the seed's mix picks the kind (70/20/5/5, renormalised over enabled kinds):
 *    chat and transactions go to a live channel in proportion to its audience, viewer counts to a
 *    uniformly chosen live channel, stream_meta to any channel (offline ones host).
 *    When chat, viewer or transaction events are asked for and no channel is live, the channel
 *    planned to start soonest starts now: a single channel is therefore offline only between a
 *    stream_end and the next event.
 *
 * Steps 1–2 add a handful of stream_meta events per channel per stream (a few per million
 * events at common rates), which the mix tolerance absorbs. With stream_meta disabled they
 * still happen, silently.
 */
import { currentViewers } from "./audience.ts";
import { type ChatTemplate, chatTemplatesFor } from "./catalog_chat.ts";
import { OTHER_CHANNELS } from "./catalog_people.ts";
import { chatMessage } from "./events/chat.ts";
import { cheer } from "./events/cheer.ts";
import { streamMeta } from "./events/stream_meta.ts";
import { transaction, transactionType } from "./events/transaction.ts";
import { viewerCount } from "./events/viewer.ts";
import {
  changeCategory,
  changeTitle,
  endStream,
  incomingRaidSize,
  outgoingRaidSize,
  RAID_OUT_CHANCE,
  receiveRaid,
  startStream,
} from "./lifecycle.ts";
import {
  between,
  chance,
  createRng,
  cumulative,
  float,
  pick,
  type Rng,
  weightedIndex,
} from "./random.ts";
import { TimestampFormatter } from "./timestamp.ts";
import type {
  ChannelHandover,
  EventKind,
  GeneratedEvent,
  GeneratorConfig,
  StreamMeta,
  StreamMetaType,
} from "./types.ts";
import { WeightTree } from "./weight_tree.ts";
import { type Channel, createChannel } from "./world.ts";

/** The seed's mix over all events. */
export const KIND_WEIGHTS: Readonly<Record<EventKind, number>> = {
  chat: 0.7,
  viewer: 0.2,
  transaction: 0.05,
  stream_meta: 0.05,
};
/** Share of transactions that are bits, each of which brings its cheer's chat line. */
const BITS_SHARE = 0.25;

/**
 * The mix over acts: a cheer is one act of two events (a chat line and a bits transaction), so
 * when both kinds are on, chat acts give up the cheers' chat lines and events keep the seed's mix.
 */
export function actWeights(
  enabled: Readonly<Record<EventKind, boolean>>,
): Record<EventKind, number> {
  const weights = { ...KIND_WEIGHTS };
  if (enabled.chat && enabled.transaction) weights.chat -= BITS_SHARE * weights.transaction;
  return weights;
}
/** Chance that a stream_meta event on a live channel is a raid / category change when allowed. */
const RAID_IN_CHANCE = 0.3;
const CATEGORY_CHANGE_CHANCE = 0.3;
const HOST_LIVE_TARGET_CHANCE = 0.5;

interface PendingRaid {
  readonly target: Channel;
  readonly handover: ChannelHandover;
}

export class Scheduler {
  readonly channels: readonly Channel[];
  readonly #rng: Rng;
  readonly #kinds: readonly EventKind[];
  readonly #kindCumul: Float64Array;
  /** Each channel's chat templates, in its language. */
  readonly #templates: readonly (readonly ChatTemplate[])[];
  readonly #metaEnabled: boolean;
  /** Bits transactions come with their cheer's chat line (chat is on). */
  readonly #cheers: boolean;
  /** The second event of an act (a cheer's transaction), due at the first one's instant. */
  #queued: GeneratedEvent | undefined;
  /** stream_meta events that happened while stream_meta is disabled, for the next event. */
  #unsent: StreamMeta[] = [];
  readonly #externals: readonly string[];
  /** Audience weights of live channels (0 when offline), for chat and transactions. */
  readonly #audience: WeightTree;
  /** Indexes of live channels, and each channel's position in that list (-1 offline). */
  readonly #live: number[] = [];
  readonly #livePosition: Int32Array;
  readonly #pending: PendingRaid[] = [];
  readonly #formatter = new TimestampFormatter();
  #dueUs = Number.NaN;
  #dueIndex = 0;

  constructor(config: GeneratorConfig, seed: number) {
    this.#kinds = (Object.keys(KIND_WEIGHTS) as EventKind[]).filter((k) => config.enabled[k]);
    const weights = actWeights(config.enabled);
    this.#kindCumul = cumulative(this.#kinds.map((k) => weights[k]));
    this.#cheers = config.enabled.chat;
    this.#metaEnabled = config.enabled.stream_meta;
    this.#rng = createRng(seed, "scheduler:" + config.channels.join(","));
    this.channels = config.channels.map((name, i) => createChannel(name, i, seed, 0));
    this.#templates = this.channels.map((c) =>
      chatTemplatesFor(c.language, config.messageVariants)
    );
    const names = new Set(config.channels);
    const externals = OTHER_CHANNELS.filter((name) => !names.has(name));
    this.#externals = externals.length > 0 ? externals : ["outside_channel_" + names.size];
    this.#audience = new WeightTree(this.channels.length);
    this.#livePosition = new Int32Array(this.channels.length).fill(-1);
  }

  /** The event at `us` (epoch microseconds, never less than the previous call's). */
  next(us: number): GeneratedEvent {
    const event = this.#next(us);
    if (this.#unsent.length === 0) return event;
    const unsent = this.#unsent;
    this.#unsent = [];
    return { ...event, unsent };
  }

  #next(us: number): GeneratedEvent {
    if (Number.isNaN(this.#dueUs)) this.#startAllAt(us);
    const queued = this.#queued;
    if (queued !== undefined) {
      this.#queued = undefined;
      return queued;
    }
    const timestamp = this.#formatter.format(us);
    for (;;) {
      if (this.#pending.length > 0) {
        const event = this.#landRaid(this.#pending.shift()!, us, timestamp);
        if (event) return event;
        continue;
      }
      if (us >= this.#dueUs) {
        const event = this.#lifecycleStep(this.channels[this.#dueIndex]!, us, timestamp);
        if (event) return event;
        continue;
      }
      const kind = this.#kinds[weightedIndex(this.#rng, this.#kindCumul)]!;
      if (kind === "stream_meta") {
        const channel = this.channels[Math.floor(float(this.#rng) * this.channels.length)]!;
        return this.#metaEvent(channel, us, timestamp);
      }
      if (this.#live.length === 0) {
        this.#startSoonest(us);
        continue;
      }
      if (kind === "viewer") {
        const channel = this
          .channels[this.#live[Math.floor(float(this.#rng) * this.#live.length)]!]!;
        const { value, jump } = viewerCount(channel, us, timestamp);
        this.#audience.set(channel.index, channel.audience.viewers);
        const event = {
          kind,
          channel: channel.name,
          timestampMs: msOf(us),
          id: value.event_id,
          value,
        };
        return jump === 0 ? event : { ...event, viewerJump: jump };
      }
      const channel = this.channels[this.#audience.find(float(this.#rng) * this.#audience.total)]!;
      if (kind === "chat") {
        const value = chatMessage(channel, timestamp, this.#templates[channel.index]!);
        return { kind, channel: channel.name, timestampMs: msOf(us), id: value.message_id, value };
      }
      const type = transactionType(channel.rng);
      if (type === "bits" && this.#cheers) {
        const act = cheer(channel, us, timestamp, this.#templates[channel.index]!);
        this.#queued = {
          kind,
          channel: channel.name,
          timestampMs: msOf(us),
          id: act.transaction.transaction_id,
          value: act.transaction,
        };
        const chat = act.chat;
        return {
          kind: "chat",
          channel: channel.name,
          timestampMs: msOf(us),
          id: chat.message_id,
          value: chat,
        };
      }
      const value = transaction(channel, us, timestamp, type);
      return {
        kind,
        channel: channel.name,
        timestampMs: msOf(us),
        id: value.transaction_id,
        value,
      };
    }
  }

  #startAllAt(us: number): void {
    for (const channel of this.channels) channel.dueUs = us;
    this.#refreshDue();
  }

  /** Makes the offline channel planned to start soonest due now. */
  #startSoonest(us: number): void {
    let soonest: Channel | undefined;
    for (const channel of this.channels) {
      if (!channel.live && (soonest === undefined || channel.dueUs < soonest.dueUs)) {
        soonest = channel;
      }
    }
    soonest!.dueUs = us;
    this.#refreshDue();
  }

  #refreshDue(): void {
    let due = Infinity;
    let index = 0;
    for (const channel of this.channels) {
      if (channel.dueUs < due) {
        due = channel.dueUs;
        index = channel.index;
      }
    }
    this.#dueUs = due;
    this.#dueIndex = index;
  }

  /** The stream_meta event, or undefined when stream_meta is disabled (the change still happens). */
  #emitMeta(
    channel: Channel,
    type: StreamMetaType,
    us: number,
    timestamp: string,
    handover?: ChannelHandover,
  ): GeneratedEvent | undefined {
    const value = streamMeta(channel, type, timestamp, handover);
    if (!this.#metaEnabled) {
      this.#unsent.push(value);
      return undefined;
    }
    return {
      kind: "stream_meta",
      channel: channel.name,
      timestampMs: msOf(us),
      id: value.event_id,
      value,
    };
  }

  #lifecycleStep(channel: Channel, us: number, timestamp: string): GeneratedEvent | undefined {
    if (channel.live) {
      if (!channel.ending) {
        channel.ending = true;
        if (chance(channel.rng, RAID_OUT_CHANCE)) {
          const target = this.#otherLiveChannel(channel);
          const handover = {
            from_channel: channel.name,
            to_channel: target === undefined ? pick(channel.rng, this.#externals) : target.name,
            viewers: outgoingRaidSize(channel),
          };
          if (target !== undefined) this.#pending.push({ target, handover });
          return this.#emitMeta(channel, "raid_outgoing", us, timestamp, handover);
        }
      }
      const event = this.#emitMeta(channel, "stream_end", us, timestamp);
      endStream(channel, us);
      this.#setLive(channel, false);
      this.#refreshDue();
      return event;
    }
    if (channel.hosting !== undefined) {
      const handover = channel.hosting;
      channel.hosting = undefined;
      return this.#emitMeta(channel, "host_end", us, timestamp, handover);
    }
    startStream(channel, us);
    this.#setLive(channel, true);
    this.#refreshDue();
    return this.#emitMeta(channel, "stream_start", us, timestamp);
  }

  #landRaid(raid: PendingRaid, us: number, timestamp: string): GeneratedEvent | undefined {
    const target = raid.target;
    if (!target.live) return undefined;
    receiveRaid(target, us, raid.handover.viewers);
    this.#audience.set(target.index, currentViewers(target.audience));
    return this.#emitMeta(target, "raid_incoming", us, timestamp, raid.handover);
  }

  /** A stream_meta event chosen by the mix. */
  #metaEvent(channel: Channel, us: number, timestamp: string): GeneratedEvent {
    const rng = channel.rng;
    if (!channel.live) {
      // One host per offline period, kept until the next stream starts (which ends it); the
      // period's other stream_meta events are title changes, as streamers make between streams.
      if (channel.hosting !== undefined || channel.hostedThisBreak) {
        changeTitle(channel);
        return this.#emitMeta(channel, "title_change", us, timestamp)!;
      }
      channel.hostedThisBreak = true;
      const target = chance(rng, HOST_LIVE_TARGET_CHANCE)
        ? this.#otherLiveChannel(channel)
        : undefined;
      channel.hosting = {
        from_channel: channel.name,
        to_channel: target === undefined ? pick(rng, this.#externals) : target.name,
        viewers: Math.round(channel.audience.base * between(rng, 0.02, 0.1)),
      };
      return this.#emitMeta(channel, "host_start", us, timestamp, channel.hosting)!;
    }
    if (us >= channel.raidReadyUs && chance(rng, RAID_IN_CHANCE)) {
      const handover = {
        from_channel: pick(rng, this.#externals),
        to_channel: channel.name,
        viewers: incomingRaidSize(channel),
      };
      receiveRaid(channel, us, handover.viewers);
      this.#audience.set(channel.index, currentViewers(channel.audience));
      return this.#emitMeta(channel, "raid_incoming", us, timestamp, handover)!;
    }
    if (us >= channel.categoryReadyUs && chance(rng, CATEGORY_CHANGE_CHANCE)) {
      changeCategory(channel, us);
      return this.#emitMeta(channel, "category_change", us, timestamp)!;
    }
    changeTitle(channel);
    return this.#emitMeta(channel, "title_change", us, timestamp)!;
  }

  /** A uniformly chosen live channel other than `channel`, or undefined. */
  #otherLiveChannel(channel: Channel): Channel | undefined {
    const live = this.#live;
    const others = channel.live ? live.length - 1 : live.length;
    if (others <= 0) return undefined;
    let index = live[Math.floor(float(channel.rng) * others)]!;
    if (index === channel.index) index = live[live.length - 1]!;
    return this.channels[index];
  }

  #setLive(channel: Channel, live: boolean): void {
    const position = this.#livePosition;
    if (live) {
      position[channel.index] = this.#live.length;
      this.#live.push(channel.index);
      this.#audience.set(channel.index, channel.audience.viewers);
    } else {
      const at = position[channel.index]!;
      const last = this.#live.pop()!;
      if (last !== channel.index) {
        this.#live[at] = last;
        position[last] = at;
      }
      position[channel.index] = -1;
      this.#audience.set(channel.index, 0);
    }
  }
}

function msOf(us: number): number {
  return Math.floor(us / 1000);
}
