/**
 * One `validate` run: load the schema (built-in or a file), read each payload (a file, inline
 * JSON or standard input, NDJSON streamed), check it and report. Returns the exit code.
 */
import { UsageError } from "../errors.ts";
import { SCHEMA_NAMES } from "../schemas.ts";
import { checkPayload, type ValidateLimits } from "./check_payload.ts";
import { loadSchema } from "./schema_loader.ts";
import { resolvePayloads, type ValidateIo } from "./input.ts";
import type { PayloadFormat } from "./payload.ts";
import { CHUNK_SIZE, MAX_RECORD_BYTES } from "./payload_stream.ts";
import {
  type PayloadReport,
  payloadText,
  type RecordResult,
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
  const schema = await loadSchema(
    schemaArg,
    io.cwd,
    flags.verbose ? (line) => io.stderr(`${line}\n`) : undefined,
  );
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
