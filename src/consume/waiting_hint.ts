/**
 * The hint for a consume that starts at the end of its topics: by default it reads only what is
 * written from now on, so on a topic nobody writes to it waits in silence. After a few quiet
 * seconds it says so once, and how many records `--from-beginning` would read.
 */
import type { PartitionStart } from "../kafka/consumer_types.ts";
import { groupDigits } from "./pretty.ts";

/** How long a consume that starts at the end waits for a first record before the hint. */
export const WAITING_HINT_AFTER_MS = 3000;

/**
 * The hint for a run reading `topics` from these starts, or undefined when there is nothing to
 * say: some partition starts before its end (records are on their way), or a group resumes from
 * its commits (where `--from-beginning` does not apply).
 */
export function waitingHint(
  topics: readonly string[],
  starts: readonly PartitionStart[],
): string | undefined {
  if (starts.length === 0) return undefined;
  if (starts.some((p) => p.resumed || p.from < p.high)) return undefined;
  const there = starts.reduce((sum, p) => sum + (p.high - p.low), 0n);
  const one = topics.length === 1;
  const names = one ? topics[0]! : `${topics.slice(0, -1).join(", ")} and ${topics.at(-1)}`;
  const waiting = `Waiting for new records on ${names}`;
  if (there === 0n) {
    return `${waiting}; ${one ? "it is" : "they are"} empty so far (is a producer writing to ${
      one ? "it" : "them"
    }?)`;
  }
  const count = there === 1n ? "one" : groupDigits(Number(there));
  return `${waiting}; --from-beginning reads the ${count} already there`;
}
