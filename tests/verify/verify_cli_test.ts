/**
 * `verify`: a pipeline's windows (CSV, NDJSON, stdin, PostgreSQL) against a produce run's truth.
 * The truth comes from a real produce run; the "pipeline outputs" are that truth, edited the way
 * broken pipelines get it wrong.
 */
import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";

const dir = await Deno.makeTempDir();
const truth = `${dir}/truth`;
const made = await runCli([
  "produce",
  "--stdout",
  "--start",
  "2025-10-16T00:00:00Z",
  "--until",
  "2025-10-16T00:20:00Z",
  "--rate",
  "10",
  "--seed",
  "8",
  "--channels",
  "a,b,c",
  "--truth",
  truth,
]);
assert.equal(made.code, 0, made.stderr);
const csv = Deno.readTextFileSync(`${truth}/windows.csv`);
const [header, ...rows] = csv.trimEnd().split("\n");
const columns = header!.split(",");

/** Writes a pipeline output file and returns its path. */
function output(name: string, text: string): string {
  const path = `${dir}/${name}`;
  Deno.writeTextFileSync(path, text);
  return path;
}

/** The truth's rows with one cell changed. */
function edited(row: number, column: string, value: string): string {
  const cells = rows.map((r) => r.split(","));
  cells[row]![columns.indexOf(column)] = value;
  return [header, ...cells.map((c) => c.join(","))].join("\n") + "\n";
}

const verify = (...args: string[]) => runCli(["verify", "--truth", truth, ...args]);

Deno.test("verify exits 0 when every window matches the truth", async () => {
  const result = await verify(output("same.csv", csv));
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /: all 60 windows match\n$/);
});

Deno.test("verify exits 1 and names the column of a differing value", async () => {
  const result = await verify(output("bits.csv", edited(4, "chat_bits", "99999")));
  assert.equal(result.code, 1, result.stderr);
  assert.match(result.stdout, /0 missing, 0 extra, 1 differing values \(chat_bits 1\)/);
  assert.match(result.stdout, /different\s+2025-10-16T00:01:00Z\s+b\s+chat_bits\s+\d+\s+99999/);
});

Deno.test("verify reports missing and extra windows", async () => {
  const lines = csv.trimEnd().split("\n");
  const text = [...lines.slice(0, 3), ...lines.slice(4), "2025-10-16T05:00:00Z,z,1,1,0,0,,,0,0.00"]
    .join("\n");
  const result = await verify(output("gaps.csv", text));
  assert.equal(result.code, 1);
  assert.match(result.stdout, /1 missing, 1 extra, 0 differing values/);
  assert.match(result.stdout, /missing\s+2025-10-16T00:00:00Z\s+c/);
  assert.match(result.stdout, /extra\s+2025-10-16T05:00:00Z\s+z/);
});

Deno.test("verify compares only the columns the pipeline has, with ±0.01 on averages and money", async () => {
  const cells = rows.map((r) => r.split(","));
  const revenue = columns.indexOf("revenue_usd");
  const text = "channel,window_start,revenue_usd\n" +
    cells.map((c) =>
      `${c[1]},${c[0]!.replace("T", " ").replace("Z", "")},${
        (Number(c[revenue]) + 0.01).toFixed(2)
      }`
    ).join("\n");
  const result = await verify(output("revenue.csv", text), "--format", "json");
  assert.equal(result.code, 0, result.stdout);
  const report = JSON.parse(result.stdout);
  assert.deepEqual(report.columns, ["revenue_usd"]);
  assert.equal(report.checked, 60);
  const off = text.replace(/,(\d+\.\d\d)$/m, (_, v) => `,${(Number(v) + 0.02).toFixed(2)}`);
  assert.equal((await verify(output("revenue2.csv", off))).code, 1);
  assert.equal(
    (await verify(output("revenue3.csv", off), "--tolerance", "revenue_usd=0.05")).code,
    0,
  );
});

Deno.test("verify reads NDJSON from stdin and limits the range with --from/--to", async () => {
  const objects = rows.map((r) => {
    const c = r.split(",");
    return JSON.stringify({ window_start: c[0], channel: c[1], chat_messages: Number(c[2]) });
  });
  // The last minute is "still open" in the pipeline: a wrong count there is left out by --to.
  objects[objects.length - 1] = objects[objects.length - 1]!.replace(
    /"chat_messages":\d+/,
    '"chat_messages":0',
  );
  const stdin = objects.join("\n") + "\n";
  assert.equal((await runCli(["verify", "--truth", truth, "-"], { stdin })).code, 1);
  const limited = await runCli(
    ["verify", "--truth", truth, "--to", "2025-10-16T00:19:00Z", "-"],
    { stdin },
  );
  assert.equal(limited.code, 0, limited.stdout);
  assert.match(limited.stdout, /all 57 windows match/);
  const from = await runCli(
    [
      "verify",
      "--truth",
      truth,
      "--from",
      "2025-10-16T00:10:00Z",
      "--to",
      "2025-10-16T00:19:00Z",
      "-",
    ],
    { stdin },
  );
  assert.match(from.stdout, /all 27 windows match/);
});

Deno.test("verify exits 2 naming the key columns a table lacks", async () => {
  const result = await verify(output("keys.csv", "minute,chat_messages\n1,2\n"));
  assert.equal(result.code, 2);
  assert.equal(
    result.stderr,
    "error: " + dir +
      "/keys.csv lacks the key columns window_start and channel (columns: minute, chat_messages)\n",
  );
});

Deno.test("verify exits 2 on bad input: no truth, unreadable file, bad tolerance", async () => {
  const cases: [string[], RegExp][] = [
    [["verify", "x.csv"], /^error: verify needs --truth DIR/],
    [
      ["verify", "--truth", `${dir}/nowhere`, "x.csv"],
      /^error: .*nowhere\/windows\.csv: No such file/,
    ],
    [["verify", "--truth", truth, `${dir}/none.csv`], /^error: .*none\.csv: No such file/],
    [
      ["verify", "--truth", truth, "--tolerance", "bits", "x.csv"],
      /^error: --tolerance bits: expected COLUMN=NUMBER/,
    ],
    [["verify", "--truth", truth, "--tolerance", "channel=1", "x.csv"], /is not a value column/],
    [
      ["verify", "--truth", truth, "--query", "select 1", "x.csv"],
      /--query is for a PostgreSQL URL/,
    ],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(args);
    assert.equal(result.code, 2, args.join(" "));
    assert.match(result.stderr, message);
    assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
  }
});

Deno.test("verify exits 2 in one line when PostgreSQL is unreachable, never printing the password", async () => {
  const listener = Deno.listen({ port: 0, hostname: "127.0.0.1" });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  const url = `postgres://app:s3cret-pw@127.0.0.1:${port}/metrics`;
  const result = await verify(url, "--query", "SELECT * FROM w");
  assert.equal(result.code, 2);
  assert.equal(result.stderr.trimEnd().split("\n").length, 1, result.stderr);
  assert.match(
    result.stderr,
    new RegExp(`^error: postgres://app:\\*\\*\\*@127\\.0\\.0\\.1:${port}/metrics: .*ECONNREFUSED`),
  );
  assert.ok(!result.stderr.includes("s3cret") && !result.stdout.includes("s3cret"));
  const noQuery = await verify(url);
  assert.equal(noQuery.code, 2);
  assert.match(noQuery.stderr, /needs --query/);
});
