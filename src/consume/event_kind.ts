/**
 * Which of the four event kinds a record holds — from its topic, its `event_type` header or,
 * for records of other producers on other topics, the shape of its value — and the finer type
 * the statistics count (transaction_type, stream_meta event_type).
 */
import { EVENT_KINDS, SCHEMA_OF_KIND, TOPIC_SUFFIX } from "../generator/event_kinds.ts";
import type { EventKind as Kind } from "../generator/types.ts";

export type { Kind };

/** The kind a topic carries: an exact configured name, else a `….chat`-style suffix. */
export function kindOfTopic(
  topic: string,
  topics: Readonly<Partial<Record<Kind, string>>> = {},
): Kind | undefined {
  for (const kind of EVENT_KINDS) if (topics[kind] === topic) return kind;
  for (const kind of EVENT_KINDS) {
    const suffix = TOPIC_SUFFIX[kind];
    if (topic === suffix || topic.endsWith(`.${suffix}`)) return kind;
  }
  return undefined;
}

/** The kind an `event_type` header names (`chat_message` or `chat`, …). */
export function kindOfHeader(value: string | undefined): Kind | undefined {
  if (value === undefined) return undefined;
  for (const kind of EVENT_KINDS) {
    if (value === SCHEMA_OF_KIND[kind] || value === kind || value === TOPIC_SUFFIX[kind]) {
      return kind;
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The kind a parsed value looks like, by the identifying field each schema requires. */
export function kindOfShape(value: unknown): Kind | undefined {
  if (!isObject(value)) return undefined;
  if ("message_id" in value) return "chat";
  if ("transaction_id" in value || "transaction_type" in value) return "transaction";
  if ("viewer_count" in value) return "viewer";
  if ("event_type" in value && "event_id" in value) return "stream_meta";
  return undefined;
}

/** How the statistics name a record's type when it is not a recognisable event. */
export type Irregular = "null" | "empty" | "not UTF-8" | "not JSON" | "unknown";

/**
 * The type a record counts as: the schema name for chat and viewer events, the
 * transaction_type / event_type for transactions and stream events; "unknown" when the value
 * does not look like an event of its kind.
 */
export function eventTypeOf(kind: Kind | undefined, value: unknown): string {
  if (kind === undefined || !isObject(value) || kindOfShape(value) !== kind) return "unknown";
  if (kind === "transaction" && typeof value.transaction_type === "string") {
    return value.transaction_type;
  }
  if (kind === "stream_meta" && typeof value.event_type === "string") return value.event_type;
  return SCHEMA_OF_KIND[kind];
}
