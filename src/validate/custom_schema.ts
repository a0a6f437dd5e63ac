/**
 * A user's draft-07 schema file compiled into a validator, with formats checked like the
 * built-in schemas. The built-in schemas are registered by `$id`, so a user schema may `$ref`
 * them (e.g. an envelope whose `value` is a chat message).
 */
import type { ValidateFunction } from "ajv";
import { UsageError } from "../errors.ts";
import { builtinSchema, createAjv, SCHEMA_NAMES } from "../schemas.ts";

const DRAFT_07 = /^https?:\/\/json-schema\.org\/draft-07\/schema#?$/;
const OTHER_DRAFT = /json-schema\.org\/(draft[-/][0-9-]+)/;

/** Compiles a parsed schema document; `label` names it in errors. Throws UsageError (exit 2). */
export function compileCustomSchema(schema: unknown, label: string): ValidateFunction {
  if (
    typeof schema !== "boolean" &&
    (schema === null || typeof schema !== "object" || Array.isArray(schema))
  ) {
    throw new UsageError(`schema ${label} is invalid: a schema must be a JSON object or a boolean`);
  }
  if (typeof schema === "object") {
    const declared = (schema as Record<string, unknown>).$schema;
    if (typeof declared === "string" && !DRAFT_07.test(declared)) {
      const draft = OTHER_DRAFT.exec(declared)?.[1] ?? declared;
      throw new UsageError(
        `schema ${label} declares ${draft}; only JSON Schema draft-07 is supported`,
      );
    }
    if ((schema as Record<string, unknown>).$async === true) {
      throw new UsageError(`schema ${label} is invalid: "$async" schemas are not supported`);
    }
  }
  const ajv = createAjv({ strict: false });
  const ownId = typeof schema === "object" ? (schema as Record<string, unknown>).$id : undefined;
  for (const name of SCHEMA_NAMES) {
    const builtin = builtinSchema(name)!;
    if (builtin.$id !== ownId) ajv.addSchema(builtin);
  }
  try {
    return ajv.compile(schema as Record<string, unknown> | boolean);
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    const reason = message.replace(/^schema is invalid: /, "");
    throw new UsageError(`schema ${label} is invalid: ${reason}`);
  }
}
