/**
 * `--validate` and `--schema`: the schema each topic's records are checked against — the one the
 * user named (a schema file, which wins, or a built-in name) for every topic, else the built-in
 * schema of each topic's event kind.
 */
import { UsageError } from "../errors.ts";
import { SCHEMA_OF_KIND } from "../generator/event_kinds.ts";
import { builtinSchemaName, SCHEMA_NAMES, validatorFor } from "../schemas.ts";
import { loadSchema } from "../validate/schema_loader.ts";
import { type Kind, kindOfTopic } from "./event_kind.ts";
import type { SchemaCheck } from "./validation.ts";

/** The schema check of every topic: `schema` for all, else the schema of each topic's kind. */
export async function schemaChecks(
  topics: readonly string[],
  topicKinds: Readonly<Partial<Record<Kind, string>>>,
  schema: string | undefined,
  cwd: string,
): Promise<Map<string, SchemaCheck>> {
  const checks = new Map<string, SchemaCheck>();
  const chosen = schema === undefined ? undefined : (await loadSchema(schema, cwd)).validate;
  for (const topic of topics) {
    if (chosen !== undefined) {
      checks.set(topic, chosen);
      continue;
    }
    const kind = kindOfTopic(topic, topicKinds);
    if (kind === undefined) {
      throw new UsageError(
        `no schema is known for topic ${topic}; name one with --schema (${
          SCHEMA_NAMES.join(", ")
        } or a file)`,
      );
    }
    checks.set(topic, validatorFor(builtinSchemaName(SCHEMA_OF_KIND[kind])!));
  }
  return checks;
}
