/**
 * `telemetra-mock validate SCHEMA PAYLOAD…`: checks payloads against a built-in schema (embedded
 * in the program) or a draft-07 schema file, for people and for CI. Parses arguments, loads the
 * schema and writes the report as records are checked; reading payloads lives in
 * validate_input.ts and validate_payload.ts, parsing and reporting in src/validate/.
 */
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { UsageError } from "../errors.ts";
import { builtinSchema, builtinSchemaName, SCHEMA_NAMES, validatorFor } from "../schemas.ts";
import { compileCustomSchema } from "../validate/custom_schema.ts";
import { describeJsonSyntaxError } from "../validate/json_syntax.ts";
import { PAYLOAD_FORMATS, type PayloadFormat } from "../validate/payload.ts";
import { CHUNK_SIZE, MAX_RECORD_BYTES } from "../validate/payload_stream.ts";
import {
  type PayloadReport,
  payloadText,
  type RecordResult,
  type RecordValidator,
  reportJson,
  resultText,
  totals,
  totalText,
} from "../validate/report.ts";
import type { CliIo } from "./io.ts";
import { readBytes, resolvePayloads, statOf } from "./validate_input.ts";
import { checkPayload, type ValidateLimits } from "./validate_payload.ts";

export interface ValidateFlags {
  readonly list?: boolean;
  readonly errors: "text" | "json";
  readonly inputFormat: PayloadFormat;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

export type { ValidateLimits };

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

async function loadSchema(io: CliIo, arg: string, verbose: boolean): Promise<LoadedSchema> {
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
function bufferedStdout(io: CliIo): { write(text: string): void; flush(): void } {
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
  io: CliIo,
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

const MIB_LIMIT = `${MAX_RECORD_BYTES / (1024 * 1024)} MiB`;

/** The `validate` subcommand; the exit code is handed to `io.setExitCode`. */
export function validateCommand(io: CliIo): Command {
  return new Command("validate")
    .description(
      "Check JSON payloads against a built-in event schema (embedded in the program) or a " +
        "draft-07 schema file. Formats (uuid, date-time, email, uri, …) are checked.",
    )
    .argument(
      "[schema]",
      `built-in schema (${
        SCHEMA_NAMES.join(", ")
      }; ".json" optional) or a schema file; an existing file wins`,
    )
    .argument(
      "[payloads...]",
      "JSON files (one document, an array checked element by element, or NDJSON), inline JSON, or - for stdin",
    )
    .option("-l, --list", "print the names of the built-in schemas")
    .addOption(
      new Option("--errors <format>", "report as text or as one JSON document").choices([
        "text",
        "json",
      ])
        .default("text"),
    )
    .addOption(
      new Option(
        "--input-format <format>",
        "how to read payloads (auto: NDJSON when lines are JSON)",
      )
        .choices([...PAYLOAD_FORMATS]).default("auto"),
    )
    .addOption(
      new Option("-q, --quiet", "print nothing; only the exit code tells").conflicts("verbose"),
    )
    .option("-v, --verbose", "say which schema is used and list valid records too")
    .addHelpText(
      "after",
      `
Examples:
  telemetra-mock validate --list
  telemetra-mock validate chat_message payload.json
  telemetra-mock validate viewer_count.json \
    '{"event_id":"123e4567-e89b-12d3-a456-426614174000","channel":"demo","viewer_count":5,"timestamp":"2025-10-16T10:30:00Z"}'
  telemetra-mock produce --stdout --count 1000 --no-viewer --no-transactions --no-stream-meta \\
    | telemetra-mock validate chat_message -
  telemetra-mock validate ./my_schema.json batch.json --errors json

Output: "PATH valid" or "PATH invalid" and one line per error,
  "  /json/pointer: message (keyword, offending value)"; NDJSON records as PATH:LINE and array
  elements as PATH[INDEX], with a "PATH: N valid, M invalid" summary.
Large files: NDJSON is checked line by line as it is read, in bounded memory whatever its size.
  One JSON document (or array) is loaded whole, at most ${MIB_LIMIT}; give bigger ones as NDJSON
  (an array converts with: jq -c '.[]' batch.json > batch.ndjson).
Exit codes: 0 all valid, 1 at least one invalid record, 2 usage error, unreadable file, a
  document over ${MIB_LIMIT}, unknown schema or invalid schema.`,
    )
    .action(async (schema: string | undefined, payloads: string[], flags: ValidateFlags) => {
      io.setExitCode(await runValidate(io, schema, payloads, flags));
    });
}
