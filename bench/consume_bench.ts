/**
 * How fast `consume` turns records into output, without a broker: 200,000 chat records (the seed
 * README's example with varying ids, 3 partitions, batches of 2,000 like a kafkajs fetch) through
 * the printer in each format, with and without --validate, and the output encoded to UTF-8 bytes
 * as stdout would. Anchor: JSON.parse of the same values alone, in the same run.
 *
 *   tools/deno run -A bench/consume_bench.ts [--records N]
 *
 * With --bootstrap HOST:PORT it also measures end to end (kafkajs fetch and decode, printer,
 * stdout to /dev/null): the records are written once with kcat to a new 3-partition topic, then
 * `telemetra-mock consume -o beginning -e` reads them all, in json and json --validate, and the
 * rate is the one consume reports (connect and group join included).
 */
import { parseArgs } from "node:util";
import { createKafka } from "../src/kafka/client.ts";
import { DEFAULT_KAFKA_SETTINGS } from "../src/kafka/settings.ts";
import { RecordPrinter } from "../src/consume/printer.ts";
import { DEFAULT_PRETTY } from "../src/consume/pretty.ts";
import type { RecordBatch } from "../src/consume/record.ts";
import { ConsumeStats } from "../src/consume/stats.ts";
import { recordValidator } from "../src/consume/validation.ts";
import { validatorFor } from "../src/schemas.ts";

const { values: flags } = parseArgs({
  options: { records: { type: "string", default: "200000" }, bootstrap: { type: "string" } },
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

if (flags.bootstrap !== undefined) await endToEnd(flags.bootstrap);

async function endToEnd(bootstrap: string): Promise<void> {
  const topic = `consume-bench-${crypto.randomUUID().slice(0, 8)}`;
  const kafka = createKafka({ ...DEFAULT_KAFKA_SETTINGS, brokers: [bootstrap] });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
  });
  await admin.disconnect();
  const kcat = new Deno.Command("kcat", {
    args: ["-P", "-b", bootstrap, "-t", topic, "-K", "\t", "-z", "snappy"],
    stdin: "piped",
    stderr: "inherit",
  }).spawn();
  const writer = kcat.stdin.getWriter();
  for (let i = 0; i < values.length; i += 10_000) {
    const chunk = values.slice(i, i + 10_000).map((v, j) => `channel_${(i + j) % 7}\t${v}\n`);
    await writer.write(encoder.encode(chunk.join("")));
  }
  await writer.close();
  if (!(await kcat.status).success) throw new Error("kcat could not write the records");
  const main = new URL("../main.ts", import.meta.url).pathname;
  const measured: string[] = [];
  for (const extra of [[], ["--validate", "--schema", "chat_message"]]) {
    const t0 = performance.now();
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        "--quiet",
        main,
        "consume",
        "-b",
        bootstrap,
        topic,
        "-o",
        "beginning",
        "-e",
        "-f",
        "json",
        ...extra,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    const wall = (performance.now() - t0) / 1000;
    const stats = /Consumed ([\d,]+) records in ([\d.]+) s \(([\d,]+) records\/s\)/.exec(
      new TextDecoder().decode(out.stderr),
    );
    if (!out.success || stats === null) throw new Error("consume failed");
    measured.push(
      `| json${extra.length > 0 ? " --validate" : ""} | ${stats[1]} | ${stats[3]} | ${
        wall.toFixed(2)
      } s |`,
    );
  }
  // deno-lint-ignore no-console
  console.log(
    `\nconsume end to end from ${bootstrap} to /dev/null\n\n| format | records | records/s | wall (process) |\n|---|---:|---:|---:|\n${
      measured.join("\n")
    }`,
  );
}
