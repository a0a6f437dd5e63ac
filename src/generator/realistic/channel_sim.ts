/**
 * One channel of the realistic profile, simulated in its own time: a handful of timers (the
 * stream's life, its planned title/category changes, incoming raids, viewer snapshots,
 * transactions, chat), the earliest of which is the channel's next event. Chat and transactions
 * are Poisson processes whose rates follow the audience of the latest viewer snapshot (chat also
 * a decaying hype after raids, big gifts and viewer spikes); a rate change redraws the waiting
 * time, which is exact for a memoryless process. Draws for the schedule come from the channel's
 * own stream, so a channel is the same world whatever runs beside it.
 */
import {
  between,
  chance,
  createRng,
  cumulative,
  float,
  logInt,
  pick,
  type Rng,
  weightedIndex,
} from "../random.ts";
import { US_PER_HOUR, US_PER_MINUTE, US_PER_SECOND, utcDay } from "../timestamp.ts";
import type {
  ChannelHandover,
  GeneratedEvent,
  StreamMetaType,
  TransactionType,
  ViewerCount,
} from "../types.ts";
import {
  baseAudience,
  changeCategory,
  changeTitle,
  type Channel,
  chatLine,
  type ChatTemplate,
  chatTemplates,
  cheerAct,
  endStream,
  metaEvent,
  newChannel,
  outgoingRaidSize,
  OUTSIDE_CHANNELS,
  payment,
  receiveRaid,
  reportedViewers,
  restamp,
  setSubscribers,
  startStream,
  viewerSnapshot,
} from "./builders.ts";
import * as c from "./calibration.ts";
import { type Habit, habitOf, type StreamWindow, windowAfter } from "./daily.ts";

/** What every channel of a run shares: the clock mapping, formatting, enabled kinds. */
export interface SimContext {
  readonly seed: number;
  readonly messageVariants: number;
  readonly chat: boolean;
  readonly viewer: boolean;
  readonly transaction: boolean;
  readonly streamMeta: boolean;
  readonly viewerIntervalUs: number;
  /** World time → timestamp time (equal unless the world runs faster than the timestamps). */
  stampUs(worldUs: number): number;
  format(worldUs: number): string;
  /** Whether timestamps run slower than the world (uptimes then follow the timestamps). */
  readonly timeLapse: boolean;
}

const TRANSACTION_TYPES: readonly TransactionType[] = [
  "subscription",
  "subscription_renewal",
  "gift_sub",
  "bits",
  "donation",
];
const TRANSACTION_CUMUL = cumulative(
  TRANSACTION_TYPES.map((t) => c.TRANSACTIONS_PER_THOUSAND_VIEWER_HOURS[t]),
);
const TRANSACTIONS_PER_THOUSAND_VIEWER_HOURS = TRANSACTION_TYPES.reduce(
  (sum, t) => sum + c.TRANSACTIONS_PER_THOUSAND_VIEWER_HOURS[t],
  0,
);
const TITLE_CUMUL = cumulative(c.TITLE_CHANGE_WEIGHTS);
const CATEGORY_CUMUL = cumulative(c.CATEGORY_CHANGE_WEIGHTS);
const HYPE_TAU_US = c.HYPE_TAU_SECONDS * US_PER_SECOND;
const RAID_IN_PER_US = c.RAIDS_IN_PER_HOUR / US_PER_HOUR;

/** A planned title or category change. */
interface Change {
  readonly us: number;
  readonly category: boolean;
}

type Step = "life" | "change" | "raid" | "viewer" | "transaction" | "chat";

export class ChannelSim {
  readonly channel: Channel;
  readonly #ctx: SimContext;
  readonly #rng: Rng;
  /** Chat's own draws (waits, speakers), so turning chat off leaves the schedule as it is. */
  readonly #chatRng: Rng;
  readonly #habit: Habit;
  readonly #templates: readonly ChatTemplate[];
  /** Chat messages and transactions per viewer per microsecond (before hype). */
  readonly #chatPerViewerUs: number;
  readonly #paymentsPerViewerUs: number;
  #window: StreamWindow;
  /** When the channel's next event happens (world µs); the earliest of the timers below. */
  nextUs = Infinity;
  #lifeUs: number;
  #chatUs = Infinity;
  /** The earliest timer other than chat's. */
  #otherUs = Infinity;
  #viewerUs = Infinity;
  #transactionUs = Infinity;
  #raidUs = Infinity;
  #changes: Change[] = [];
  #nextChange = 0;
  #hostUs = Infinity;
  #raidOut = false;
  #hype = 0;
  /** The second event of an act (a cheer's transaction), due at the first one's instant. */
  #queued: GeneratedEvent | undefined;
  #queuedUs = 0;
  #hypeAtUs = 0;
  /** The timestamp (µs) of the stream's start, for time-lapse uptimes. */
  #startStampUs = 0;
  /** Time-lapse only: the highest viewer count of the timestamps' UTC day. */
  #peak = 0;
  #peakDay = Number.NaN;

  constructor(name: string, index: number, ctx: SimContext, startUs: number) {
    this.#ctx = ctx;
    this.channel = newChannel(name, index, ctx.seed);
    this.#templates = chatTemplates(this.channel, ctx.messageVariants);
    const rng = createRng(ctx.seed, "realistic:" + name);
    this.#rng = rng;
    this.#chatRng = createRng(ctx.seed, "realistic chat:" + name);
    this.#habit = habitOf(rng, this.channel.language);
    const base = baseAudience(this.channel);
    const engagement = Math.pow(base / 1000, c.ENGAGEMENT_EXPONENT);
    const chatPerMinute = logUniform(
      rng,
      c.CHAT_PER_MINUTE_PER_THOUSAND_MIN,
      c.CHAT_PER_MINUTE_PER_THOUSAND_MAX,
    );
    this.#chatPerViewerUs = (chatPerMinute * engagement) / 1000 / US_PER_MINUTE;
    const generosity = logUniform(rng, c.GENEROSITY_MIN, c.GENEROSITY_MAX);
    this.#paymentsPerViewerUs = (TRANSACTIONS_PER_THOUSAND_VIEWER_HOURS * engagement *
      generosity) / 1000 / US_PER_HOUR;
    setSubscribers(
      this.channel,
      Math.round(base * between(rng, c.SUBSCRIBERS_PER_VIEWER_MIN, c.SUBSCRIBERS_PER_VIEWER_MAX)),
    );
    this.#window = windowAfter(ctx.seed, name, this.#habit, startUs);
    // A run that begins inside a stream's hours opens with that stream.
    this.#lifeUs = Math.max(this.#window.startUs, startUs);
    this.#refresh();
  }

  /**
   * Expected events per world microsecond at `us` (enabled kinds only); a stream due to start
   * by then counts with the audience it starts with (about 40% of the base).
   */
  expectedRatePerUs(us: number): number {
    const starting = !this.channel.live && this.#window.startUs <= us;
    if (!this.channel.live && !starting) return 0;
    const viewers = starting ? 0.4 * baseAudience(this.channel) : reportedViewers(this.channel);
    const hype = starting ? 1 : this.#hypeFactor(us);
    return (this.#ctx.chat ? viewers * this.#chatPerViewerUs * hype : 0) +
      (this.#ctx.transaction ? viewers * this.#paymentsPerViewerUs : 0) +
      (this.#ctx.viewer ? 1 / this.#ctx.viewerIntervalUs : 0);
  }

  /** Advances to the next event; returns it, or undefined when its kind is not emitted. */
  step(): GeneratedEvent | undefined {
    const queued = this.#queued;
    if (queued !== undefined) {
      this.#queued = undefined;
      this.#refresh();
      return queued;
    }
    const us = this.nextUs;
    if (this.#chatUs < this.#otherUs) {
      // Most events are chat, which moves only its own timer.
      const chat = this.#chat(us);
      this.nextUs = this.#chatUs < this.#otherUs ? this.#chatUs : this.#otherUs;
      return chat;
    }
    let event: GeneratedEvent | undefined;
    switch (this.#due()) {
      case "life":
        event = this.#lifeStep(us);
        break;
      case "change":
        event = this.#changeStep(us);
        break;
      case "raid":
        event = this.#raidIn(us);
        break;
      case "viewer":
        event = this.#viewer(us);
        break;
      case "transaction":
        event = this.#transaction(us);
        break;
      case "chat":
        event = this.#chat(us);
        break;
    }
    this.#refresh();
    return event;
  }

  #due(): Step {
    const us = this.nextUs;
    if (this.#lifeUs === us) return "life";
    if (this.#changeUs() === us) return "change";
    if (this.#raidUs === us) return "raid";
    if (this.#viewerUs === us) return "viewer";
    if (this.#transactionUs === us) return "transaction";
    return "chat";
  }

  #changeUs(): number {
    return this.#nextChange < this.#changes.length ? this.#changes[this.#nextChange]!.us : Infinity;
  }

  #refresh(): void {
    if (this.#queued !== undefined) {
      this.nextUs = this.#queuedUs;
      return;
    }
    this.#otherUs = Math.min(
      this.#lifeUs,
      this.#changeUs(),
      this.#raidUs,
      this.#viewerUs,
      this.#transactionUs,
    );
    this.nextUs = this.#chatUs < this.#otherUs ? this.#chatUs : this.#otherUs;
  }

  #event<K extends GeneratedEvent["kind"]>(
    kind: K,
    us: number,
    id: string,
    value: Extract<GeneratedEvent, { kind: K }>["value"],
  ): GeneratedEvent {
    return {
      kind,
      channel: this.channel.name,
      timestampMs: Math.floor(this.#ctx.stampUs(us) / 1000),
      id,
      value,
    } as GeneratedEvent;
  }

  #meta(
    type: StreamMetaType,
    us: number,
    handover?: ChannelHandover,
  ): GeneratedEvent | undefined {
    if (!this.#ctx.streamMeta) return undefined;
    const value = metaEvent(this.channel, type, this.#ctx.format(us), handover);
    return this.#event("stream_meta", us, value.event_id, value);
  }

  #lifeStep(us: number): GeneratedEvent | undefined {
    const channel = this.channel;
    if (channel.live) {
      if (this.#raidOut) {
        this.#raidOut = false;
        return this.#meta("raid_outgoing", us, {
          from_channel: channel.name,
          to_channel: pick(this.#rng, OUTSIDE_CHANNELS),
          viewers: outgoingRaidSize(channel),
        });
      }
      const event = this.#meta("stream_end", us);
      endStream(channel, us);
      this.#chatUs =
        this.#viewerUs =
        this.#transactionUs =
        this.#raidUs =
          Infinity;
      this.#window = windowAfter(this.#ctx.seed, channel.name, this.#habit, us);
      this.#lifeUs = this.#window.startUs;
      this.#planHost(us);
      return event;
    }
    if (this.#hostUs === us) {
      this.#hostUs = Infinity;
      this.#lifeUs = this.#window.startUs;
      channel.hosting = {
        from_channel: channel.name,
        to_channel: pick(this.#rng, OUTSIDE_CHANNELS),
        viewers: Math.max(1, Math.round(baseAudience(channel) * between(this.#rng, 0.02, 0.1))),
      };
      channel.hostedThisBreak = true;
      return this.#meta("host_start", us, channel.hosting);
    }
    if (channel.hosting !== undefined) {
      const handover = channel.hosting;
      channel.hosting = undefined;
      return this.#meta("host_end", us, handover);
    }
    this.#start(us);
    return this.#meta("stream_start", us);
  }

  #planHost(endUs: number): void {
    if (!chance(this.#rng, c.HOST_CHANCE)) return;
    const at = endUs +
      Math.floor(
        between(this.#rng, c.HOST_AFTER_END_MINUTES_MIN, c.HOST_AFTER_END_MINUTES_MAX) *
          US_PER_MINUTE,
      );
    if (at < this.#window.startUs - 10 * US_PER_MINUTE) {
      this.#hostUs = at;
      this.#lifeUs = at;
    }
  }

  #start(us: number): void {
    const rng = this.#rng;
    startStream(this.channel, us);
    this.#startStampUs = this.#ctx.stampUs(us);
    const endUs = this.#window.endUs;
    this.#lifeUs = endUs;
    this.#raidOut = chance(rng, c.RAID_OUT_CHANCE);
    this.#hype = 0;
    const changes: Change[] = [];
    const from = us + c.CHANGE_AFTER_START_MINUTES * US_PER_MINUTE;
    const to = endUs - c.CHANGE_BEFORE_END_MINUTES * US_PER_MINUTE;
    if (to > from) {
      const titles = weightedIndex(rng, TITLE_CUMUL);
      const categories = weightedIndex(rng, CATEGORY_CUMUL);
      for (let i = 0; i < titles + categories; i++) {
        changes.push({ us: Math.floor(between(rng, from, to)), category: i >= titles });
      }
      changes.sort((a, b) => a.us - b.us);
    }
    this.#changes = changes;
    this.#nextChange = 0;
    this.#raidUs = us + c.RAID_IN_QUIET_MINUTES * US_PER_MINUTE + wait(rng, RAID_IN_PER_US);
    this.#viewerUs = us +
      Math.floor(this.#ctx.viewerIntervalUs * between(rng, 0.25, 1));
    this.#rescheduleChat(us);
    this.#rescheduleTransactions(us);
  }

  #changeStep(us: number): GeneratedEvent | undefined {
    const change = this.#changes[this.#nextChange++]!;
    if (change.category) {
      changeCategory(this.channel, us);
      return this.#meta("category_change", us);
    }
    changeTitle(this.channel);
    return this.#meta("title_change", us);
  }

  #raidIn(us: number): GeneratedEvent | undefined {
    const rng = this.#rng;
    const cap = Math.min(
      c.RAID_VIEWERS_MAX,
      Math.max(c.RAID_VIEWERS_MIN, Math.round(baseAudience(this.channel) * c.RAID_IN_MAX_PER_BASE)),
    );
    const handover = {
      from_channel: pick(rng, OUTSIDE_CHANNELS),
      to_channel: this.channel.name,
      viewers: logInt(rng, c.RAID_VIEWERS_MIN, cap),
    };
    receiveRaid(this.channel, us, handover.viewers);
    this.#raidUs = us + c.RAID_IN_COOLDOWN_MINUTES * US_PER_MINUTE + wait(rng, RAID_IN_PER_US);
    this.#addHype(us, c.HYPE_RAID);
    return this.#meta("raid_incoming", us, handover);
  }

  #viewer(us: number): GeneratedEvent | undefined {
    const ctx = this.#ctx;
    const { value, jump } = viewerSnapshot(this.channel, us, ctx.format(us));
    if (ctx.timeLapse) this.#restamp(value, ctx.stampUs(us));
    const jitter = c.VIEWER_INTERVAL_JITTER;
    this.#viewerUs = us +
      Math.floor(ctx.viewerIntervalUs * between(this.#rng, 1 - jitter, 1 + jitter));
    if (jump > 0) this.#addHype(us, c.HYPE_SPIKE);
    else this.#rescheduleChat(us);
    this.#rescheduleTransactions(us);
    if (!ctx.viewer) return undefined;
    const event = this.#event("viewer", us, value.event_id, value);
    return jump === 0 ? event : { ...event, viewerJump: jump } as GeneratedEvent;
  }

  #transaction(us: number): GeneratedEvent | undefined {
    const ctx = this.#ctx;
    const type = TRANSACTION_TYPES[weightedIndex(this.#rng, TRANSACTION_CUMUL)]!;
    this.#rescheduleTransactions(us);
    if (type === "bits" && ctx.chat && ctx.transaction) {
      // A cheer is one act: its chat line now, its bits transaction next, at the same instant.
      const act = cheerAct(this.channel, us, ctx.format(us), this.#templates);
      const value = act.transaction;
      this.#queued = this.#event("transaction", us, value.transaction_id, value);
      this.#queuedUs = us;
      return this.#event("chat", us, act.chat.message_id, act.chat);
    }
    const value = payment(this.channel, us, ctx.format(us), type);
    if (
      (type === "donation" && value.amount >= c.BIG_DONATION_USD) ||
      (type === "gift_sub" && (value.gift_count ?? 0) >= c.BIG_GIFT_COUNT)
    ) {
      this.#addHype(us, c.HYPE_BIG_GIFT);
    }
    if (!ctx.transaction) return undefined;
    return this.#event("transaction", us, value.transaction_id, value);
  }

  #chat(us: number): GeneratedEvent {
    const value = chatLine(this.channel, this.#ctx.format(us), this.#templates);
    this.#rescheduleChat(us);
    return this.#event("chat", us, value.message_id, value);
  }

  /** Uptime and day peak by the timestamps' clock, not the faster world's. */
  #restamp(value: ViewerCount, stampUs: number): void {
    const day = utcDay(stampUs);
    if (day !== this.#peakDay) {
      this.#peakDay = day;
      this.#peak = 0;
    }
    if (value.viewer_count > this.#peak) this.#peak = value.viewer_count;
    restamp(value, Math.floor((stampUs - this.#startStampUs) / US_PER_SECOND), this.#peak);
  }

  #hypeFactor(us: number): number {
    if (this.#hype === 0) return 1;
    const hype = this.#hype * Math.exp(-(us - this.#hypeAtUs) / HYPE_TAU_US);
    // Spent hype is dropped, so a calm chat does not pay for an exp() per message.
    if (hype < 0.01) this.#hype = 0;
    return 1 + hype;
  }

  #addHype(us: number, amount: number): void {
    const now = this.#hypeFactor(us) - 1;
    this.#hype = Math.min(c.HYPE_MAX, now + amount);
    this.#hypeAtUs = us;
    this.#rescheduleChat(us);
  }

  #rescheduleChat(us: number): void {
    if (!this.#ctx.chat) return;
    const rate = reportedViewers(this.channel) * this.#chatPerViewerUs * this.#hypeFactor(us);
    this.#chatUs = us + wait(this.#chatRng, rate);
  }

  #rescheduleTransactions(us: number): void {
    this.#transactionUs = us +
      wait(this.#rng, reportedViewers(this.channel) * this.#paymentsPerViewerUs);
  }
}

/** An exponential waiting time (whole µs, at least 1) at `ratePerUs`; Infinity at rate 0. */
function wait(rng: Rng, ratePerUs: number): number {
  if (!(ratePerUs > 0)) return Infinity;
  return 1 + Math.floor(-Math.log(1 - float(rng)) / ratePerUs);
}

function logUniform(rng: Rng, lo: number, hi: number): number {
  return Math.exp(between(rng, Math.log(lo), Math.log(hi)));
}
