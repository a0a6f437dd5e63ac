/** The benchmark's tables, as markdown. Pure: numbers in, text out. */

export interface ThroughputRow {
  readonly id: string;
  readonly what: string;
  readonly perSecond: number;
  /** Peak resident set of the measured process, where it is ours to measure. */
  readonly peakRssBytes?: number;
  /** Why the row has no figure: its run failed (the rest of the benchmark went on). */
  readonly failed?: string;
}

export interface RateRow {
  readonly target: string;
  readonly targetPerSecond: number | undefined;
  readonly achievedPerSecond: number;
  /** How long the run took. */
  readonly seconds: number;
  readonly cpuPercent: number | undefined;
  readonly peakRssBytes: number;
}

export interface ConsumeRow {
  readonly what: string;
  readonly perSecond: number;
}

const int = (n: number) => Math.round(n).toLocaleString("en-US");
const ratio = (n: number, of: number | undefined) =>
  of === undefined || of <= 0 ? "–" : `${(n / of).toFixed(2)}×`;

/** Rows (a)–(e) with ratio columns against the rows named `vsA` and `vsB`. */
export function throughputTable(rows: readonly ThroughputRow[], vsA: string, vsB: string): string {
  const a = rows.find((r) => r.id === vsA)?.perSecond;
  const b = rows.find((r) => r.id === vsB)?.perSecond;
  return [
    `| | what | events/s | vs (${vsA}) | vs (${vsB}) | peak RSS |`,
    "|---|---|---:|---:|---:|---:|",
    ...rows.map((r) =>
      r.failed !== undefined
        ? `| ${r.id} | ${r.what} | ${r.failed} | – | – | |`
        : `| ${r.id} | ${r.what} | ${int(r.perSecond)} | ${ratio(r.perSecond, a)} | ${
          ratio(r.perSecond, b)
        } | ${r.peakRssBytes === undefined ? "" : `${int(r.peakRssBytes / 1024 / 1024)} MB`} |`
    ),
  ].join("\n");
}

export function rateTable(rows: readonly RateRow[]): string {
  return [
    "| target events/s | achieved events/s | achieved / target | took | CPU, % of one core | max RSS |",
    "|---:|---:|---:|---:|---:|---:|",
    ...rows.map((r) =>
      `| ${r.target} | ${
        r.achievedPerSecond >= 100 ? int(r.achievedPerSecond) : r.achievedPerSecond.toFixed(2)
      } | ${
        r.targetPerSecond === undefined
          ? "–"
          : `${(r.achievedPerSecond / r.targetPerSecond * 100).toFixed(1)} %`
      } | ${r.seconds.toFixed(2)} s | ${
        r.cpuPercent === undefined ? "–" : `${r.cpuPercent.toFixed(1)} %`
      } | ${(r.peakRssBytes / 1024 / 1024).toFixed(0)} MB |`
    ),
  ].join("\n");
}

export function consumeTable(rows: readonly ConsumeRow[]): string {
  return [
    "| consume -f json > /dev/null | events/s |",
    "|---|---:|",
    ...rows.map((r) => `| ${r.what} | ${int(r.perSecond)} |`),
  ].join("\n");
}

/** `Intel(R) Xeon(R) ... , 2 cores, 24 GiB RAM, Linux 6.1` from /proc. */
export function describeMachine(): string {
  const read = (path: string) => {
    try {
      return Deno.readTextFileSync(path);
    } catch {
      return "";
    }
  };
  const cpuinfo = read("/proc/cpuinfo");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? "unknown CPU";
  const cores = navigator.hardwareConcurrency;
  const memKb = Number(/^MemTotal:\s+(\d+) kB$/m.exec(read("/proc/meminfo"))?.[1] ?? 0);
  const kernel = read("/proc/sys/kernel/osrelease").trim();
  return `${model}, ${cores} cores, ${Math.round(memKb / 1024 / 1024)} GiB RAM, Linux ${kernel}`;
}
