/**
 * Merges the records of several partitions into one sequence ordered by time, as they arrive.
 * Each partition's records come in offset order and stay in it; across partitions the record
 * with the earliest time goes first (ties: the partition listed first). A record is let out only
 * once every partition that may still bring records holds at least one, so nothing earlier can
 * follow it; a partition whose records are all read is ended and no longer waited for. Pure.
 */
import type { ConsumedRecord, RecordBatch } from "./record.ts";

interface Queue {
  readonly topic: string;
  readonly partition: number;
  /** Position in the partitions given to the constructor: the tie-break. */
  readonly order: number;
  records: ConsumedRecord[];
  times: number[];
  /** Index of the next record to let out. */
  head: number;
  ended: boolean;
}

export class TimeMerge {
  readonly #timeOf: (record: ConsumedRecord) => number;
  readonly #queues = new Map<string, Queue>();
  /** Queues holding records, as a binary min-heap on (time of the head record, order). */
  readonly #heap: Queue[] = [];
  /** Partitions not ended that hold no record: while any exists, nothing can be let out. */
  #starving = 0;

  /** `partitions`: every partition to wait for, in tie-break order. */
  constructor(
    partitions: readonly { readonly topic: string; readonly partition: number }[],
    timeOf: (record: ConsumedRecord) => number,
  ) {
    this.#timeOf = timeOf;
    for (const { topic, partition } of partitions) this.#queue(topic, partition);
  }

  /** Takes a partition's next records; returns the records now due, as runs per partition. */
  add(topic: string, partition: number, records: readonly ConsumedRecord[]): RecordBatch[] {
    if (records.length === 0) return [];
    const q = this.#queue(topic, partition);
    const wasEmpty = q.head === q.records.length;
    if (q.head > 0 && q.head * 2 >= q.records.length) {
      // Let go of what was let out, so a partition that never runs dry does not keep it all.
      q.records = q.records.slice(q.head);
      q.times = q.times.slice(q.head);
      q.head = 0;
    }
    for (const record of records) {
      q.records.push(record);
      q.times.push(this.#timeOf(record));
    }
    if (wasEmpty) {
      if (!q.ended) this.#starving--;
      this.#push(q);
    }
    return this.#letOut();
  }

  /** The partition brings no more records; returns the records now due. */
  end(topic: string, partition: number): RecordBatch[] {
    const q = this.#queue(topic, partition);
    if (q.ended) return [];
    q.ended = true;
    if (q.head === q.records.length) this.#starving--;
    return this.#letOut();
  }

  /** Everything still held, in time order, as if every partition had ended. */
  drain(): RecordBatch[] {
    for (const q of this.#queues.values()) q.ended = true;
    this.#starving = 0;
    return this.#letOut();
  }

  /** How many records of the partition are held back. */
  held(topic: string, partition: number): number {
    const q = this.#queues.get(key(topic, partition));
    return q === undefined ? 0 : q.records.length - q.head;
  }

  #queue(topic: string, partition: number): Queue {
    const k = key(topic, partition);
    let q = this.#queues.get(k);
    if (q === undefined) {
      q = {
        topic,
        partition,
        order: this.#queues.size,
        records: [],
        times: [],
        head: 0,
        ended: false,
      };
      this.#queues.set(k, q);
      this.#starving++;
    }
    return q;
  }

  #letOut(): RecordBatch[] {
    const runs: { topic: string; partition: number; messages: ConsumedRecord[] }[] = [];
    let current: Queue | undefined;
    while (this.#starving === 0 && this.#heap.length > 0) {
      const q = this.#heap[0]!;
      if (q !== current) {
        runs.push({ topic: q.topic, partition: q.partition, messages: [] });
        current = q;
      }
      runs.at(-1)!.messages.push(q.records[q.head++]!);
      if (q.head === q.records.length) {
        q.records = [];
        q.times = [];
        q.head = 0;
        this.#popTop();
        if (!q.ended) this.#starving++;
      } else {
        this.#siftDown(0);
      }
    }
    return runs;
  }

  #before(a: Queue, b: Queue): boolean {
    const ta = a.times[a.head]!;
    const tb = b.times[b.head]!;
    return ta < tb || (ta === tb && a.order < b.order);
  }

  #push(q: Queue): void {
    const heap = this.#heap;
    heap.push(q);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #popTop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#siftDown(0);
    }
  }

  #siftDown(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let first = i;
      if (left < heap.length && this.#before(heap[left]!, heap[first]!)) first = left;
      if (right < heap.length && this.#before(heap[right]!, heap[first]!)) first = right;
      if (first === i) return;
      [heap[i], heap[first]] = [heap[first]!, heap[i]!];
      i = first;
    }
  }
}

function key(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}
