/** Reading `deno test`'s closing summary, for tools/test.ts's `N passed, N failed` line. */

export interface TestCounts {
  readonly passed: number;
  readonly failed: number;
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/**
 * The test counts (steps not counted) of the last summary line in `output`, e.g.
 * `ok | 12 passed (3 steps) | 0 failed (4s)` → `{ passed: 12, failed: 0 }`;
 * undefined when there is none (deno test could not even load the tests).
 */
export function parseTestSummary(output: string): TestCounts | undefined {
  const lines = output.replace(ANSI, "").split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!/^(ok|FAILED) \| /.test(line)) continue;
    const passed = line.match(/\| (\d+) passed\b/);
    const failed = line.match(/\| (\d+) failed\b/);
    if (passed && failed) return { passed: Number(passed[1]), failed: Number(failed[1]) };
  }
  return undefined;
}

/** The runner's last line: plain, no colours, for CI to add up. */
export function summaryLine(counts: TestCounts): string {
  return `${counts.passed} passed, ${counts.failed} failed`;
}
