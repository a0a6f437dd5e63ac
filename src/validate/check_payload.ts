/**
 * One payload of `validate`, checked as it is read: files and standard input stream through
 * src/validate/payload_stream.ts record by record, inline JSON is parsed at once. A document or
 * line too large to load becomes a one-line usage error that says what to do instead.
 */
import { UsageError } from "../errors.ts";
import { parsePayload, type PayloadFormat } from "./payload.ts";
import { RecordTooLarge, streamPayload } from "./payload_stream.ts";
import {
  type PayloadReport,
  payloadTally,
  type RecordResult,
  type RecordValidator,
} from "./report.ts";
import { openPayload, type PayloadSource, type ValidateIo } from "./input.ts";

/** How payloads are read; the defaults suit the binary, tests shrink them. */
export interface ValidateLimits {
  /** Bytes read at a time from a file or standard input. */
  readonly chunkSize?: number;
  /** The largest JSON document, or NDJSON line, loaded at once. */
  readonly maxRecordBytes?: number;
}

const MiB = 1024 * 1024;

function size(bytes: number): string {
  return bytes % MiB === 0 ? `${bytes / MiB} MiB` : `${bytes} bytes`;
}

/** The one-line error for a document or line over the limit, with the way out. */
function tooLarge(source: PayloadSource, error: RecordTooLarge): UsageError {
  const limit = size(error.limit);
  if (error.line !== undefined) {
    return new UsageError(
      `payload ${source.label}: line ${error.line} is over ${limit}, the most one record may take`,
    );
  }
  const file = source.from === "file" ? ` ${source.label} > records.ndjson` : "";
  return new UsageError(
    `payload ${source.label} is one JSON document over ${limit}, too large to check at once: ` +
      `give it as NDJSON, one record per line (an array converts with jq -c '.[]'${file})`,
  );
}

export interface CheckOptions {
  readonly format: PayloadFormat;
  readonly splitArrays: boolean;
  readonly keepValid: boolean;
  /** Where kept results go as they come; undefined keeps them in the report. */
  readonly onResult?: (result: RecordResult) => void;
  readonly limits: Required<ValidateLimits>;
}

/** Validates one payload: files and stdin as a stream of records, inline JSON at once. */
export async function checkPayload(
  io: ValidateIo,
  validate: RecordValidator,
  source: PayloadSource,
  options: CheckOptions,
): Promise<PayloadReport> {
  const { format, splitArrays } = options;
  if (source.from === "inline") {
    const parsed = parsePayload(source.text, { format, splitArrays });
    const tally = payloadTally(validate, source.label, parsed.kind, options);
    for (const record of parsed.records) tally.add(record);
    return tally.report();
  }
  await using input = await openPayload(io, source, options.limits.chunkSize);
  try {
    const streamed = await streamPayload(input.chunks, { format, splitArrays, ...options.limits });
    const tally = payloadTally(validate, source.label, streamed.kind, options);
    for await (const batch of streamed.batches) {
      for (const record of batch) tally.add(record);
    }
    return tally.report();
  } catch (error) {
    throw error instanceof RecordTooLarge ? tooLarge(source, error) : error;
  }
}
