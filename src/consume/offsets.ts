/**
 * `-o/--offset` as the user spells it, in kcat's and rpk's terms: `beginning` (or start,
 * earliest, oldest), `end` (or latest, newest), `N`, `-N` or `+N`. What each spec means for a
 * partition is src/kafka/offset_spec.ts.
 */
import { UsageError } from "../errors.ts";
import type { OffsetSpec } from "../kafka/offset_spec.ts";

export type { OffsetSpec };

const BEGINNING = new Set(["beginning", "start", "earliest", "oldest"]);
const END = new Set(["end", "latest", "newest"]);

/** Parses `-o`; throws a UsageError naming `label` otherwise. */
export function parseOffsetSpec(raw: string, label = "--offset"): OffsetSpec {
  const text = raw.trim().toLowerCase();
  if (BEGINNING.has(text)) return { kind: "beginning" };
  if (END.has(text)) return { kind: "end" };
  const match = /^([+-]?)(\d{1,19})$/.exec(text);
  if (match) {
    const n = BigInt(match[2]!);
    if (match[1] === "-") return { kind: "fromEnd", count: n };
    if (match[1] === "+") return { kind: "fromBeginning", count: n };
    return { kind: "absolute", offset: n };
  }
  throw new UsageError(
    `${label} must be beginning, end, an offset N, -N (N before the end) or +N (N after the beginning), got ${
      JSON.stringify(raw)
    }`,
  );
}
