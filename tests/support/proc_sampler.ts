/**
 * What a running process costs, read from Linux /proc: CPU time (utime + stime of
 * /proc/PID/stat, in clock ticks), resident memory (VmRSS) and its peak (VmHWM) of
 * /proc/PID/status. Sampled on a timer while the process runs, so the numbers survive its exit.
 * The reliability tests use it to show the producer neither grows nor spins while the broker is
 * down; the benchmarks to report CPU and peak memory.
 */

export interface ProcSample {
  /** Wall clock of the read (Date.now()). */
  readonly atMs: number;
  /** User + system CPU time used since the process started, ms. */
  readonly cpuMs: number;
  /** Resident set size now, bytes. */
  readonly rssBytes: number;
  /** Peak resident set so far, bytes. */
  readonly peakRssBytes: number;
}

let ticksPerSecond: number | undefined;

/** Clock ticks per second of /proc times (`getconf CLK_TCK`; 100 on every Linux we know). */
export function clockTicks(): number {
  if (ticksPerSecond !== undefined) return ticksPerSecond;
  try {
    const out = new Deno.Command("getconf", { args: ["CLK_TCK"], stdout: "piped" }).outputSync();
    const ticks = Number(new TextDecoder().decode(out.stdout).trim());
    ticksPerSecond = Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    ticksPerSecond = 100;
  }
  return ticksPerSecond;
}

/** One reading of `pid`, or undefined once the process is gone. */
export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    // Fields after "(comm)": state is field 3, utime 14, stime 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
    const hwmKb = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? NaN);
    if (!Number.isFinite(ticks) || !Number.isFinite(rssKb)) return undefined;
    return {
      atMs: Date.now(),
      cpuMs: (ticks * 1000) / clockTicks(),
      rssBytes: rssKb * 1024,
      peakRssBytes: Number.isFinite(hwmKb) ? hwmKb * 1024 : rssKb * 1024,
    };
  } catch {
    return undefined;
  }
}

/** Reads `pid` every `everyMs` until stopped (or disposed); keeps every sample. */
export class ProcSampler implements Disposable {
  readonly samples: ProcSample[] = [];
  readonly #timer: number;

  constructor(readonly pid: number, everyMs = 200) {
    this.#take();
    this.#timer = setInterval(() => this.#take(), everyMs);
  }

  #take(): void {
    const sample = readProc(this.pid);
    if (sample !== undefined) this.samples.push(sample);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  [Symbol.dispose](): void {
    this.stop();
  }

  /** Samples taken between `fromMs` and `toMs` (wall clock). */
  between(fromMs: number, toMs: number): ProcSample[] {
    return this.samples.filter((s) => s.atMs >= fromMs && s.atMs <= toMs);
  }

  /** The largest peak RSS seen, bytes. */
  get peakRssBytes(): number {
    return this.samples.reduce((max, s) => Math.max(max, s.peakRssBytes), 0);
  }

  /**
   * CPU use between the first sample at or after `fromMs` (wall clock) and the last sample, as
   * a percentage of one core (undefined when the window spans less than half a second).
   */
  cpuPercentSince(fromMs: number): number | undefined {
    const first = this.samples.find((s) => s.atMs >= fromMs);
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined || last.atMs - first.atMs < 500) return undefined;
    return coresUsed(first, last) * 100;
  }
}

/** CPU cores used on average between two samples (1 = one core busy all the time). */
export function coresUsed(from: ProcSample, to: ProcSample): number {
  const wall = to.atMs - from.atMs;
  return wall > 0 ? (to.cpuMs - from.cpuMs) / wall : 0;
}

/** The highest resident size among `samples`, bytes. */
export function peakRss(samples: readonly ProcSample[]): number {
  return samples.reduce((max, s) => Math.max(max, s.rssBytes), 0);
}
