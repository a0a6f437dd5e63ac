/**
 * Disorder on purpose, seeded and accounted for: between the generator and the sink, some events
 * are held back and sent late, some are sent a second time, and some malformed records are added.
 * Pure: every decision is a hash of (seed, the event's id), so the same seed and settings give
 * the same anomalies on the same events, live or backfill, in any shard. Delays are event time:
 * a late event goes out right after the first event whose timestamp is past its own plus its
 * delay (in a live run, that delay later in wall time).
 */
import { foldSeed, hashString, mix32 } from "../generator/random.ts";
import type { GeneratedEvent } from "../generator/types.ts";

export interface DisorderSettings {
  /** Share of events sent late (0–1), each held back up to `lateMaxMs` of event time. */
  readonly lateShare: number;
  readonly lateMaxMs: number;
  /** Share of events sent twice, the copy up to DUPLICATE_MAX_DELAY_MS later. */
  readonly duplicateShare: number;
  /** Malformed records added, as a share of events. */
  readonly malformedShare: number;
}

/**
 * At most this many records are held back at once. A late share held for its full delay at full
 * speed would be share × rate × delay events (300,000 for 5 % of 200,000 events/s over 30 s),
 * more than the heap cap holds; past this, the earliest due go out sooner than drawn. The truth
 * follows what was sent, so it stays exact; only the lateness is smaller.
 */
export const HOLD_LIMIT = 20_000;

/** A duplicate follows its original within this much event time. */
export const DUPLICATE_MAX_DELAY_MS = 3000;

/** The kinds of malformed record, in turn by hash. */
export const MALFORMED_KINDS = [
  "not-json",
  "truncated-json",
  "schema-violation",
  "wrong-header",
] as const;
export type MalformedKind = typeof MALFORMED_KINDS[number];

export interface DisorderCounts {
  late: number;
  duplicate: number;
  malformed: number;
  /** The longest delay a late event was given (ms): the lateness bound a pipeline needs. */
  maxLateMs: number;
  readonly malformedByKind: Record<MalformedKind, number>;
}

const TWO_POW_32 = 2 ** 32;
const LATE = 0x6a09e667;
const LATE_DELAY = 0xbb67ae85;
const DUPLICATE = 0x3c6ef372;
const DUPLICATE_DELAY = 0xa54ff53a;
const MALFORMED = 0x510e527f;
const MALFORMED_KIND = 0x9b05688c;

/** The schema name of each kind, for the event_type header a wrong-header record lies about. */
const WRONG_EVENT_TYPE: Readonly<Record<GeneratedEvent["kind"], string>> = {
  chat: "viewer_count",
  viewer: "transaction",
  transaction: "stream_meta",
  stream_meta: "chat_message",
};

/** What happens to one event: decided by its id alone. */
interface Plan {
  /** 0: sent on time. */
  readonly lateMs: number;
  /** -1: no duplicate. */
  readonly duplicateMs: number;
  readonly malformed: MalformedKind | undefined;
}

interface Held {
  readonly releaseMs: number;
  /** Order of holding, to break ties: equal release times go out in the order held. */
  readonly order: number;
  readonly event: GeneratedEvent;
}

export class Disorder {
  readonly #settings: DisorderSettings;
  readonly #key: number;
  /** Min-heap by (releaseMs, order). */
  readonly #held: Held[] = [];
  #order = 0;
  #releasedEarly = 0;
  readonly counts: DisorderCounts = {
    late: 0,
    duplicate: 0,
    malformed: 0,
    maxLateMs: 0,
    malformedByKind: {
      "not-json": 0,
      "truncated-json": 0,
      "schema-violation": 0,
      "wrong-header": 0,
    },
  };

  constructor(settings: DisorderSettings, seed: number) {
    this.#settings = settings;
    this.#key = (foldSeed(seed) ^ mix32(hashString("disorder"))) >>> 0;
  }

  /** Records injected so far (duplicates and malformed: records that are not new events). */
  get injected(): number {
    return this.counts.duplicate + this.counts.malformed;
  }

  /** Records sent sooner than drawn because HOLD_LIMIT records were held. */
  get releasedEarly(): number {
    return this.#releasedEarly;
  }

  /** Events held back (late originals and pending duplicates). */
  get holding(): number {
    return this.#held.length;
  }

  /** Generated events in, records to send now out, in send order. */
  push(batch: readonly GeneratedEvent[]): GeneratedEvent[] {
    const out: GeneratedEvent[] = [];
    for (const event of batch) {
      this.#release(event.timestampMs, out);
      const plan = this.#plan(event);
      this.#count(plan);
      const sentMs = event.timestampMs + plan.lateMs;
      if (plan.lateMs > 0) this.#hold(sentMs, { ...event, anomaly: "late" });
      else out.push(event);
      // Always after the first copy, even when that one is late.
      if (plan.duplicateMs >= 0) {
        this.#hold(sentMs + plan.duplicateMs, { ...event, anomaly: "duplicate" });
      }
      if (plan.malformed !== undefined) out.push(this.#malformed(event, plan.malformed));
      while (this.#held.length > HOLD_LIMIT) {
        this.#releasedEarly++;
        out.push(this.#popFirst());
      }
    }
    return out;
  }

  /**
   * Counts the anomalies this event gets, as `push` would, without sending anything, and says
   * how many records `push` makes of it (1, plus a duplicate, plus a malformed): for a thread
   * that hands its events to others that disorder them (the workers of `--workers N`).
   */
  account(event: GeneratedEvent): number {
    const plan = this.#plan(event);
    this.#count(plan);
    return 1 + (plan.duplicateMs >= 0 ? 1 : 0) + (plan.malformed !== undefined ? 1 : 0);
  }

  /** The record `push` makes of this event for an anomaly (exactly the one it sends). */
  copy(event: GeneratedEvent, anomaly: "late" | "duplicate" | "malformed"): GeneratedEvent {
    if (anomaly !== "malformed") return { ...event, anomaly };
    const kind = this.#plan(event).malformed;
    if (kind === undefined) throw new RangeError(`event ${event.id} gets no malformed record`);
    return this.#malformed(event, kind);
  }

  #plan(event: GeneratedEvent): Plan {
    const s = this.#settings;
    const id = hashString(event.id);
    return {
      lateMs: this.#draw(id, LATE) < s.lateShare
        ? Math.max(1, Math.ceil(this.#draw(id, LATE_DELAY) * s.lateMaxMs))
        : 0,
      duplicateMs: this.#draw(id, DUPLICATE) < s.duplicateShare
        ? Math.ceil(this.#draw(id, DUPLICATE_DELAY) * DUPLICATE_MAX_DELAY_MS)
        : -1,
      malformed: this.#draw(id, MALFORMED) < s.malformedShare
        ? MALFORMED_KINDS[Math.floor(this.#draw(id, MALFORMED_KIND) * 4)]!
        : undefined,
    };
  }

  #count(plan: Plan): void {
    const counts = this.counts;
    if (plan.lateMs > 0) {
      counts.late++;
      if (plan.lateMs > counts.maxLateMs) counts.maxLateMs = plan.lateMs;
    }
    if (plan.duplicateMs >= 0) counts.duplicate++;
    if (plan.malformed !== undefined) {
      counts.malformed++;
      counts.malformedByKind[plan.malformed]++;
    }
  }

  /** Everything still held, in release order: the run is ending. */
  flush(): GeneratedEvent[] {
    const out: GeneratedEvent[] = [];
    this.#release(Infinity, out);
    return out;
  }

  #draw(id: number, salt: number): number {
    return mix32(this.#key ^ mix32((id ^ salt) >>> 0)) / TWO_POW_32;
  }

  #malformed(event: GeneratedEvent, kind: MalformedKind): GeneratedEvent {
    const json = JSON.stringify(event.value);
    let value: string;
    /** "" keeps the kind's own event_type header. */
    let eventType = "";
    switch (kind) {
      case "not-json":
        value = `telemetra-mock malformed record: not JSON (${event.id})`;
        break;
      case "truncated-json":
        value = json.slice(0, Math.floor(json.length / 2));
        break;
      case "schema-violation":
        // Valid JSON of the right shape, but the channel is a number and the timestamp is not one.
        value = JSON.stringify({ ...event.value, channel: 42, timestamp: "yesterday" });
        break;
      case "wrong-header":
        value = json;
        eventType = WRONG_EVENT_TYPE[event.kind];
        break;
    }
    return {
      ...event,
      id: `${event.id}:malformed`,
      anomaly: "malformed",
      malformed: { value, eventType },
    } as GeneratedEvent;
  }

  #hold(releaseMs: number, event: GeneratedEvent): void {
    const heap = this.#held;
    heap.push({ releaseMs, order: this.#order++, event });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #release(untilMs: number, out: GeneratedEvent[]): void {
    const heap = this.#held;
    while (heap.length > 0 && heap[0]!.releaseMs <= untilMs) out.push(this.#popFirst());
  }

  #popFirst(): GeneratedEvent {
    const heap = this.#held;
    const first = heap[0]!.event;
    const last = heap.pop()!;
    if (heap.length === 0) return first;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) break;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
    return first;
  }
}

function before(a: Held, b: Held): boolean {
  return a.releaseMs < b.releaseMs || (a.releaseMs === b.releaseMs && a.order < b.order);
}
