/**
 * `telemetra-mock validate SCHEMA PAYLOAD…`: checks payloads against a built-in schema (embedded
 * in the program) or a draft-07 schema file, for people and for CI. Parses arguments, reads the
 * inputs and writes the report; parsing and reporting live in src/validate/.
 */
import { resolve } from "node:path";
import { Command, Option } from "commander";
import { UsageError } from "../errors.ts";
import { builtinSchema, builtinSchemaName, SCHEMA_NAMES, validatorFor } from "../schemas.ts";
import { compileCustomSchema } from "../validate/custom_schema.ts";
import { describeJsonSyntaxError } from "../validate/json_syntax.ts";
import {
  type ParsedPayload,
  parsePayload,
  PAYLOAD_FORMATS,
  type PayloadFormat,
} from "../validate/payload.ts";
import {
  type PayloadReport,
  payloadText,
  type RecordValidator,
  reportJson,
  totals,
  totalText,
  validatePayload,
} from "../validate/report.ts";
import { decodeUtf8Payload, invalidUtf8ByLine } from "../validate/utf8.ts";
import type { CliIo } from "./io.ts";

export interface ValidateFlags {
  readonly list?: boolean;
  readonly errors: "text" | "json";
  readonly inputFormat: PayloadFormat;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
}

interface LoadedSchema {
  readonly validate: RecordValidator;
  /** The name or path shown in reports. */
  readonly label: string;
  /** Whether top-level arrays are records themselves rather than lists of records. */
  readonly describesArrays: boolean;
}

type PayloadSource =
  | { readonly label: string; readonly from: "stdin" }
  | { readonly label: string; readonly from: "file"; readonly path: string }
  | { readonly label: string; readonly from: "inline"; readonly text: string };

const decoder = new TextDecoder();

async function statOf(path: string): Promise<Deno.FileInfo | undefined> {
  try {
    return await Deno.stat(path);
  } catch {
    return undefined;
  }
}

async function readText(path: string, what: string): Promise<string> {
  return decoder.decode(await readBytes(path, what));
}

async function readBytes(path: string, what: string): Promise<Uint8Array> {
  try {
    return await Deno.readFile(path);
  } catch (error) {
    const reason = error instanceof Deno.errors.NotFound
      ? "no such file"
      : error instanceof Deno.errors.PermissionDenied
      ? "permission denied"
      : error instanceof Error
      ? error.message
      : String(error);
    throw new UsageError(`cannot read ${what}: ${reason}`);
  }
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

async function resolvePayloads(io: CliIo, args: readonly string[]): Promise<PayloadSource[]> {
  const inlineCount = args.filter((a) => /^\s*[[{]/.test(a)).length;
  let inlineSeen = 0;
  let stdinSeen = false;
  const sources: PayloadSource[] = [];
  for (const arg of args) {
    if (arg === "-") {
      if (stdinSeen) throw new UsageError("- (standard input) can be given only once");
      stdinSeen = true;
      sources.push({ label: "<stdin>", from: "stdin" });
      continue;
    }
    const path = resolve(io.cwd, arg);
    const info = await statOf(path);
    if (info?.isDirectory) throw new UsageError(`payload ${arg} is a directory, not a file`);
    if (info !== undefined) {
      sources.push({ label: arg, from: "file", path });
    } else if (/^\s*[[{]/.test(arg)) {
      inlineSeen++;
      sources.push({
        label: inlineCount > 1 ? `<inline ${inlineSeen}>` : "<inline>",
        from: "inline",
        text: arg,
      });
    } else {
      throw new UsageError(`cannot read payload ${arg}: no such file (and not inline JSON)`);
    }
  }
  return sources;
}

async function readPayload(io: CliIo, source: PayloadSource): Promise<Uint8Array | string> {
  switch (source.from) {
    case "stdin":
      return await io.readStdin();
    case "file":
      return await readBytes(source.path, `payload ${source.label}`);
    case "inline":
      return source.text;
  }
}

const lenient = new TextDecoder();

/**
 * The payload's records. Bytes that are not UTF-8 make their NDJSON record invalid, or the whole
 * payload when it is one document.
 */
function parseRead(
  read: Uint8Array | string,
  format: PayloadFormat,
  splitArrays: boolean,
): ParsedPayload {
  if (typeof read === "string") return parsePayload(read, { format, splitArrays });
  const decoded = decodeUtf8Payload(read);
  if ("text" in decoded) return parsePayload(decoded.text, { format, splitArrays });
  const parsed = parsePayload(lenient.decode(read), { format, splitArrays });
  if (parsed.kind !== "ndjson") return { kind: "document", records: [{ syntax: decoded.problem }] };
  const bad = invalidUtf8ByLine(read);
  return {
    kind: "ndjson",
    records: parsed.records.map((record) => {
      const problem = record.line === undefined ? undefined : bad.get(record.line);
      return problem === undefined ? record : { line: record.line!, syntax: problem };
    }),
  };
}

/** Runs `validate` and returns the exit code: 0 all valid, 1 any invalid; throws UsageError (2). */
export async function runValidate(
  io: CliIo,
  schemaArg: string | undefined,
  payloadArgs: readonly string[],
  flags: ValidateFlags,
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
  for (const source of sources) {
    const parsed = parseRead(
      await readPayload(io, source),
      flags.inputFormat,
      !schema.describesArrays,
    );
    const report = validatePayload(schema.validate, source.label, parsed, {
      keepValid: flags.verbose === true,
    });
    if (flags.verbose) {
      io.stderr(`${source.label}: ${parsed.kind}, ${parsed.records.length} record(s)\n`);
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
Exit codes: 0 all valid, 1 at least one invalid record, 2 usage error, unreadable file,
  unknown schema or invalid schema.`,
    )
    .action(async (schema: string | undefined, payloads: string[], flags: ValidateFlags) => {
      io.setExitCode(await runValidate(io, schema, payloads, flags));
    });
}
