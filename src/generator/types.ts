/**
 * The generator's public types: its configuration, the events it yields and their payloads.
 * Payload field names and shapes follow `schemas/*.json` exactly (additionalProperties is false).
 */

export interface GeneratorConfig {
  /** Channel names, at least one, no duplicates. Each is a Kafka record key. */
  readonly channels: readonly string[];
  /** How many chat templates are in use: 1 up to CHAT_TEMPLATE_COUNT (the seed's default is 50). */
  readonly messageVariants: number;
  /** Disabled kinds are never emitted and the weights of the others renormalise. */
  readonly enabled: Readonly<Record<EventKind, boolean>>;
}

export type Sentiment = "positive" | "negative" | "neutral" | "excited" | "question";

export type ChatClient = "web" | "desktop" | "ios" | "android" | "tv" | "console";

export type ChatBadge = "subscriber" | "moderator" | "vip";

export interface ChatMessage {
  readonly message_id: string;
  readonly channel: string;
  readonly stream_id: string;
  readonly username: string;
  readonly user_id: string;
  readonly message: string;
  readonly emotes: readonly string[];
  readonly badges: readonly ChatBadge[];
  readonly is_action: boolean;
  readonly bits: number;
  readonly sentiment_hint: Sentiment;
  readonly timestamp: string;
  readonly metadata: { readonly client: ChatClient; readonly color: string };
}

export interface ViewerCount {
  readonly event_id: string;
  readonly channel: string;
  readonly stream_id: string;
  readonly viewer_count: number;
  readonly chatter_count: number;
  readonly follower_count: number;
  readonly subscriber_count: number;
  readonly timestamp: string;
  readonly metadata: { readonly peak_today: number; readonly stream_uptime_seconds: number };
}

export type TransactionType =
  | "donation"
  | "subscription"
  | "bits"
  | "gift_sub"
  | "subscription_renewal";

export type Tier = "1" | "2" | "3" | "Prime";

export type PaymentMethod =
  | "paypal"
  | "credit_card"
  | "debit_card"
  | "apple_pay"
  | "google_pay"
  | "amazon_pay"
  | "prime_gaming"
  | "bits"
  | "gift_card";

/**
 * `amount` is the transaction's value in US dollars, rounded to cents: the donation; the tier
 * price for subscription and renewal (1 = 4.99, 2 = 9.99, 3 = 24.99, Prime = 4.99); bits / 100;
 * gift_count × tier price for gift_sub. `username`/`user_id` are absent when anonymous.
 */
export interface Transaction {
  readonly transaction_id: string;
  readonly channel: string;
  readonly stream_id: string;
  readonly username?: string;
  readonly user_id?: string;
  readonly transaction_type: TransactionType;
  readonly amount: number;
  readonly currency: "USD";
  readonly tier?: Tier;
  readonly bits?: number;
  readonly gift_count?: number;
  readonly message?: string;
  readonly is_anonymous: boolean;
  readonly timestamp: string;
  readonly metadata: { readonly payment_method: PaymentMethod; readonly refundable: boolean };
}

export type StreamMetaType =
  | "stream_start"
  | "stream_end"
  | "title_change"
  | "category_change"
  | "raid_incoming"
  | "raid_outgoing"
  | "host_start"
  | "host_end";

export type StreamQuality = "source" | "1080p60" | "1080p" | "720p60";

export type Encoder = "x264" | "NVENC" | "AMF" | "QuickSync" | "VideoToolbox";

/** Viewers sent from one channel to another (raids and hosts). */
export interface ChannelHandover {
  readonly from_channel: string;
  readonly to_channel: string;
  readonly viewers: number;
}

/**
 * `stream_id` is present while the channel is live (and on the stream_end that closes it);
 * title, category and the rest always describe the channel's current settings.
 */
export interface StreamMeta {
  readonly event_id: string;
  readonly channel: string;
  readonly event_type: StreamMetaType;
  readonly timestamp: string;
  readonly stream_id?: string;
  readonly title: string;
  readonly category: string;
  readonly category_id: string;
  readonly language: string;
  readonly is_mature: boolean;
  readonly tags: readonly string[];
  readonly raid?: ChannelHandover;
  readonly host?: ChannelHandover;
  readonly metadata: { readonly stream_quality: StreamQuality; readonly encoder: Encoder };
}

/**
 * The value type of each event kind; its keys are the kinds. The rest of what is known about a
 * kind (topic suffix, schema name, `event_type` header) is in event_kinds.ts, checked against it.
 */
export interface EventValues {
  readonly chat: ChatMessage;
  readonly viewer: ViewerCount;
  readonly transaction: Transaction;
  readonly stream_meta: StreamMeta;
}

export type EventKind = keyof EventValues;

export type EventValue = EventValues[EventKind];

interface KindEvent<K extends EventKind> {
  readonly kind: K;
  /** The channel, also the Kafka record key. */
  readonly channel: string;
  /** Event time in whole epoch milliseconds: the value's `timestamp` without its microseconds. */
  readonly timestampMs: number;
  /** message_id, event_id or transaction_id of the value. */
  readonly id: string;
  readonly value: EventValues[K];
  /**
   * With stream_meta disabled: the stream_meta events that happened just before this one and
   * are not sent (streams still start and end, raids still land), so they can still be logged.
   */
  readonly unsent?: readonly StreamMeta[];
  /**
   * Set by produce's disorder stage (src/produce/disorder.ts), never by the generator: this
   * record is sent late, a second time, or is a malformed extra. Sent as the
   * `telemetra.anomaly` header.
   */
  readonly anomaly?: Anomaly;
  /** A malformed record: the bytes sent instead of the value, and the event_type header sent. */
  readonly malformed?: { readonly value: string; readonly eventType: string };
}

/** What the disorder stage did to a record. */
export type Anomaly = "late" | "duplicate" | "malformed";

export interface ViewerEvent extends KindEvent<"viewer"> {
  /**
   * A sudden audience change since the channel's previous viewer event (positive: a spike of
   * +50–500 viewers; negative: a drop of 20–200), for "Viewer spike" logs.
   */
  readonly viewerJump?: number;
}

/** An event of one kind, its value typed by the kind: narrowing on `kind` narrows `value`. */
export type GeneratedEvent = {
  readonly [K in EventKind]: K extends "viewer" ? ViewerEvent : KindEvent<K>;
}[EventKind];
