/** Time for the produce loop, injected so tests run without sleeping. */
export interface Clock {
  /** Epoch milliseconds, monotonic within a run. */
  now(): number;
  /** Resolves after `ms` (or at once when `signal` aborts). */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** Wall-clock epoch at start, then advanced by the monotonic clock (immune to NTP steps). */
export function systemClock(): Clock {
  const epoch = Date.now();
  const base = performance.now();
  return {
    now: () => epoch + (performance.now() - base),
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        if (signal?.aborted) return resolve();
        const onAbort = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        }, Math.max(0, ms));
        signal?.addEventListener("abort", onAbort, { once: true });
      }),
  };
}

/** A clock that only moves when slept on: for tests. */
export function manualClock(startMs: number): Clock & { advance(ms: number): void } {
  let t = startMs;
  return {
    now: () => t,
    sleep: (ms) => {
      t += Math.max(ms, 0);
      return Promise.resolve();
    },
    advance: (ms) => {
      t += ms;
    },
  };
}
