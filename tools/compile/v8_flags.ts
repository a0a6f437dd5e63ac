/**
 * The V8 flags telemetra-mock runs with, wherever it runs: baked into the compiled binary, and in
 * the `deno task` entries that run main.ts (tests/tools/compile/v8_flags_test.ts checks
 * deno.json against this list).
 *
 * Why: V8 sizes its heap from the machine's memory, not a container's limit, and at full speed
 * lets the old generation grow to 300+ MB of garbage before collecting it, so `produce --rate 0`
 * peaked at 400–500 MB RSS and a 256 MB container was OOM-killed. The live set stays under
 * ~60 MB (the send buffer is bounded in events and bytes; 10,000 channels' worlds take 39 MB),
 * so a 112 MB old generation keeps the whole process under 200 MB. A 4 MB semi-space is the
 * sweet spot: 1 MB promoted so much that throughput fell by a third; since a send's request is
 * written before the next batch is generated, 4 MB takes 8 % of the CPU off 2 MB at full speed
 * for 9 MB of RSS, and 8 MB or more cost RSS (+25 MB) for no more.
 * Marking the old generation in one pause instead of incrementally: at full speed V8 was marking
 * most of the time, each write paying the marking barrier and everything promoted meanwhile
 * surviving the cycle; `produce --rate 0` took 20 % less CPU without it, its peak RSS and paced
 * runs unchanged (pauses of 10–40 ms, which paced runs catch up on).
 * `docs/performance.md` has the figures.
 */
export const V8_FLAGS: readonly string[] = [
  "--max-old-space-size=112",
  "--max-semi-space-size=4",
  "--no-incremental-marking",
];

/** `--v8-flags=...`, the form `deno run` and `deno compile` take. */
export function v8FlagsArgument(flags: readonly string[] = V8_FLAGS): string {
  return `--v8-flags=${flags.join(",")}`;
}

if (import.meta.main) {
  // deno-lint-ignore no-console
  console.log(v8FlagsArgument());
}
