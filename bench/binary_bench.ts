/**
 * The compiled binary: size, start-up time and peak memory, run alone with an empty environment.
 *
 *   tools/deno run -A bench/binary_bench.ts [--binary ./telemetra-mock] [--runs 30]
 *
 * Without --binary it builds one with tools/compile.sh into a temp directory. CPU time and peak
 * RSS come from GNU time; wall time is sensitive to machine load, CPU time much less so.
 */
import { parseArgs } from "node:util";

const { values: flags } = parseArgs({
  options: { binary: { type: "string" }, runs: { type: "string", default: "30" } },
});
const runs = Number(flags.runs);
const root = new URL("../", import.meta.url).pathname;

async function build(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "telemetra-bench-" });
  const output = `${dir}/telemetra-mock`;
  const { code, stderr } = await new Deno.Command("bash", {
    args: [`${root}tools/compile.sh`, "--output", output],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (code !== 0) throw new Error(new TextDecoder().decode(stderr));
  return output;
}

const binary = flags.binary ?? await build();

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly rssMb: number;
}

/** One run under GNU time: wall clock here, CPU (user + sys) and peak RSS from time. */
async function sample(args: string[]): Promise<Sample> {
  const start = performance.now();
  const { code, stderr } = await new Deno.Command("/usr/bin/time", {
    args: ["-f", "%U %S %M", binary, ...args],
    clearEnv: true,
    stdout: "null",
    stderr: "piped",
  }).output();
  const wallMs = performance.now() - start;
  const lines = new TextDecoder().decode(stderr).trim().split("\n");
  if (code !== 0) throw new Error(`${args.join(" ")} exited ${code}: ${lines.slice(-2).join(" ")}`);
  const [user, sys, rssKb] = lines.at(-1)!.split(" ").map(Number);
  return { wallMs, cpuMs: (user! + sys!) * 1000, rssMb: rssKb! / 1024 };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function startup(args: string[], times: number): Promise<string> {
  await sample(args); // warm the page cache
  const samples: Sample[] = [];
  for (let i = 0; i < times; i++) samples.push(await sample(args));
  const wall = median(samples.map((s) => s.wallMs));
  const cpu = median(samples.map((s) => s.cpuMs));
  const rss = median(samples.map((s) => s.rssMb));
  return `${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU, ${rss.toFixed(0)} MB peak RSS`;
}

const size = (await Deno.stat(binary)).size;
const rows: [string, string][] = [
  ["size", `${(size / 1e6).toFixed(1)} MB (${size.toLocaleString("en-US")} bytes)`],
  [`\`--version\`, median of ${runs}`, await startup(["--version"], runs)],
  [`\`--help\`, median of ${runs}`, await startup(["--help"], runs)],
  [
    "`produce --stdout --rate 0 --count 100000`, median of 3",
    await startup(["produce", "--stdout", "--rate", "0", "--count", "100000"], 3),
  ],
];
// deno-lint-ignore no-console
console.log(
  ["| binary | measured |", "|---|---|", ...rows.map(([k, v]) => `| ${k} | ${v} |`)].join("\n"),
);
