/**
 * CPU time and peak memory of a running process, read from Linux /proc: utime + stime of
 * /proc/PID/stat (clock ticks) and VmHWM (peak resident set) of /proc/PID/status. Sampled on a
 * timer while the process runs, so the numbers survive its exit.
 */

export interface ProcSample {
  /** performance.now() of the read. */
  readonly atMs: number;
  /** User + system CPU seconds so far. */
  readonly cpuSeconds: number;
  /** Peak resident set so far, bytes. */
  readonly peakRssBytes: number;
}

/** Clock ticks per second (`getconf CLK_TCK`; 100 on every Linux we know). */
export function clockTicks(): number {
  try {
    const out = new Deno.Command("getconf", { args: ["CLK_TCK"], stdout: "piped" }).outputSync();
    const ticks = Number(new TextDecoder().decode(out.stdout).trim());
    return Number.isFinite(ticks) && ticks > 0 ? ticks : 100;
  } catch {
    return 100;
  }
}

const TICKS = clockTicks();

/** One reading, or undefined once the process is gone. */
export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    // Fields after "(comm)": state is field 3, utime 14, stime 15 (1-based).
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status);
    return {
      atMs: performance.now(),
      cpuSeconds: ticks / TICKS,
      peakRssBytes: hwm ? Number(hwm[1]) * 1024 : 0,
    };
  } catch {
    return undefined;
  }
}

export class ProcSampler {
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

  /** The largest peak RSS seen, bytes. */
  get peakRssBytes(): number {
    return this.samples.reduce((max, s) => Math.max(max, s.peakRssBytes), 0);
  }

  /**
   * CPU use between the first sample at or after `fromMs` and the last sample, as a percentage
   * of one core (undefined when the window holds fewer than two samples).
   */
  cpuPercentSince(fromMs: number): number | undefined {
    const first = this.samples.find((s) => s.atMs >= fromMs);
    const last = this.samples[this.samples.length - 1];
    if (first === undefined || last === undefined || last.atMs - first.atMs < 500) return undefined;
    return (last.cpuSeconds - first.cpuSeconds) / ((last.atMs - first.atMs) / 1000) * 100;
  }
}
