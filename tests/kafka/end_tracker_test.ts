import assert from "node:assert/strict";
import { EndTracker, partitionKey } from "../../src/kafka/end_tracker.ts";

const k = partitionKey;

Deno.test("EndTracker is done at once when every partition starts at its end", () => {
  const tracker = new EndTracker(
    new Map([[k("t", 0), 0n], [k("t", 1), 5n]]),
    new Map([[k("t", 0), 0n], [k("t", 1), 5n]]),
  );
  assert.equal(tracker.done(), true);
});

Deno.test("EndTracker is done only when every assigned partition reached its snapshot end", () => {
  const tracker = new EndTracker(
    new Map([[k("t", 0), 10n], [k("t", 1), 3n]]),
    new Map([[k("t", 0), 0n], [k("t", 1), 0n]]),
  );
  assert.equal(tracker.done(), false);
  tracker.advance("t", 0, 10n);
  assert.equal(tracker.done(), false);
  assert.deepEqual(tracker.pending(), ["t/1"]);
  tracker.advance("t", 1, 2n);
  assert.equal(tracker.done(), false);
  tracker.advance("t", 1, 7n);
  assert.equal(tracker.done(), true);
});

Deno.test("EndTracker never moves a partition backwards", () => {
  const tracker = new EndTracker(new Map([[k("t", 0), 10n]]), new Map([[k("t", 0), 0n]]));
  tracker.advance("t", 0, 10n);
  tracker.advance("t", 0, 4n);
  assert.equal(tracker.done(), true);
});

Deno.test("EndTracker considers only the partitions assigned to this consumer", () => {
  const tracker = new EndTracker(
    new Map([[k("t", 0), 10n], [k("t", 1), 10n]]),
    new Map([[k("t", 0), 0n], [k("t", 1), 0n]]),
  );
  tracker.assign([k("t", 1)]);
  tracker.advance("t", 1, 10n);
  assert.equal(tracker.done(), true);
  assert.equal(tracker.endOf("t", 0), 10n);
  assert.equal(tracker.endOf("u", 0), undefined);
});

Deno.test("EndTracker.finished() tells each partition's end apart", () => {
  const tracker = new EndTracker(
    new Map([[k("t", 0), 10n], [k("t", 1), 3n]]),
    new Map([[k("t", 0), 0n], [k("t", 1), 3n]]),
  );
  assert.deepEqual([tracker.finished("t", 0), tracker.finished("t", 1)], [false, true]);
  tracker.advance("t", 0, 9n);
  assert.equal(tracker.finished("t", 0), false);
  tracker.advance("t", 0, 12n);
  assert.equal(tracker.finished("t", 0), true);
  assert.equal(tracker.finished("t", 7), false);
});
