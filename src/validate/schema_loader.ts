/**
 * The one schema loader of the CLI: a draft-07 schema file (an existing file wins) or the name
 * of a built-in schema. Used by `validate SCHEMA` and `consume --schema`.
 */
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { builtinSchema, builtinSchemaName, SCHEMA_NAMES, validatorFor } from "../schemas.ts";
import { compileCustomSchema } from "./custom_schema.ts";
import { readBytes, statOf } from "./input.ts";
import { describeJsonSyntaxError } from "./json_syntax.ts";
import type { ValidateFunction } from "ajv";

export interface LoadedSchema {
  readonly validate: ValidateFunction;
  /** The name or path shown in reports. */
  readonly label: string;
  /** Whether top-level arrays are records themselves rather than lists of records. */
  readonly describesArrays: boolean;
}

const decoder = new TextDecoder();

async function readText(path: string, what: string): Promise<string> {
  return decoder.decode(await readBytes(path, what));
}

function describesArrays(schema: unknown): boolean {
  if (schema === null || typeof schema !== "object") return false;
  const type = (schema as Record<string, unknown>).type;
  return type === "array" || (Array.isArray(type) && type.includes("array"));
}

/**
 * Loads `arg` relative to `cwd`; `note` hears which schema is used (for --verbose). Throws
 * UsageError for a directory, a file that is not JSON or not a valid schema, or an unknown name.
 */
export async function loadSchema(
  arg: string,
  cwd: string,
  note?: (line: string) => void,
): Promise<LoadedSchema> {
  const path = resolve(cwd, arg);
  const info = await statOf(path);
  if (info?.isDirectory) throw new UsageError(`schema ${arg} is a directory, not a schema file`);
  if (info !== undefined) {
    const text = await readText(path, `schema ${arg}`);
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch (error) {
      const problem = describeJsonSyntaxError(text, error);
      throw new UsageError(
        `schema ${arg} is not JSON: line ${problem.line}, column ${problem.column}: ${problem.message}`,
      );
    }
    note?.(`using schema file ${path}`);
    return {
      validate: compileCustomSchema(document, arg),
      label: arg,
      describesArrays: describesArrays(document),
    };
  }
  const name = builtinSchemaName(arg);
  if (name === undefined) {
    throw new UsageError(
      `unknown schema "${arg}": no such file, and not a built-in schema (${
        SCHEMA_NAMES.join(", ")
      })`,
    );
  }
  note?.(`using built-in schema ${name} (${builtinSchema(name)!.$id})`);
  return { validate: validatorFor(name), label: name, describesArrays: false };
}
