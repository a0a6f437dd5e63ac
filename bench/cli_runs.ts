/**
 * Runs `produce` and `consume` as a user would — `deno run -A main.ts ...`, or a compiled
 * binary — in a process of their own with stdout to /dev/null, and reads what they report on
 * stderr, while sampling the produce process's CPU and memory from /proc.
 */
import { v8FlagsArgument } from "../tools/compile/v8_flags.ts";
import { ProcSampler } from "../tests/support/proc_sampler.ts";

const MAIN = new URL("../main.ts", import.meta.url).pathname;

/** How to start telemetra-mock: argv before the subcommand. */
export type Launcher = readonly string[];

/**
 * `deno run -A main.ts` with this Deno and the V8 flags the tasks and the binary use, or the
 * compiled binary at `binary` (which has them built in).
 */
export function launcher(binary?: string): Launcher {
  return binary === undefined
    ? [Deno.execPath(), "run", "-A", "--quiet", v8FlagsArgument(), MAIN]
    : [binary];
}

export interface ProduceRun {
  readonly generated: number;
  readonly delivered: number;
  readonly failed: number;
  /**
   * Seconds from "Starting message production" to the summary line (everything flushed),
   * measured here as the lines arrive.
   */
  readonly seconds: number;
  /** CPU of the produce process once producing (after a warm-up), % of one core. */
  readonly cpuPercent: number | undefined;
  /** Peak resident set of the produce process, bytes. */
  readonly peakRssBytes: number;
}

const SUMMARY =
  /Summary: generated (\d+), delivered (\d+), failed (\d+)(?:, undelivered \d+)? in ([\d.]+)s/;

/** `produce` with these arguments (add -b, --rate, --duration...); throws if it fails. */
export async function runProduce(
  start: Launcher,
  args: readonly string[],
  options: { warmupMs?: number } = {},
): Promise<ProduceRun> {
  const child = new Deno.Command(start[0]!, {
    args: [...start.slice(1), "produce", "--no-progress", ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    env: { STATS_EVERY: "100000000" },
  }).spawn();
  const sampler = new ProcSampler(child.pid);
  let startedMs: number | undefined;
  let summaryMs = 0;
  let summary: RegExpExecArray | null = null;
  const tail: string[] = [];
  for await (const line of linesOf(child.stderr)) {
    if (startedMs === undefined && line.includes("Starting message production")) {
      startedMs = Date.now();
    }
    if (summary === null) {
      summary = SUMMARY.exec(line);
      summaryMs = Date.now();
    }
    tail.push(line);
    if (tail.length > 20) tail.shift();
  }
  const status = await child.status;
  sampler.stop();
  if (!status.success || summary === null) {
    throw new Error(`produce ${args.join(" ")} failed (exit ${status.code}):\n${tail.join("\n")}`);
  }
  const [generated, delivered, failed] = summary.slice(1, 4).map(Number) as [
    number,
    number,
    number,
  ];
  return {
    generated,
    delivered,
    failed,
    seconds: (summaryMs - (startedMs ?? summaryMs)) / 1000,
    cpuPercent: sampler.cpuPercentSince((startedMs ?? 0) + (options.warmupMs ?? 1000)),
    peakRssBytes: sampler.peakRssBytes,
  };
}

async function* linesOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop()!;
    yield* parts;
  }
  if (rest !== "") yield rest;
}

export interface ConsumeRun {
  readonly records: number;
  readonly recordsPerSecond: number;
  readonly wallSeconds: number;
}

const CONSUMED = /Consumed ([\d,]+) records in ([\d.]+) s \(([\d,]+) records\/s\)/;

/** `consume ... -f json > /dev/null` with these arguments; the rate is the one it reports. */
export async function runConsume(start: Launcher, args: readonly string[]): Promise<ConsumeRun> {
  const t0 = performance.now();
  const out = await new Deno.Command(start[0]!, {
    args: [...start.slice(1), "consume", "-f", "json", ...args],
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).output();
  const wallSeconds = (performance.now() - t0) / 1000;
  const stderr = new TextDecoder().decode(out.stderr);
  const stats = CONSUMED.exec(stderr);
  if (!out.success || stats === null) {
    throw new Error(`consume ${args.join(" ")} failed (exit ${out.code}):\n${stderr.slice(-2000)}`);
  }
  const number = (s: string) => Number(s.replaceAll(",", ""));
  return { records: number(stats[1]!), recordsPerSecond: number(stats[3]!), wallSeconds };
}
