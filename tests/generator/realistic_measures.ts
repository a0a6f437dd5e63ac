/**
 * The realistic profile's acceptance measures, computed from the events alone (what a consumer of
 * the four topics sees) over a window [startMs, endMs): per channel, per stream, per offline
 * period and per channel-hour.
 */
import { parseMicros } from "../../src/generator/timestamp.ts";
import type { GeneratedEvent } from "../../src/generator/types.ts";

const HOUR_US = 3_600_000_000;

export interface ChannelMeasures {
  readonly channel: string;
  /** Median gap between consecutive viewer_count events of one stream, in seconds. */
  readonly medianViewerGapS: number;
  readonly offlineShare: number;
  readonly liveHours: number;
  /** Thousands of viewer-hours: viewer counts integrated over live time. */
  readonly kiloViewerHours: number;
  /** New subscriptions + renewals + gifted subs per 1,000 viewers per live hour. */
  readonly subsPerKiloViewerHour: number;
  readonly revenuePerKiloViewerHour: number;
  /** subscriber_count of the last viewer event over that of the first. */
  readonly subscriberGrowth: number;
}

export interface HourMeasures {
  readonly channel: string;
  readonly hour: number;
  readonly liveMinutes: number;
  readonly chatPerMinutePerKilo: number;
  readonly distinctChatters: number;
  /** The largest chatter_count in force during the hour (its viewer events and the one before). */
  readonly maxChatterCount: number;
}

export interface Measures {
  readonly channels: ChannelMeasures[];
  readonly hours: HourMeasures[];
  /** title_change / category_change counts per stream_id. */
  readonly titleChangesPerStream: number[];
  readonly categoryChangesPerStream: number[];
  /** host_start counts per offline period. */
  readonly hostsPerOfflinePeriod: number[];
}

interface Live {
  fromUs: number;
  toUs: number;
}

interface ChannelLog {
  readonly events: { us: number; event: GeneratedEvent }[];
}

export function measure(
  events: readonly GeneratedEvent[],
  startMs: number,
  endMs: number,
): Measures {
  const startUs = startMs * 1000;
  const endUs = endMs * 1000;
  const logs = new Map<string, ChannelLog>();
  for (const event of events) {
    const us = parseMicros((event.value as { timestamp: string }).timestamp);
    let log = logs.get(event.channel);
    if (log === undefined) logs.set(event.channel, log = { events: [] });
    log.events.push({ us, event });
  }
  const result: Measures = {
    channels: [],
    hours: [],
    titleChangesPerStream: [],
    categoryChangesPerStream: [],
    hostsPerOfflinePeriod: [],
  };
  for (const [channel, log] of logs) measureChannel(channel, log, startUs, endUs, result);
  return result;
}

function measureChannel(
  channel: string,
  log: ChannelLog,
  startUs: number,
  endUs: number,
  out: Measures,
): void {
  const lives: Live[] = [];
  const gaps: number[] = [];
  let lastViewer: { us: number; viewers: number; streamId: string } | undefined;
  let viewerUs = 0;
  let subs = 0;
  let revenue = 0;
  let firstSubscribers: number | undefined;
  let lastSubscribers = 0;
  const titles = new Map<string, number>();
  const categories = new Map<string, number>();
  let hosts = 0;
  let offline = true;
  const closeViewer = (us: number) => {
    if (lastViewer !== undefined) viewerUs += lastViewer.viewers * (us - lastViewer.us);
    lastViewer = undefined;
  };

  for (const { us, event } of log.events) {
    switch (event.kind) {
      case "stream_meta": {
        const meta = event.value;
        if (meta.event_type === "stream_start") {
          if (offline) out.hostsPerOfflinePeriod.push(hosts);
          hosts = 0;
          offline = false;
          lives.push({ fromUs: us, toUs: endUs });
          titles.set(meta.stream_id!, 0);
          categories.set(meta.stream_id!, 0);
        } else if (meta.event_type === "stream_end") {
          closeViewer(us);
          offline = true;
          lives[lives.length - 1]!.toUs = us;
        } else if (meta.event_type === "host_start") hosts++;
        else if (meta.event_type === "title_change" && meta.stream_id !== undefined) {
          titles.set(meta.stream_id, (titles.get(meta.stream_id) ?? 0) + 1);
        } else if (meta.event_type === "category_change" && meta.stream_id !== undefined) {
          categories.set(meta.stream_id, (categories.get(meta.stream_id) ?? 0) + 1);
        }
        break;
      }
      case "viewer": {
        const v = event.value;
        if (lastViewer !== undefined && lastViewer.streamId === v.stream_id) {
          gaps.push((us - lastViewer.us) / 1e6);
        }
        closeViewer(us);
        lastViewer = { us, viewers: v.viewer_count, streamId: v.stream_id };
        firstSubscribers ??= v.subscriber_count;
        lastSubscribers = v.subscriber_count;
        break;
      }
      case "transaction": {
        const t = event.value;
        revenue += t.amount;
        if (
          t.transaction_type === "subscription" || t.transaction_type === "subscription_renewal"
        ) {
          subs += 1;
        } else if (t.transaction_type === "gift_sub") subs += t.gift_count ?? 0;
        break;
      }
      case "chat":
        break;
    }
  }
  if (offline) out.hostsPerOfflinePeriod.push(hosts);
  closeViewer(endUs);
  out.titleChangesPerStream.push(...titles.values());
  out.categoryChangesPerStream.push(...categories.values());

  const liveUs = lives.reduce((sum, l) => sum + (l.toUs - l.fromUs), 0);
  const kiloViewerHours = viewerUs / HOUR_US / 1000;
  out.channels.push({
    channel,
    medianViewerGapS: median(gaps),
    offlineShare: 1 - liveUs / (endUs - startUs),
    liveHours: liveUs / HOUR_US,
    kiloViewerHours,
    subsPerKiloViewerHour: subs / kiloViewerHours,
    revenuePerKiloViewerHour: revenue / kiloViewerHours,
    subscriberGrowth: lastSubscribers / (firstSubscribers ?? NaN),
  });
  out.hours.push(...hourMeasures(channel, log, lives, startUs, endUs));
}

function hourMeasures(
  channel: string,
  log: ChannelLog,
  lives: readonly Live[],
  startUs: number,
  endUs: number,
): HourMeasures[] {
  const hours: HourMeasures[] = [];
  let inForce = 0;
  let index = 0;
  const events = log.events;
  for (let hourUs = startUs; hourUs < endUs; hourUs += HOUR_US) {
    const toUs = Math.min(endUs, hourUs + HOUR_US);
    let liveUs = 0;
    for (const live of lives) {
      liveUs += Math.max(0, Math.min(toUs, live.toUs) - Math.max(hourUs, live.fromUs));
    }
    let chat = 0;
    let viewerSum = 0;
    let viewerEvents = 0;
    let maxChatters = inForce;
    const chatters = new Set<string>();
    for (; index < events.length && events[index]!.us < toUs; index++) {
      const { event } = events[index]!;
      if (event.kind === "chat") {
        chat++;
        chatters.add(event.value.username);
      } else if (event.kind === "viewer") {
        viewerSum += event.value.viewer_count;
        viewerEvents++;
        inForce = event.value.chatter_count;
        maxChatters = Math.max(maxChatters, inForce);
      }
    }
    if (viewerEvents === 0 || liveUs === 0) continue;
    const liveMinutes = liveUs / 60_000_000;
    hours.push({
      channel,
      hour: Math.round((hourUs - startUs) / HOUR_US),
      liveMinutes,
      chatPerMinutePerKilo: chat / liveMinutes / (viewerSum / viewerEvents / 1000),
      distinctChatters: chatters.size,
      maxChatterCount: maxChatters,
    });
  }
  return hours;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
