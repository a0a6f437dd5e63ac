/**
 * `verify --kafka`: what is in the topics against what the truth says was acknowledged — records
 * per topic, events per type, duplicates and malformed records (expected from the manifest vs
 * found), and ids missing or unexpected (against ids.csv). Pure: records come in one by one.
 */
export const ANOMALY_HEADER = "telemetra.anomaly";

/** What one truth directory says (several, for the shards of one run, are added up). */
export interface Expected {
  readonly recordsByTopic: Map<string, number>;
  readonly eventsByType: Map<string, number>;
  readonly duplicatesByTopic: Map<string, number>;
  readonly malformedByTopic: Map<string, number>;
  /** `topic id` of every acknowledged event. */
  readonly ids: Set<string>;
}

export interface AuditRow {
  readonly check: string;
  readonly expected: number;
  readonly found: number;
}

export interface AuditReport {
  readonly rows: readonly AuditRow[];
  readonly missing: readonly string[];
  readonly unexpected: readonly string[];
  readonly ok: boolean;
}

/** The id and event type of an event value (`transaction:bits`, `stream_meta:raid_incoming`). */
function identify(value: string): { id: string; type: string } | undefined {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof v !== "object" || v === null) return undefined;
  if (typeof v.message_id === "string") return { id: v.message_id, type: "chat_message" };
  if (typeof v.transaction_id === "string") {
    return { id: v.transaction_id, type: `transaction:${v.transaction_type}` };
  }
  if (typeof v.event_id === "string") {
    return typeof v.viewer_count === "number"
      ? { id: v.event_id, type: "viewer_count" }
      : { id: v.event_id, type: `stream_meta:${v.event_type}` };
  }
  return undefined;
}

export class Audit {
  readonly #records = new Map<string, number>();
  readonly #types = new Map<string, number>();
  readonly #duplicates = new Map<string, number>();
  readonly #malformed = new Map<string, number>();
  readonly #seen = new Set<string>();

  /** One record as read: its topic, `telemetra.anomaly` header (if any) and value. */
  add(topic: string, anomaly: string | undefined, value: string): void {
    bump(this.#records, topic);
    if (anomaly === "malformed") {
      bump(this.#malformed, topic);
      return;
    }
    const event = identify(value);
    if (event === undefined) {
      bump(this.#malformed, topic);
      return;
    }
    const key = `${topic} ${event.id}`;
    if (this.#seen.has(key)) {
      bump(this.#duplicates, topic);
      return;
    }
    this.#seen.add(key);
    bump(this.#types, event.type);
  }

  report(expected: Expected, limit = 20): AuditReport {
    const rows: AuditRow[] = [];
    const compare = (label: string, want: Map<string, number>, got: Map<string, number>) => {
      for (const key of [...new Set([...want.keys(), ...got.keys()])].sort()) {
        rows.push({
          check: `${label} ${key}`,
          expected: want.get(key) ?? 0,
          found: got.get(key) ?? 0,
        });
      }
    };
    compare("records in", expected.recordsByTopic, this.#records);
    compare("events", expected.eventsByType, this.#types);
    compare("duplicates in", expected.duplicatesByTopic, this.#duplicates);
    compare("malformed in", expected.malformedByTopic, this.#malformed);
    const missing: string[] = [];
    let missingCount = 0;
    for (const id of expected.ids) {
      if (!this.#seen.has(id)) {
        missingCount++;
        if (missing.length < limit) missing.push(id);
      }
    }
    const unexpected: string[] = [];
    let unexpectedCount = 0;
    for (const id of this.#seen) {
      if (!expected.ids.has(id)) {
        unexpectedCount++;
        if (unexpected.length < limit) unexpected.push(id);
      }
    }
    rows.push({ check: "ids missing", expected: 0, found: missingCount });
    rows.push({ check: "ids unexpected", expected: 0, found: unexpectedCount });
    return { rows, missing, unexpected, ok: rows.every((r) => r.expected === r.found) };
  }
}

function bump(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}

/** Adds one truth directory's manifest and ids.csv to `into`. */
export function addExpected(
  into: Expected,
  manifest: Record<string, unknown>,
  idsCsv: string,
): void {
  const byTopic = (manifest.byTopic ?? {}) as Record<string, { records: number }>;
  for (const [topic, t] of Object.entries(byTopic)) bump(into.recordsByTopic, topic, t.records);
  for (const [type, n] of Object.entries((manifest.byEventType ?? {}) as Record<string, number>)) {
    bump(into.eventsByType, type, n);
  }
  const disorder = manifest.disorder as
    | { acknowledged?: Record<string, Record<string, number>> }
    | undefined;
  for (const [topic, n] of Object.entries(disorder?.acknowledged?.duplicate ?? {})) {
    bump(into.duplicatesByTopic, topic, n);
  }
  for (const [topic, n] of Object.entries(disorder?.acknowledged?.malformed ?? {})) {
    bump(into.malformedByTopic, topic, n);
  }
  for (const line of idsCsv.split("\n").slice(1)) {
    const comma = line.indexOf(",");
    if (comma > 0) into.ids.add(`${line.slice(0, comma)} ${line.slice(comma + 1)}`);
  }
}

export function emptyExpected(): Expected {
  return {
    recordsByTopic: new Map(),
    eventsByType: new Map(),
    duplicatesByTopic: new Map(),
    malformedByTopic: new Map(),
    ids: new Set(),
  };
}
