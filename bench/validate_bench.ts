/**
 * How fast `validate` checks NDJSON: 100,000 chat events in one call, against the same events
 * through JSON.parse alone (the anchor, measured in the same run). The payload is parsed whole
 * (parsePayload, as inline payloads are) and as the command reads files: streamed in chunks.
 *
 *   tools/deno run -A bench/validate_bench.ts [--events N] [--file events.ndjson --schema S]
 *
 * Without --file the events are synthesised from the seed README's chat example with varying
 * ids, users, texts and timestamps. With real traffic of all four types:
 *   deno run -A main.ts produce --stdout --envelope --rate 0 --count 100000 > events.ndjson
 *   tools/deno run -A bench/validate_bench.ts --file events.ndjson \
 *     --schema tests/validate/envelope_schema.json
 */
import { parseArgs } from "node:util";
import { runValidate } from "../src/validate/session.ts";
import type { CliIo } from "../src/cli/io.ts";
import { builtinSchemaName, validatorFor } from "../src/schemas.ts";
import { compileCustomSchema } from "../src/validate/custom_schema.ts";
import { parsePayload } from "../src/validate/payload.ts";
import { CHUNK_SIZE, streamPayload } from "../src/validate/payload_stream.ts";
import { validatePayload } from "../src/validate/report.ts";

const { values: flags } = parseArgs({
  options: {
    events: { type: "string", default: "100000" },
    file: { type: "string" },
    schema: { type: "string", default: "chat_message" },
  },
});
const count = Number(flags.events);

const seed = JSON.parse(
  await Deno.readTextFile(
    new URL("../tests/fixtures/seed_examples/chat_message.json", import.meta.url),
  ),
);
const TEXTS = ["That was insane! PogChamp PogChamp", "LUL LUL LUL", "gg wp Kappa", "is this live?"];

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, "0").slice(-width);
}

function syntheticEvent(i: number): Record<string, unknown> {
  const mixed = Math.imul(i + 1, 2654435761);
  return {
    ...seed,
    message_id: `${hex(mixed, 8)}-${hex(i, 4)}-4${hex(mixed >>> 4, 3)}-a${hex(i >>> 4, 3)}-${
      hex(mixed, 4)
    }${hex(i, 8)}`,
    username: `viewer_${i % 50}`,
    user_id: `user_${1_000_000 + (i % 50)}`,
    message: TEXTS[i % TEXTS.length],
    timestamp: new Date(Date.UTC(2025, 9, 16, 10) + i * 100).toISOString().replace("Z", "123Z"),
  };
}

const text = flags.file !== undefined
  ? await Deno.readTextFile(flags.file)
  : Array.from({ length: count }, (_, i) => JSON.stringify(syntheticEvent(i))).join("\n") + "\n";
const lines = text.split("\n").filter((line) => line !== "");

async function best(runs: number, work: () => void | Promise<void>): Promise<number> {
  let fastest = Infinity;
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

const bytes = new TextEncoder().encode(text);
async function* chunks() {
  for (let at = 0; at < bytes.length; at += CHUNK_SIZE) yield bytes.subarray(at, at + CHUNK_SIZE);
}

const builtin = builtinSchemaName(flags.schema);
const validate = builtin !== undefined
  ? validatorFor(builtin)
  : compileCustomSchema(JSON.parse(await Deno.readTextFile(flags.schema)), flags.schema);
const anchor = await best(5, () => {
  for (const line of lines) JSON.parse(line);
});
const parseOnly = await best(5, () => void parsePayload(text));
const streamOnly = await best(5, async () => {
  let records = 0;
  for await (const batch of (await streamPayload(chunks())).batches) records += batch.length;
  if (records !== lines.length) throw new Error(`streamed ${records} of ${lines.length} records`);
});
const parseAndValidate = await best(5, () => {
  const report = validatePayload(validate, "bench", parsePayload(text));
  if (report.invalid !== 0) throw new Error(`${report.invalid} events are invalid`);
});

const dir = await Deno.makeTempDir({ prefix: "validate_bench_" });
await Deno.writeTextFile(`${dir}/events.ndjson`, text);
const schemaArg = builtin ?? (await Deno.realPath(flags.schema));
let exitCode = -1;
let output = "";
const io: CliIo = {
  stdout: (s) => void (output += s),
  stderr: () => {},
  readStdin: () => Promise.resolve(new Uint8Array()),
  setExitCode: (code) => void (exitCode = code),
  cwd: dir,
  env: {},
  stdoutIsTerminal: false,
  stderrIsTerminal: false,
  shutdown: new AbortController().signal,
};
let command = Infinity;
for (let run = 0; run < 5; run++) {
  output = "";
  const start = performance.now();
  exitCode = await runValidate(io, schemaArg, ["events.ndjson"], {
    errors: "text",
    inputFormat: "auto",
  });
  command = Math.min(command, performance.now() - start);
}
await Deno.remove(dir, { recursive: true });
if (exitCode !== 0) throw new Error(`validate exited ${exitCode}: ${output.slice(0, 500)}`);

const rate = (ms: number) => Math.round(lines.length / (ms / 1000)).toLocaleString("en-US");
const row = (what: string, ms: number) =>
  `| ${what.padEnd(52)} | ${ms.toFixed(1).padStart(8)} | ${rate(ms).padStart(11)} |`;
// deno-lint-ignore no-console
console.log(
  [
    `${lines.length.toLocaleString("en-US")} NDJSON events (${
      flags.file ?? "synthetic chat"
    }, schema ${flags.schema}), ${(text.length / 1e6).toFixed(1)} MB, best of 5, one core`,
    "",
    `| ${"step".padEnd(52)} | ${"ms".padStart(8)} | ${"events/s".padStart(11)} |`,
    `|${"-".repeat(54)}|${"-".repeat(9)}:|${"-".repeat(12)}:|`,
    row("JSON.parse per line (anchor)", anchor),
    row("parsePayload: split lines + JSON.parse", parseOnly),
    row(`streamPayload: ${CHUNK_SIZE / 1024} KiB chunks, UTF-8 + JSON.parse`, streamOnly),
    row("parsePayload + ajv validate + report", parseAndValidate),
    row("validate command: stream the file + validate", command),
  ].join("\n"),
);
