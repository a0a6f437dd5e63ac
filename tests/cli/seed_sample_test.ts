/**
 * The first 200 events of one seed, pinned byte for byte. A dependency upgrade (pure-rand, a
 * catalog edit, a formatting change) must not silently change what a seed produces: users replay
 * seeds to reproduce a stream. A deliberate change regenerates the fixture in the same commit and
 * says why in its message:
 *
 *   tools/deno run -A main.ts produce --seed 42 --start 2025-10-16T00:00:00Z --rate 10 --stdout \
 *     --count 200 [--envelope] > tests/fixtures/seed42_first200[_envelope].ndjson
 *
 * (--count only stops the run: its first 200 lines are those of the endless run.)
 */
import assert from "node:assert/strict";
import { runCli } from "../support/cli.ts";

const SAMPLE = ["produce", "--seed", "42", "--start", "2025-10-16T00:00:00Z", "--rate", "10"];

async function assertPinned(extraArgs: readonly string[], fixture: string): Promise<void> {
  const expected = await Deno.readTextFile(new URL(`../fixtures/${fixture}`, import.meta.url));
  // An empty directory: no .env of the working tree may change the channels.
  const cwd = await Deno.makeTempDir({ prefix: "telemetra-seed-" });
  try {
    const r = await runCli([...SAMPLE, "--stdout", "--count", "200", ...extraArgs], {
      cwd,
      env: { LOG_LEVEL: "ERROR" },
    });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(
      r.stdout === expected,
      `telemetra-mock ${[...SAMPLE, "--stdout", ...extraArgs].join(" ")} no longer prints ` +
        `tests/fixtures/${fixture}. If the change is deliberate, regenerate the fixture in the ` +
        `same commit and say why in its message (see the top of this file).\n` +
        `first differing line: ${firstDifference(r.stdout, expected)}`,
    );
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}

function firstDifference(actual: string, expected: string): string {
  const a = actual.split("\n");
  const e = expected.split("\n");
  const i = a.findIndex((line, n) => line !== e[n]);
  const at = i === -1 ? a.length : i;
  return `${at + 1}\n  got:      ${a[at]?.slice(0, 300)}\n  expected: ${e[at]?.slice(0, 300)}`;
}

Deno.test("produce --seed 42 prints the pinned first 200 events", async () => {
  await assertPinned([], "seed42_first200.ndjson");
});

Deno.test("produce --seed 42 --envelope prints the pinned first 200 envelopes", async () => {
  await assertPinned(["--envelope"], "seed42_first200_envelope.ndjson");
});
