/**
 * `telemetra-mock validate SCHEMA PAYLOAD…`: checks payloads against a built-in schema (embedded
 * in the program) or a draft-07 schema file, for people and for CI. Parses arguments, loads the
 * schema and writes the report as records are checked. Parses and wires only: the run is
 * src/validate/session.ts.
 */
import { Command, Option } from "commander";
import { SCHEMA_NAMES } from "../schemas.ts";
import { PAYLOAD_FORMATS } from "../validate/payload.ts";
import { MAX_RECORD_BYTES } from "../validate/payload_stream.ts";
import { runValidate, type ValidateFlags } from "../validate/session.ts";
import type { CliIo } from "./io.ts";

const MIB_LIMIT = `${MAX_RECORD_BYTES / (1024 * 1024)} MiB`;

/** The `validate` subcommand; the exit code is handed to `io.setExitCode`. */
export function validateCommand(io: CliIo): Command {
  return new Command("validate")
    .summary("check JSON payloads against a schema")
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
  telemetra-mock validate viewer_count.json '{"channel":"demo","viewer_count":5,
    "event_id":"123e4567-e89b-12d3-a456-426614174000",
    "timestamp":"2025-10-16T10:30:00Z"}'
  telemetra-mock produce --stdout --count 1000 --no-viewer --no-transactions \\
    --no-stream-meta | telemetra-mock validate chat_message -
  telemetra-mock validate ./my_schema.json batch.json --errors json

Output: "PATH valid" or "PATH invalid" and one line per error,
  "  /json/pointer: message (keyword, offending value)"; NDJSON records as
  PATH:LINE and array elements as PATH[INDEX], with a "PATH: N valid, M invalid"
  summary.
Large files: NDJSON is checked line by line as it is read, in bounded memory
  whatever its size. One JSON document (or array) is loaded whole, at most
  ${MIB_LIMIT}; give bigger ones as NDJSON (an array converts with:
  jq -c '.[]' batch.json > batch.ndjson).
Exit codes: 0 all valid, 1 at least one invalid record, 2 usage error,
  unreadable file, a document over ${MIB_LIMIT}, unknown schema or invalid schema.`,
    )
    .action(async (schema: string | undefined, payloads: string[], flags: ValidateFlags) => {
      io.setExitCode(await runValidate(io, schema, payloads, flags));
    });
}
