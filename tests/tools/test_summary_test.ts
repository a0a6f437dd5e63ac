import assert from "node:assert/strict";
import { parseTestSummary, summaryLine } from "../../tools/test_summary.ts";

Deno.test("parseTestSummary() counts tests, not steps, from deno test's coloured summary", () => {
  const output = "running 3 tests\n...\n\n\x1b[0m\x1b[31mFAILED\x1b[0m | 1 passed (1 step) | " +
    "1 failed (1 step) | 1 ignored \x1b[0m\x1b[38;5;245m(4ms)\x1b[0m\n\n";
  assert.deepEqual(parseTestSummary(output), { passed: 1, failed: 1 });
});

Deno.test("parseTestSummary() reads a plain passing summary with filtered tests", () => {
  assert.deepEqual(
    parseTestSummary("ok | 12 passed (3 steps) | 0 failed | 2 filtered out (2s)\n"),
    {
      passed: 12,
      failed: 0,
    },
  );
});

Deno.test("parseTestSummary() takes the last summary and ignores lookalike test output", () => {
  const output =
    "log: 99 passed | 5 failed\nok | 1 passed | 0 failed (1s)\nFAILED | 2 passed | 3 failed (9s)\n";
  assert.deepEqual(parseTestSummary(output), { passed: 2, failed: 3 });
});

Deno.test("parseTestSummary() is undefined when deno test printed no summary", () => {
  assert.equal(parseTestSummary("error: Module not found\n"), undefined);
});

Deno.test("summaryLine() is the plain 'N passed, N failed' line", () => {
  assert.equal(summaryLine({ passed: 41, failed: 0 }), "41 passed, 0 failed");
});
