/** Topic names per event kind: the default prefix and `--topic kind=name` renames. */
import { UsageError } from "../errors.ts";
import { EVENT_KINDS, SCHEMA_OF_KIND, TOPIC_SUFFIX } from "../generator/event_kinds.ts";
import type { EventKind } from "../generator/types.ts";
import { parseList } from "./values.ts";

/** A kind's name; the registry of kinds is src/generator/event_kinds.ts. */
export type Kind = EventKind;

export { EVENT_KINDS, SCHEMA_OF_KIND, TOPIC_SUFFIX };

export const DEFAULT_TOPIC_PREFIX = "telemetra.events.";

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
