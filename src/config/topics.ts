/** Topic names per event kind, and the schema each kind is checked against. */
import { UsageError } from "../errors.ts";
import { parseList } from "./values.ts";

export const EVENT_KINDS = ["chat", "viewer", "transaction", "stream_meta"] as const;
export type Kind = typeof EVENT_KINDS[number];

export const DEFAULT_TOPIC_PREFIX = "telemetra.events.";

/** The suffix after the prefix: the seed's topic names. */
export const TOPIC_SUFFIX: Readonly<Record<Kind, string>> = {
  chat: "chat",
  viewer: "viewer",
  transaction: "transactions",
  stream_meta: "stream_meta",
};

/** The schema name (and the `event_type` record header) of each kind. */
export const SCHEMA_OF_KIND: Readonly<Record<Kind, string>> = {
  chat: "chat_message",
  viewer: "viewer_count",
  transaction: "transaction",
  stream_meta: "stream_meta",
};

/** The four default topic names, in kind order. */
export const DEFAULT_TOPICS: readonly string[] = EVENT_KINDS.map((k) =>
  DEFAULT_TOPIC_PREFIX + TOPIC_SUFFIX[k]
);

/** Topic names from a prefix and `kind=name` renames (`--topic chat=my.chat`). */
export function topicNames(prefix: string, renames: readonly string[]): Record<Kind, string> {
  const names = Object.fromEntries(
    EVENT_KINDS.map((k) => [k, prefix + TOPIC_SUFFIX[k]]),
  ) as Record<Kind, string>;
  for (const rename of renames) {
    const [kind, name, ...rest] = rename.split("=");
    const known = EVENT_KINDS.find((k) => k === kind || TOPIC_SUFFIX[k] === kind);
    if (!known || name === undefined || rest.length > 0) {
      throw new UsageError(
        `--topic must be KIND=NAME with KIND one of ${EVENT_KINDS.join(", ")}, got ${
          JSON.stringify(rename)
        }`,
      );
    }
    names[known] = parseList(name, "--topic name")[0]!;
  }
  for (const name of Object.values(names)) {
    if (name.length > 249 || name === "." || name === "..") {
      throw new UsageError(`topic name ${JSON.stringify(name)} is not a valid Kafka topic name`);
    }
    parseList(name, "topic name");
  }
  return names;
}
