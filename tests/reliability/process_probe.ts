/**
 * What a running process costs, from Linux /proc: resident memory and CPU time used so far.
 * Used to show the producer neither grows nor spins while the broker is down.
 */

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const TICKS_PER_SECOND = 100;

export interface ProcessUsage {
  /** Wall clock of the reading (ms since the epoch). */
  readonly atMs: number;
  /** Resident set size, bytes. */
  readonly rssBytes: number;
  /** User + system CPU time used since the process started, ms. */
  readonly cpuMs: number;
}

/** The usage of `pid` now, or undefined once it has exited. */
export function readUsage(pid: number): ProcessUsage | undefined {
  try {
    const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    // Fields after "pid (comm) ": state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const rssKb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
    if (!Number.isFinite(ticks) || !Number.isFinite(rssKb)) return undefined;
    return { atMs: Date.now(), rssBytes: rssKb * 1024, cpuMs: (ticks * 1000) / TICKS_PER_SECOND };
  } catch {
    return undefined;
  }
}

/** Reads `pid`'s usage every `everyMs` until stopped; keeps every reading. */
export class UsageRecorder implements Disposable {
  readonly readings: ProcessUsage[] = [];
  readonly #timer: number;

  constructor(readonly pid: number, everyMs = 200) {
    this.#take();
    this.#timer = setInterval(() => this.#take(), everyMs);
  }

  #take(): void {
    const usage = readUsage(this.pid);
    if (usage) this.readings.push(usage);
  }

  /** Readings taken between `fromMs` and `toMs` (wall clock). */
  between(fromMs: number, toMs: number): ProcessUsage[] {
    return this.readings.filter((r) => r.atMs >= fromMs && r.atMs <= toMs);
  }

  [Symbol.dispose](): void {
    clearInterval(this.#timer);
  }
}

/** CPU cores used on average between two readings (1 = one core busy all the time). */
export function coresUsed(from: ProcessUsage, to: ProcessUsage): number {
  const wall = to.atMs - from.atMs;
  return wall > 0 ? (to.cpuMs - from.cpuMs) / wall : 0;
}

/** The highest resident size among `readings`, bytes. */
export function peakRss(readings: readonly ProcessUsage[]): number {
  return readings.reduce((max, r) => Math.max(max, r.rssBytes), 0);
}
