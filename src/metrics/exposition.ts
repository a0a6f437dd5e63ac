/**
 * A small Prometheus registry: counters, gauges and histograms with fixed label names, rendered
 * in the text exposition format 0.0.4. Written by hand rather than taken from prom-client:
 * prom-client 15 runs under `deno run`, but `deno compile` (2.7.11) crashes with a stack overflow
 * while type-checking it, and produce needs only these three types.
 *
 * Hot paths update a pre-resolved child (`counter.labels({...})` once, then `child.inc(n)`), so
 * an update is one addition; label lookup and formatting happen only at scrape time.
 */

/** `Content-Type` of the text exposition format. */
export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A sample value as the format spells it: `+Inf`, `-Inf`, `NaN` or a plain number. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** A label value escaped for the format: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  return value.replace(/[\\"\n]/g, (c) => (c === "\n" ? "\\n" : `\\${c}`));
}

function escapeHelp(help: string): string {
  return help.replace(/[\\\n]/g, (c) => (c === "\n" ? "\\n" : "\\\\"));
}

/** `{a="1",b="2"}` for the given names and values, or `` when there are none. */
function labelText(names: readonly string[], values: readonly string[]): string {
  if (names.length === 0) return "";
  return `{${names.map((n, i) => `${n}="${escapeLabelValue(values[i]!)}"`).join(",")}}`;
}

type MetricType = "counter" | "gauge" | "histogram";

/** Anything the registry can render. */
export interface Collector {
  readonly name: string;
  /** The metric family: HELP and TYPE lines, then its samples, each line ending in "\n". */
  render(): string;
}

abstract class Family<L extends string, Child> implements Collector {
  readonly #children = new Map<string, { values: string[]; child: Child }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: MetricType,
    readonly labelNames: readonly L[],
  ) {
    if (!METRIC_NAME.test(name)) throw new RangeError(`invalid metric name "${name}"`);
    const bad = labelNames.find((l) => !LABEL_NAME.test(l) || l.startsWith("__") || l === "le");
    if (bad !== undefined) throw new RangeError(`invalid label name "${bad}" on ${name}`);
  }

  protected abstract newChild(): Child;
  protected abstract renderChild(child: Child, labels: string[]): string;

  /** The series for these label values, created at zero on first use. */
  labels(labels: Readonly<Record<L, string>>): Child {
    const values = this.labelNames.map((name) => {
      const value = labels[name];
      if (typeof value !== "string") throw new RangeError(`${this.name} needs label "${name}"`);
      return value;
    });
    const key = values.join("\u0000");
    let entry = this.#children.get(key);
    if (entry === undefined) {
      entry = { values, child: this.newChild() };
      this.#children.set(key, entry);
    }
    return entry.child;
  }

  /** The single series of a family without labels. */
  get series(): Child {
    return this.labels({} as Record<L, string>);
  }

  protected labelText(values: readonly string[], extra?: [string, string]): string {
    return extra === undefined
      ? labelText(this.labelNames, values)
      : labelText([...this.labelNames, extra[0]], [...values, extra[1]]);
  }

  render(): string {
    // A family without labels always shows its one series, at zero until first updated.
    if (this.labelNames.length === 0) void this.series;
    let out = `# HELP ${this.name} ${escapeHelp(this.help)}\n# TYPE ${this.name} ${this.type}\n`;
    for (const { values, child } of this.#children.values()) out += this.renderChild(child, values);
    return out;
  }
}

/** One counter series. */
export interface CounterChild {
  inc(n?: number): void;
  /** Reads the value from `read` (which must never decrease) at every scrape from now on. */
  collect(read: () => number): void;
  readonly value: number;
}

export class Counter<L extends string = never> extends Family<L, CounterChild> {
  constructor(name: string, help: string, labelNames: readonly L[] = []) {
    if (!name.endsWith("_total")) throw new RangeError(`counter ${name} must end in _total`);
    super(name, help, "counter", labelNames);
  }

  protected newChild(): CounterChild {
    let value = 0;
    let read: (() => number) | undefined;
    return {
      inc(n = 1) {
        if (!(n >= 0)) throw new RangeError(`a counter only goes up, got ${n}`);
        value += n;
      },
      collect(r) {
        read = r;
      },
      get value() {
        return read === undefined ? value : read();
      },
    };
  }

  protected renderChild(child: CounterChild, values: string[]): string {
    return `${this.name}${this.labelText(values)} ${formatValue(child.value)}\n`;
  }
}

/** One gauge series: set directly, or read from a function at scrape time. */
export interface GaugeChild {
  set(value: number): void;
  /** Reads the value from `read` at every scrape from now on. */
  collect(read: () => number): void;
  readonly value: number;
}

export class Gauge<L extends string = never> extends Family<L, GaugeChild> {
  constructor(name: string, help: string, labelNames: readonly L[] = []) {
    super(name, help, "gauge", labelNames);
  }

  protected newChild(): GaugeChild {
    let value = 0;
    let read: (() => number) | undefined;
    return {
      set(v) {
        read = undefined;
        value = v;
      },
      collect(r) {
        read = r;
      },
      get value() {
        return read === undefined ? value : read();
      },
    };
  }

  protected renderChild(child: GaugeChild, values: string[]): string {
    return `${this.name}${this.labelText(values)} ${formatValue(child.value)}\n`;
  }
}

/** One histogram series. */
export interface HistogramChild {
  observe(value: number): void;
  /** Observations per bucket (not cumulative), the last one being +Inf. */
  readonly counts: readonly number[];
  readonly sum: number;
  readonly count: number;
}

export class Histogram<L extends string = never> extends Family<L, HistogramChild> {
  readonly buckets: readonly number[];

  constructor(
    name: string,
    help: string,
    buckets: readonly number[],
    labelNames: readonly L[] = [],
  ) {
    super(name, help, "histogram", labelNames);
    const sorted = buckets.every((b, i) => i === 0 || b > buckets[i - 1]!);
    if (buckets.length === 0 || !sorted || buckets.some((b) => !Number.isFinite(b))) {
      throw new RangeError(`histogram ${name} needs finite buckets in increasing order`);
    }
    this.buckets = buckets;
  }

  protected newChild(): HistogramChild {
    const bounds = this.buckets;
    const counts = new Array<number>(bounds.length + 1).fill(0);
    let sum = 0;
    let count = 0;
    return {
      observe(value) {
        let i = 0;
        while (i < bounds.length && value > bounds[i]!) i++;
        counts[i]!++;
        sum += value;
        count++;
      },
      counts,
      get sum() {
        return sum;
      },
      get count() {
        return count;
      },
    };
  }

  protected renderChild(child: HistogramChild, values: string[]): string {
    let out = "";
    let cumulative = 0;
    for (let i = 0; i <= this.buckets.length; i++) {
      cumulative += child.counts[i]!;
      const le = i < this.buckets.length ? formatValue(this.buckets[i]!) : "+Inf";
      out += `${this.name}_bucket${this.labelText(values, ["le", le])} ${cumulative}\n`;
    }
    out += `${this.name}_sum${this.labelText(values)} ${formatValue(child.sum)}\n`;
    out += `${this.name}_count${this.labelText(values)} ${child.count}\n`;
    return out;
  }
}

/** Metric families in registration order. */
export class Registry {
  readonly #collectors: Collector[] = [];

  register<C extends Collector>(collector: C): C {
    if (this.#collectors.some((c) => c.name === collector.name)) {
      throw new RangeError(`metric ${collector.name} is already registered`);
    }
    this.#collectors.push(collector);
    return collector;
  }

  /** The whole exposition. */
  render(): string {
    return this.#collectors.map((c) => c.render()).join("");
  }
}
