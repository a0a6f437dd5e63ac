/**
 * One `validate` run: load the schema (built-in or a file), read each payload (a file, inline
 * JSON or standard input, NDJSON streamed), check it and report. Returns the exit code.
 */
import { resolve } from "node:path";
import { UsageError } from "../errors.ts";
import { builtinSchema, builtinSchemaName, SCHEMA_NAMES, validatorFor } from "../schemas.ts";
import { checkPayload, type ValidateLimits } from "./check_payload.ts";
import { compileCustomSchema } from "./custom_schema.ts";
import { readBytes, resolvePayloads, statOf, type ValidateIo } from "./input.ts";
import { describeJsonSyntaxError } from "./json_syntax.ts";
import type { PayloadFormat } from "./payload.ts";
import { CHUNK_SIZE, MAX_RECORD_BYTES } from "./payload_stream.ts";
import {
  type PayloadReport,
  payloadText,
  type RecordResult,
  type RecordValidator,
  reportJson,
  resultText,
  totals,
  totalText,
} from "./report.ts";

export interface ValidateFlags {
  readonly list?: boolean;
  readonly errors: "text" | "json";
  readonly inputFormat: PayloadFormat;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export type { ValidateIo, ValidateLimits };

interface LoadedSchema {
  readonly validate: RecordValidator;
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

async function loadSchema(io: ValidateIo, arg: string, verbose: boolean): Promise<LoadedSchema> {
  const path = resolve(io.cwd, arg);
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
    if (verbose) io.stderr(`using schema file ${path}\n`);
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
  if (verbose) io.stderr(`using built-in schema ${name} (${builtinSchema(name)!.$id})\n`);
  return { validate: validatorFor(name), label: name, describesArrays: false };
}

/** Text written to stdout in pieces of about 64 KiB rather than one write per record. */
function bufferedStdout(io: ValidateIo): { write(text: string): void; flush(): void } {
  let pending = "";
  const flush = () => {
    if (pending !== "") io.stdout(pending);
    pending = "";
  };
  return {
    write(text) {
      pending += text;
      if (pending.length >= 64 * 1024) flush();
    },
    flush,
  };
}

/** Runs `validate` and returns the exit code: 0 all valid, 1 any invalid; throws UsageError (2). */
export async function runValidate(
  io: ValidateIo,
  schemaArg: string | undefined,
  payloadArgs: readonly string[],
  flags: ValidateFlags,
  limits: ValidateLimits = {},
): Promise<number> {
  if (flags.list) {
    io.stdout(SCHEMA_NAMES.map((name) => `${name}\n`).join(""));
    return 0;
  }
  if (schemaArg === undefined) {
    throw new UsageError("give a SCHEMA and at least one PAYLOAD (see validate --help)");
  }
  const schema = await loadSchema(io, schemaArg, flags.verbose === true);
  if (payloadArgs.length === 0) {
    throw new UsageError(
      `give at least one PAYLOAD to check against ${schema.label}: a file, inline JSON, or - for standard input`,
    );
  }
  const sources = await resolvePayloads(io, payloadArgs);
  const reports: PayloadReport[] = [];
  const out = bufferedStdout(io);
  // Text reports are written as records are checked, so nothing piles up; --errors json needs
  // every result for its one document; --quiet needs only the counts.
  const onResult = flags.quiet
    ? () => {}
    : flags.errors === "text"
    ? (result: RecordResult) => out.write(resultText(result))
    : undefined;
  for (const source of sources) {
    let report: PayloadReport;
    try {
      report = await checkPayload(io, schema.validate, source, {
        format: flags.inputFormat,
        splitArrays: !schema.describesArrays,
        keepValid: flags.verbose === true,
        onResult,
        limits: {
          chunkSize: limits.chunkSize ?? CHUNK_SIZE,
          maxRecordBytes: limits.maxRecordBytes ?? MAX_RECORD_BYTES,
        },
      });
    } finally {
      out.flush();
    }
    if (flags.verbose) {
      io.stderr(`${source.label}: ${report.kind}, ${report.valid + report.invalid} record(s)\n`);
    }
    if (!flags.quiet && flags.errors === "text") io.stdout(payloadText(report));
    reports.push(report);
  }
  if (!flags.quiet) {
    if (flags.errors === "json") io.stdout(reportJson(schema.label, reports));
    else if (reports.length > 1) io.stdout(totalText(reports));
  }
  return totals(reports).invalid === 0 ? 0 : 1;
}
