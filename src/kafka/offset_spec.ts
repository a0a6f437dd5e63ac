/**
 * Where to start reading, in kcat's and rpk's terms: `beginning`, `end`, an absolute offset `N`,
 * `-N` (N records before the end) or `+N` (N records after the beginning). Pure: the bounds of
 * each partition are passed in. Parsing the user's spelling is consume's (src/consume/offsets.ts).
 */

export type OffsetSpec =
  | { readonly kind: "beginning" }
  | { readonly kind: "end" }
  | { readonly kind: "absolute"; readonly offset: bigint }
  | { readonly kind: "fromEnd"; readonly count: bigint }
  | { readonly kind: "fromBeginning"; readonly count: bigint };

/** The low (first available) and high (next to be written) offsets of a partition. */
export interface PartitionBounds {
  readonly low: bigint;
  readonly high: bigint;
}

function clamp(n: bigint, { low, high }: PartitionBounds): bigint {
  return n < low ? low : n > high ? high : n;
}

/** The first offset to read from a partition with these bounds. */
export function startOffset(spec: OffsetSpec, bounds: PartitionBounds): bigint {
  switch (spec.kind) {
    case "beginning":
      return bounds.low;
    case "end":
      return bounds.high;
    case "absolute":
      return clamp(spec.offset, bounds);
    case "fromEnd":
      return clamp(bounds.high - spec.count, bounds);
    case "fromBeginning":
      return clamp(bounds.low + spec.count, bounds);
  }
}

/** The offset spec as the user would write it (for logs). */
export function describeOffsetSpec(spec: OffsetSpec): string {
  switch (spec.kind) {
    case "beginning":
    case "end":
      return spec.kind;
    case "absolute":
      return String(spec.offset);
    case "fromEnd":
      return `-${spec.count}`;
    case "fromBeginning":
      return `+${spec.count}`;
  }
}
