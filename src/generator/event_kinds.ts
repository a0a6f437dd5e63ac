/**
 * The event-kind registry: for each kind (the keys of types.ts's `EventValues`, which also gives
 * each kind's value type) the topic suffix its events go to, after the prefix
 * (`telemetra.events.` by default), and the schema its values follow, whose name every record
 * also carries in its `event_type` header.
 */
import type { EventKind } from "./types.ts";

/** The record header that names an event's type: its kind's schema name, e.g. `chat_message`. */
export const EVENT_TYPE_HEADER = "event_type";

/** Each kind's topic suffix and schema name, in topic order: the one place they are written. */
const EVENT_KIND = {
  chat: { topicSuffix: "chat", schema: "chat_message" },
  viewer: { topicSuffix: "viewer", schema: "viewer_count" },
  transaction: { topicSuffix: "transactions", schema: "transaction" },
  stream_meta: { topicSuffix: "stream_meta", schema: "stream_meta" },
} as const satisfies {
  readonly [K in EventKind]: { readonly topicSuffix: string; readonly schema: string };
};

/** The kinds in topic order: chat, viewer, transaction, stream_meta. */
export const EVENT_KINDS = Object.keys(EVENT_KIND) as readonly EventKind[];

/** The name of a built-in schema (and of its file, without `.json`, under `schemas/`). */
export type SchemaName = typeof EVENT_KIND[EventKind]["schema"];

/** The built-in schema names in topic order. */
export const SCHEMA_NAMES: readonly SchemaName[] = EVENT_KINDS.map((k) => EVENT_KIND[k].schema);

/** The topic suffix of each kind: `transaction` → `transactions`, the others their own name. */
export const TOPIC_SUFFIX: Readonly<Record<EventKind, string>> = mapKinds((k) =>
  EVENT_KIND[k].topicSuffix
);

/** The schema name of each kind, also its records' `event_type` header value. */
export const SCHEMA_OF_KIND: Readonly<Record<EventKind, SchemaName>> = mapKinds((k) =>
  EVENT_KIND[k].schema
);

function mapKinds<T>(f: (kind: EventKind) => T): Record<EventKind, T> {
  return Object.fromEntries(EVENT_KINDS.map((k) => [k, f(k)])) as Record<EventKind, T>;
}
