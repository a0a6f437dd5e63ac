/**
 * The four event schemas, embedded in the program (JSON imports) so that the compiled binary
 * validates without a `schemas/` folder next to it, and their compiled ajv validators.
 */
import { Ajv, type Options, type ValidateFunction } from "ajv";
import ajvFormats from "ajv-formats";
import { getLogger } from "@logtape/logtape";
import chatMessage from "../schemas/chat_message.json" with { type: "json" };
import viewerCount from "../schemas/viewer_count.json" with { type: "json" };
import transaction from "../schemas/transaction.json" with { type: "json" };
import streamMeta from "../schemas/stream_meta.json" with { type: "json" };
import { SCHEMA_NAMES, type SchemaName } from "./generator/event_kinds.ts";

export { SCHEMA_NAMES, type SchemaName };

const log = getLogger(["telemetra", "schemas"]);

/** A JSON Schema document as parsed from JSON. */
export type JsonSchema = Readonly<Record<string, unknown>>;

const SCHEMAS: Readonly<Record<SchemaName, JsonSchema>> = {
  chat_message: chatMessage,
  viewer_count: viewerCount,
  transaction: transaction,
  stream_meta: streamMeta,
};

/** True when `name` is exactly one of SCHEMA_NAMES. */
export function isSchemaName(name: string): name is SchemaName {
  return (SCHEMA_NAMES as readonly string[]).includes(name);
}

/** `chat_message` or `chat_message.json` → `chat_message`; anything else → undefined. */
export function builtinSchemaName(name: string): SchemaName | undefined {
  const bare = name.endsWith(".json") ? name.slice(0, -".json".length) : name;
  return isSchemaName(bare) ? bare : undefined;
}

/** The embedded schema document for a name (with or without `.json`), or undefined. */
export function builtinSchema(name: string): JsonSchema | undefined {
  const resolved = builtinSchemaName(name);
  return resolved === undefined ? undefined : SCHEMAS[resolved];
}

/**
 * A fresh ajv instance configured like the built-in validators: draft-07, all errors reported,
 * formats (uuid, date-time, email, uri, …) checked. `strict: false` suits schemas written by
 * users; ajv's warnings (e.g. an unknown format) go to the log instead of the console.
 */
export function createAjv(options: Pick<Options, "strict" | "strictRequired"> = {}): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    ...options,
    logger: {
      log: (...args: unknown[]) => log.debug(args.map(String).join(" ")),
      warn: (...args: unknown[]) => log.warn(args.map(String).join(" ")),
      error: (...args: unknown[]) => log.error(args.map(String).join(" ")),
    },
  });
  // ajv-formats is CommonJS: its default import is module.exports, whose `default` is the plugin.
  ajvFormats.default(ajv);
  return ajv;
}

let builtinAjv: Ajv | undefined;
const validators = new Map<SchemaName, ValidateFunction>();

/** The compiled validator of a built-in schema, compiled on first use and then reused. */
export function validatorFor(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (validate === undefined) {
    // Strict mode catches typos in our own schemas; `required` inside if/then legitimately names
    // properties declared at the top level, which strictRequired would reject.
    builtinAjv ??= createAjv({ strict: true, strictRequired: false });
    validate = builtinAjv.compile(SCHEMAS[name]);
    validators.set(name, validate);
  }
  return validate;
}
