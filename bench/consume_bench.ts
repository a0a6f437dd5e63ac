/**
 * How fast `consume` turns records into output, without a broker: 200,000 chat records (the seed
 * README's example with varying ids, 3 partitions, batches of 2,000 like a kafkajs fetch) through
 * the printer in each format, with and without --validate, and the output encoded to UTF-8 bytes
 * as stdout would. Anchor: JSON.parse of the same values alone, in the same run.
 *
 *   tools/deno run -A bench/consume_bench.ts [--records N]
 *
 * End to end against a broker (kafkajs fetch + decode + printer + stdout):
 *   kcat -P -b HOST:PORT -t perf.chat -K$'\t' events.tsv
 *   deno task consume -b HOST:PORT perf.chat -o beginning -e -f json > /dev/null
 */
import { parseArgs } from "node:util";
import { RecordPrinter } from "../src/consume/printer.ts";
import { DEFAULT_PRETTY } from "../src/consume/pretty.ts";
import type { RecordBatch } from "../src/consume/record.ts";
import { ConsumeStats } from "../src/consume/stats.ts";
import { recordValidator } from "../src/consume/validation.ts";
import { validatorFor } from "../src/schemas.ts";

const { values: flags } = parseArgs({
  options: { records: { type: "string", default: "200000" } },
});
const count = Number(flags.records);
const BATCH = 2000;

const encoder = new TextEncoder();
const TEXTS = ["That was insane! PogChamp PogChamp", "LUL LUL LUL", "gg wp Kappa", "is this live?"];

function hex(n: number, width: number): string {
  return (n >>> 0).toString(16).padStart(width, "0").slice(-width);
}

function chatValue(i: number): string {
  const mixed = Math.imul(i + 1, 2654435761);
  return JSON.stringify({
    message_id: `${hex(mixed, 8)}-${hex(i, 4)}-4${hex(mixed >>> 4, 3)}-a${hex(i >>> 4, 3)}-${
      hex(mixed, 4)
    }${hex(i, 8)}`,
    channel: `channel_${i % 7}`,
    username: `viewer_${i % 50}`,
    user_id: `user_${1_000_000 + (i % 50)}`,
    message: TEXTS[i % TEXTS.length],
    emotes: ["PogChamp"],
    badges: ["subscriber"],
    is_action: false,
    bits: 0,
    sentiment_hint: "excited",
    timestamp: new Date(Date.UTC(2025, 9, 16, 10) + i * 100).toISOString().replace("Z", "123Z"),
    metadata: { client: "web", color: "#FF5733" },
  });
}

const values = Array.from({ length: count }, (_, i) => chatValue(i));
const batches: RecordBatch[] = [];
for (let start = 0; start < count; start += BATCH) {
  batches.push({
    topic: "telemetra.events.chat",
    partition: (start / BATCH) % 3,
    messages: values.slice(start, start + BATCH).map((v, j) => ({
      offset: String(start + j),
      timestamp: String(1760608800000 + start + j),
      key: encoder.encode(`channel_${(start + j) % 7}`),
      value: encoder.encode(v),
      headers: { event_type: encoder.encode("chat_message") },
    })),
  });
}

function best(runs: number, work: () => void): number {
  let fastest = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    work();
    fastest = Math.min(fastest, performance.now() - t0);
  }
  return fastest;
}

function printerRun(format: "json" | "pretty" | "value", validate: boolean): number {
  return best(3, () => {
    let bytes = 0;
    const printer = new RecordPrinter(
      {
        format,
        pretty: DEFAULT_PRETTY,
        ...(validate
          ? {
            validate: recordValidator(
              new Map([["telemetra.events.chat", validatorFor("chat_message")]]),
            ),
          }
          : {}),
      },
      new ConsumeStats([], validate),
      (text) => (bytes += encoder.encode(text).length),
      () => {},
    );
    for (const batch of batches) printer.handle(batch);
    if (bytes === 0) throw new Error("no output");
  });
}

const anchor = best(3, () => {
  for (const v of values) JSON.parse(v);
});

const rows: [string, number][] = [
  ["JSON.parse alone (anchor)", anchor],
  ["json", printerRun("json", false)],
  ["json --validate", printerRun("json", true)],
  ["value", printerRun("value", false)],
  ["pretty", printerRun("pretty", false)],
];
// deno-lint-ignore no-console
console.log(
  `consume printer, ${count.toLocaleString("en-US")} chat records of ~${
    values[0]!.length
  } bytes, best of 3\n\n| path | records/s | µs/record |\n|---|---:|---:|\n` +
    rows.map(([name, ms]) =>
      `| ${name} | ${Math.round(count / (ms / 1000)).toLocaleString("en-US")} | ${
        (ms * 1000 / count).toFixed(2)
      } |`
    ).join("\n"),
);
