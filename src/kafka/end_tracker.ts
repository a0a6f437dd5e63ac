/**
 * `-e/--exit-at-end`: the end offsets are snapshotted when consuming starts, so the run ends
 * even while producers keep writing. A partition is finished once the next offset to read is at
 * or past its snapshot end; the run is finished when every assigned partition is.
 */

/** `topic` and `partition` as one map key. */
export function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

export class EndTracker {
  readonly #ends: ReadonlyMap<string, bigint>;
  readonly #next = new Map<string, bigint>();
  #assigned: ReadonlySet<string>;

  /** `ends`: snapshot end (high watermark) per partition key; `starts`: first offset to read. */
  constructor(ends: ReadonlyMap<string, bigint>, starts: ReadonlyMap<string, bigint>) {
    this.#ends = ends;
    for (const [key, start] of starts) this.#next.set(key, start);
    this.#assigned = new Set(ends.keys());
  }

  /** The snapshot end of a partition: records at or after it are not part of the run. */
  endOf(topic: string, partition: number): bigint | undefined {
    return this.#ends.get(partitionKey(topic, partition));
  }

  /** The next offset to read in a partition is now `next`. */
  advance(topic: string, partition: number, next: bigint): void {
    const key = partitionKey(topic, partition);
    const current = this.#next.get(key);
    if (current === undefined || next > current) this.#next.set(key, next);
  }

  /** Whether the partition has been read up to its snapshot end. */
  finished(topic: string, partition: number): boolean {
    const key = partitionKey(topic, partition);
    const end = this.#ends.get(key);
    return end !== undefined && (this.#next.get(key) ?? -1n) >= end;
  }

  /** The partitions this consumer owns (a group may hand out only some of them). */
  assign(keys: Iterable<string>): void {
    this.#assigned = new Set(keys);
  }

  /** Whether every assigned partition has been read up to its snapshot end. */
  done(): boolean {
    for (const key of this.#assigned) {
      const end = this.#ends.get(key);
      if (end === undefined) continue;
      if ((this.#next.get(key) ?? -1n) < end) return false;
    }
    return true;
  }

  /** Partitions still being read, as `topic/partition` (for debug logs). */
  pending(): string[] {
    const out: string[] = [];
    for (const key of this.#assigned) {
      const end = this.#ends.get(key);
      if (end !== undefined && (this.#next.get(key) ?? -1n) < end) {
        out.push(key.replace("\u0000", "/"));
      }
    }
    return out;
  }
}
