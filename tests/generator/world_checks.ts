/**
 * An independent checker of the coherent-world rules (issue item 4), reading only what a
 * consumer sees: the events in order. Returns the violations found (empty = coherent), so tests
 * can also prove it catches a broken stream.
 */
import { parseMicros } from "../../src/generator/timestamp.ts";
import type {
  ChatMessage,
  GeneratedEvent,
  StreamMeta,
  Transaction,
  ViewerCount,
} from "../../src/generator/types.ts";

interface ChannelView {
  live: boolean;
  streamId: string | undefined;
  streamStartUs: number;
  title: string | undefined;
  category: string | undefined;
  lastUs: number;
  followers: number;
  subscribers: number | undefined;
  /** Subscriptions and gifted subs seen since the last viewer event. */
  pendingSubs: number;
  day: number;
  peak: number;
  /** Host starts since the last stream_end (or since the start). */
  hostsThisBreak: number;
  /** A chat cheer waiting for its bits transaction. */
  cheer: ChatMessage | undefined;
  /** Per username: the client, colour and role badges of their first line. */
  users: Map<string, string>;
  /** Users who subscribed, and when: their next line (within a minute) wears the badge. */
  subscribed: Map<string, number>;
}

const SUBSCRIBED_WINDOW_US = 20_000_000;

const US_PER_DAY = 86_400_000_000;

export function worldViolations(events: readonly GeneratedEvent[]): string[] {
  const problems: string[] = [];
  const channels = new Map<string, ChannelView>();
  const report = (i: number, message: string) => {
    if (problems.length < 20) problems.push(`event ${i}: ${message}`);
  };

  events.forEach((event, i) => {
    const value = event.value as { timestamp: string; channel: string };
    const us = parseMicros(value.timestamp);
    if (value.channel !== event.channel) report(i, "value.channel differs from the key");
    if (Math.floor(us / 1000) !== event.timestampMs) {
      report(i, "timestampMs differs from timestamp");
    }
    let view = channels.get(event.channel);
    if (view === undefined) {
      view = {
        live: false,
        streamId: undefined,
        streamStartUs: 0,
        title: undefined,
        category: undefined,
        lastUs: -Infinity,
        followers: 0,
        subscribers: undefined,
        pendingSubs: 0,
        day: -1,
        peak: 0,
        hostsThisBreak: 0,
        cheer: undefined,
        users: new Map(),
        subscribed: new Map(),
      };
      channels.set(event.channel, view);
    }
    if (us < view.lastUs) report(i, `${event.channel} went back in time`);
    if (view.cheer !== undefined && event.kind !== "transaction") {
      report(i, `the cheer of ${view.cheer.username} has no bits transaction`);
      view.cheer = undefined;
    }
    view.lastUs = us;

    if (event.kind !== "stream_meta" && !view.live) {
      report(i, `${event.kind} event on offline channel ${event.channel}`);
    }
    if (event.kind !== "stream_meta") {
      const streamId = (event.value as { stream_id: string }).stream_id;
      if (streamId !== view.streamId) {
        report(i, `${event.kind} carries ${streamId}, the open stream is ${view.streamId}`);
      }
    }

    switch (event.kind) {
      case "stream_meta":
        checkMeta(event.value as StreamMeta, us, view, (m) => report(i, m));
        break;
      case "transaction": {
        const t = event.value as Transaction;
        if (t.transaction_type === "subscription") view.pendingSubs += 1;
        if (t.transaction_type === "gift_sub") view.pendingSubs += t.gift_count ?? 0;
        if (t.transaction_type === "subscription" && t.username !== undefined) {
          view.subscribed.set(t.username, us);
        }
        checkCheerTransaction(t, view, (m) => report(i, m));
        break;
      }
      case "viewer":
        checkViewer(event.value as ViewerCount, us, view, (m) => report(i, m));
        break;
      case "chat": {
        const c = event.value as ChatMessage;
        if (c.stream_id !== view.streamId) report(i, "chat outside its stream");
        checkChatUser(c, us, view, (m) => report(i, m));
        break;
      }
    }
  });
  return problems;
}

function checkMeta(meta: StreamMeta, us: number, view: ChannelView, report: (m: string) => void) {
  switch (meta.event_type) {
    case "stream_start":
      if (view.live) report("stream_start while live");
      if (meta.stream_id === undefined || meta.stream_id === view.streamId) {
        report("stream_start without a new stream_id");
      }
      view.live = true;
      view.streamId = meta.stream_id;
      view.streamStartUs = us;
      view.title = meta.title;
      view.category = meta.category;
      return;
    case "title_change":
      if (meta.title === view.title) report("title_change to the same title");
      view.title = meta.title;
      break;
    case "category_change":
      if (meta.category === view.category) report("category_change to the same category");
      view.category = meta.category;
      // A new category may bring a title that fits it.
      view.title = meta.title;
      break;
  }
  if (meta.title !== undefined && meta.category !== undefined) {
    const misfit = titleMisfit(meta.title, meta.category);
    if (misfit !== undefined) report(misfit);
  }
  if (view.title !== undefined && meta.title !== view.title) {
    report(`title "${meta.title}" differs from the latest "${view.title}"`);
  }
  if (view.category !== undefined && meta.category !== view.category) {
    report(`category "${meta.category}" differs from the latest "${view.category}"`);
  }
  view.title ??= meta.title;
  view.category ??= meta.category;
  if (view.live) {
    if (meta.stream_id !== view.streamId) report(`${meta.event_type} carries another stream_id`);
  } else if (meta.stream_id !== undefined) {
    report(`${meta.event_type} of an offline channel carries a stream_id`);
  }
  if (meta.event_type === "stream_end") {
    if (!view.live) report("stream_end while offline");
    view.live = false;
  }
  if (meta.event_type === "raid_incoming" || meta.event_type === "raid_outgoing") {
    if (!view.live) report(`${meta.event_type} while offline`);
    if (meta.raid === undefined) report(`${meta.event_type} without raid`);
  }
  if (meta.event_type === "host_start" || meta.event_type === "host_end") {
    if (view.live) report(`${meta.event_type} while live`);
  }
  if (meta.event_type === "stream_end") view.hostsThisBreak = 0;
  if (meta.event_type === "host_start" && ++view.hostsThisBreak > 1) {
    report("a second host_start in one offline period");
  }
}

/** A user is state: client, colour and role stay; a new subscriber wears the badge. */
function checkChatUser(c: ChatMessage, us: number, view: ChannelView, report: (m: string) => void) {
  const roles = c.badges.filter((b) => b !== "subscriber").join("+");
  const identity = `${c.metadata?.client} ${c.metadata?.color} ${roles}`;
  const known = view.users.get(c.username);
  if (known === undefined) view.users.set(c.username, identity);
  else if (known !== identity) report(`${c.username} was "${known}", now "${identity}"`);
  const since = view.subscribed.get(c.username);
  if (since !== undefined) {
    view.subscribed.delete(c.username);
    if (us - since <= SUBSCRIBED_WINDOW_US && !c.badges.includes("subscriber")) {
      report(`${c.username} subscribed but chats without the subscriber badge`);
    }
  }
  if (c.bits > 0) {
    if (view.cheer !== undefined) report(`the cheer of ${view.cheer.username} has no transaction`);
    view.cheer = c;
  }
}

/** A bits transaction is the other half of the chat cheer just before it. */
function checkCheerTransaction(t: Transaction, view: ChannelView, report: (m: string) => void) {
  const cheer = view.cheer;
  view.cheer = undefined;
  if (t.transaction_type !== "bits") {
    if (cheer !== undefined) report(`the cheer of ${cheer.username} has no bits transaction`);
    return;
  }
  if (cheer === undefined) {
    report("a bits transaction without its chat cheer");
    return;
  }
  if (
    cheer.username !== t.username || cheer.bits !== t.bits || t.amount !== cheer.bits / 100 ||
    cheer.timestamp !== t.timestamp
  ) {
    report(
      `cheer ${cheer.username} ${cheer.bits} @${cheer.timestamp} vs bits ${t.username} ${t.bits} @${t.timestamp}`,
    );
  }
}

function checkViewer(v: ViewerCount, us: number, view: ChannelView, report: (m: string) => void) {
  if (v.chatter_count > v.viewer_count) report("more chatters than viewers");
  if (v.follower_count < view.followers) report("follower_count decreased");
  view.followers = v.follower_count;
  if (
    view.subscribers !== undefined && v.subscriber_count !== view.subscribers + view.pendingSubs
  ) {
    report(
      `subscriber_count ${v.subscriber_count}, expected ${view.subscribers} + ${view.pendingSubs} new`,
    );
  }
  view.subscribers = v.subscriber_count;
  view.pendingSubs = 0;
  const day = Math.floor(us / US_PER_DAY);
  if (day !== view.day) {
    view.day = day;
    view.peak = 0;
  }
  view.peak = Math.max(view.peak, v.viewer_count);
  if (v.metadata.peak_today < view.peak) {
    report(`peak_today ${v.metadata.peak_today} below a viewer_count of the day (${view.peak})`);
  }
  const uptime = Math.floor((us - view.streamStartUs) / 1_000_000);
  if (v.metadata.stream_uptime_seconds !== uptime) {
    report(`stream_uptime_seconds ${v.metadata.stream_uptime_seconds}, expected ${uptime}`);
  }
}

/** Categories that are not games, and games with a competitive ladder (as a viewer knows them). */
const NOT_GAMES = new Set([
  "Just Chatting",
  "Music",
  "Art",
  "Software and Game Development",
  "Talk Shows & Podcasts",
]);
const LADDER_GAMES = new Set([
  "Fortnite",
  "League of Legends",
  "Valorant",
  "Counter-Strike",
  "Dota 2",
  "Apex Legends",
  "Hearthstone",
  "Overwatch 2",
  "Rocket League",
  "Chess",
  "Teamfight Tactics",
]);
const PLAYING =
  /playthrough|difficulty|speedrun|completion|no deaths|blind run|finish it|first look|viewer games/i;
const LADDER = /ranked|top 500|tournament/i;

/** Why a title does not fit its category (ranked play over Music, a speedrun of Just Chatting). */
function titleMisfit(title: string, category: string): string | undefined {
  if (LADDER.test(title) && !LADDER_GAMES.has(category)) {
    return `title "${title}" does not fit ${category}`;
  }
  if (PLAYING.test(title) && NOT_GAMES.has(category)) {
    return `title "${title}" does not fit ${category}`;
  }
  return undefined;
}
