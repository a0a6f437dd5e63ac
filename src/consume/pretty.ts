/**
 * The human format: one line per record, shaped by event type. Times are the event's own
 * timestamp in UTC (HH:MM:SS); records that are not recognisable events are shown raw with
 * where they came from. Every string from a record is sanitised so a hostile value cannot
 * drive the terminal.
 */
import type { Kind } from "./event_kind.ts";
import type { DecodedValue } from "./record.ts";

export interface PrettyOptions {
  /** ANSI colours (a terminal without NO_COLOR). */
  readonly color: boolean;
  /** Raw values longer than this are cut, saying how much was left out. */
  readonly maxRawChars: number;
}

export const DEFAULT_PRETTY: PrettyOptions = { color: false, maxRawChars: 400 };

/** Everything the pretty line needs about one record. */
export interface PrettyRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** Record timestamp, ms since the epoch. */
  readonly timestampMs: number;
  readonly key: string | undefined;
  readonly value: DecodedValue;
  readonly kind: Kind | undefined;
}

type Obj = Record<string, unknown>;

const STYLE = {
  dim: "2",
  bold: "1",
  badge: "36",
  emote: "1;35",
  money: "32",
  stream: "33",
  warn: "31",
} as const;

// C0/C1 controls, DEL, and bidi overrides that could reorder what the terminal shows.
// deno-lint-ignore no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** The text with control characters shown as escapes (`\n`, `\u001b`). */
export function sanitize(text: string): string {
  return text.replace(UNSAFE, (c) => {
    if (c === "\n") return "\\n";
    if (c === "\t") return "\\t";
    if (c === "\r") return "\\r";
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}

/** 1234567 → "1,234,567" (independent of the machine's locale). */
export function groupDigits(n: number): string {
  const [int, frac] = String(Math.abs(n)).split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${n < 0 ? "-" : ""}${grouped}${frac === undefined ? "" : `.${frac}`}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** HH:MM:SS in UTC of the event's timestamp, else of the record's. */
export function clockTime(eventTimestamp: unknown, recordMs: number): string {
  let ms = typeof eventTimestamp === "string" ? Date.parse(eventTimestamp) : NaN;
  if (!Number.isFinite(ms)) ms = recordMs;
  if (!Number.isFinite(ms)) return "--:--:--";
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return "--:--:--";
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

function painter(color: boolean) {
  return (style: string, text: string) => color ? `\x1b[${style}m${text}\x1b[0m` : text;
}

const str = (v: unknown): string | undefined => typeof v === "string" ? sanitize(v) : undefined;
const num = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/** The pretty line for one record (no trailing newline). */
export function prettyLine(record: PrettyRecord, options: PrettyOptions = DEFAULT_PRETTY): string {
  const paint = painter(options.color);
  const value = record.value.json;
  if (record.value.shape === "json" && isObj(value) && record.kind !== undefined) {
    const head = `${paint(STYLE.dim, clockTime(value.timestamp, record.timestampMs))} #${
      str(value.channel) ?? sanitize(record.key ?? "?")
    }`;
    const body = EVENT_BODY[record.kind](value, paint);
    if (body !== undefined) return `${head} ${body}`;
  }
  return rawLine(record, options, paint);
}

type Paint = ReturnType<typeof painter>;

const EVENT_BODY: Record<Kind, (v: Obj, paint: Paint) => string | undefined> = {
  chat: chatBody,
  viewer: viewerBody,
  transaction: transactionBody,
  stream_meta: streamMetaBody,
};

function chatBody(v: Obj, paint: Paint): string | undefined {
  const user = str(v.username);
  let message = str(v.message);
  if (user === undefined || message === undefined) return undefined;
  const badges = Array.isArray(v.badges) ? v.badges.filter((b) => typeof b === "string") : [];
  const badgeText = badges.length > 0
    ? `${paint(STYLE.badge, `[${badges.map((b) => sanitize(b)).join(",")}]`)} `
    : "";
  const emotes = new Set(
    Array.isArray(v.emotes) ? v.emotes.filter((e) => typeof e === "string") : [],
  );
  // The text as sent: emotes stand out by colour alone, so without colour it is unchanged.
  if (emotes.size > 0) {
    message = message.split(" ").map((word) => emotes.has(word) ? paint(STYLE.emote, word) : word)
      .join(" ");
  }
  const bits = num(v.bits);
  const bitsText = bits !== undefined && bits > 0
    ? ` ${paint(STYLE.money, `(${groupDigits(bits)} bits)`)}`
    : "";
  if (v.is_action === true) {
    const text = message.startsWith("/me ") ? message.slice(4) : message;
    return `${badgeText}* ${paint(STYLE.bold, user)} ${text}${bitsText}`;
  }
  return `${badgeText}<${paint(STYLE.bold, user)}> ${message}${bitsText}`;
}

function uptime(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return `${h}h${pad2(m)}m`;
}

function viewerBody(v: Obj, paint: Paint): string | undefined {
  const viewers = num(v.viewer_count);
  if (viewers === undefined) return undefined;
  const extra: string[] = [];
  const chatters = num(v.chatter_count);
  if (chatters !== undefined) extra.push(`chatters ${groupDigits(chatters)}`);
  const followers = num(v.follower_count);
  if (followers !== undefined) extra.push(`followers ${groupDigits(followers)}`);
  const subs = num(v.subscriber_count);
  if (subs !== undefined) extra.push(`subscribers ${groupDigits(subs)}`);
  const meta = isObj(v.metadata) ? v.metadata : {};
  const peak = num(meta.peak_today);
  if (peak !== undefined) extra.push(`peak ${groupDigits(peak)}`);
  const up = num(meta.stream_uptime_seconds);
  if (up !== undefined) extra.push(`uptime ${uptime(up)}`);
  const tail = extra.length > 0 ? ` (${extra.join(", ")})` : "";
  return `viewers ${paint(STYLE.bold, groupDigits(viewers))}${tail}`;
}

function transactionBody(v: Obj, paint: Paint): string | undefined {
  const type = str(v.transaction_type);
  if (type === undefined) return undefined;
  const amount = num(v.amount);
  const currency = str(v.currency) ?? "USD";
  const money = amount === undefined
    ? ""
    : ` ${paint(STYLE.money, `${amount.toFixed(2)} ${currency}`)}`;
  const tier = str(v.tier);
  const tierText = tier === undefined ? undefined : tier === "Prime" ? "Prime" : `tier ${tier}`;
  let detail: string | undefined;
  if (type === "gift_sub") {
    const count = num(v.gift_count);
    detail = [count !== undefined ? `${count} ×` : undefined, tierText].filter(Boolean).join(" ");
  } else if (type === "bits") {
    const bits = num(v.bits);
    detail = bits !== undefined ? `${groupDigits(bits)} bits` : undefined;
  } else {
    detail = tierText;
  }
  const detailText = detail ? ` (${detail})` : "";
  const who = v.is_anonymous === true ? "anonymous" : str(v.username) ?? "anonymous";
  const message = str(v.message);
  const messageText = message ? `: ${message}` : "";
  return `${type}${money}${detailText} from ${paint(STYLE.bold, who)}${messageText}`;
}

function handoverText(v: Obj): string | undefined {
  const handover = isObj(v.raid) ? v.raid : isObj(v.host) ? v.host : undefined;
  if (handover === undefined) return undefined;
  const viewers = num(handover.viewers);
  const from = str(handover.from_channel);
  const to = str(handover.to_channel);
  const parts: string[] = [];
  if (viewers !== undefined) parts.push(`${groupDigits(viewers)} viewers`);
  // Name the other side: incoming raids come from someone, outgoing ones go to someone.
  if (to !== undefined && to !== v.channel) parts.push(`to ${to}`);
  else if (from !== undefined) parts.push(`from ${from}`);
  return parts.length > 0 ? parts.join(" ") : undefined;
}

function streamMetaBody(v: Obj, paint: Paint): string | undefined {
  const type = str(v.event_type);
  if (type === undefined) return undefined;
  const parts = [paint(STYLE.stream, type)];
  const title = str(v.title);
  const category = str(v.category);
  if (type.startsWith("raid_") || type.startsWith("host_")) {
    const handover = handoverText(v);
    if (handover !== undefined) parts.push(handover);
  } else if (type === "category_change") {
    if (category !== undefined) parts.push(category);
  } else if (type === "title_change") {
    if (title !== undefined) parts.push(JSON.stringify(title));
  } else if (type === "stream_start") {
    if (title !== undefined) parts.push(JSON.stringify(title));
    if (category !== undefined) parts.push(`[${category}]`);
  }
  return parts.join(" ");
}

const RAW_LABEL: Record<DecodedValue["shape"], string> = {
  null: "null value",
  empty: "empty value",
  binary: "not UTF-8",
  text: "not JSON",
  json: "unknown event",
};

function rawLine(record: PrettyRecord, options: PrettyOptions, paint: Paint): string {
  const { value } = record;
  const where = `${sanitize(record.topic)}/${record.partition}@${record.offset}`;
  const key = record.key === undefined ? "" : ` key=${sanitize(record.key)}`;
  let label = RAW_LABEL[value.shape];
  if (value.shape === "binary") label += `, ${groupDigits(value.bytes)} bytes as base64`;
  const head = `${paint(STYLE.dim, clockTime(undefined, record.timestampMs))} ${where}${key} ${
    paint(STYLE.warn, label)
  }`;
  if (value.shape === "null" || value.shape === "empty") return head;
  let shown = value.text;
  let cut = "";
  if (shown.length > options.maxRawChars) {
    cut = ` … (${groupDigits(value.bytes)} bytes in all)`;
    shown = shown.slice(0, options.maxRawChars);
  }
  return `${head}: ${sanitize(shown)}${cut}`;
}
