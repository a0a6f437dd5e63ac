/**
 * A fix for kafkajs 2.2.4's request queue (upstream issues #1751 and #1704, unfixed upstream).
 *
 * `RequestQueue.scheduleCheckPendingRequests` computes `throttledUntil - Date.now()`; with no
 * throttling `throttledUntil` is -1, so the delay is about minus 1.7e12 ms. When nothing is
 * pending it still arms that timer: runtimes clamp it to 1 ms, newer ones print a
 * `TimeoutNegativeWarning`, and the callback re-arms itself, so every broker connection wakes
 * up about 500 times a second for nothing. The fixed method schedules a check only when there
 * is something to wait for: pending requests (as before) or an active throttle. Requests that
 * arrive later schedule their own check in `push`, and finished requests call
 * `checkPendingRequests` directly, so nothing is left waiting.
 */
// kafkajs does not export the class; this is the module its connections `require`, so the
// prototype patched here is the one every connection uses.
// First: kafkajs must not load before its grouping is replaced (see grouping_fix.ts).
import "./grouping_fix.ts";
import RequestQueue from "kafkajs/src/network/requestQueue/index.js";
// Node's timers, like kafkajs' own `clearTimeout` in `destroy()` expects.
import { setTimeout } from "node:timers";

/** The state of kafkajs' RequestQueue that the scheduling decision reads. */
export interface RequestQueueState {
  readonly throttledUntil: number;
  readonly pendingCount: number;
  readonly timerArmed: boolean;
}

/** kafkajs' own poll interval while requests wait for an in-flight slot. */
export const CHECK_PENDING_REQUESTS_INTERVAL_MS = 10;

/** When to check the pending queue next, in ms from `now`, or `undefined` for "no timer". */
export function nextPendingCheckDelay(state: RequestQueueState, now: number): number | undefined {
  if (state.timerArmed) return undefined;
  const throttleLeft = state.throttledUntil - now;
  if (state.pendingCount > 0) {
    return throttleLeft > 0 ? throttleLeft : CHECK_PENDING_REQUESTS_INTERVAL_MS;
  }
  return throttleLeft > 0 ? throttleLeft : undefined;
}

interface KafkajsRequestQueue {
  throttledUntil: number;
  pending: unknown[];
  throttleCheckTimeoutId: ReturnType<typeof setTimeout> | null;
  checkPendingRequests(): void;
  scheduleCheckPendingRequests(): void;
}

let installed = false;

/** Replaces the faulty method once per process. Idempotent. */
export function installRequestQueueFix(): void {
  if (installed) return;
  const proto = (RequestQueue as unknown as { prototype: KafkajsRequestQueue }).prototype;
  if (typeof proto.scheduleCheckPendingRequests !== "function") {
    throw new Error("kafkajs RequestQueue changed shape; review src/kafka/request_queue_fix.ts");
  }
  proto.scheduleCheckPendingRequests = function (this: KafkajsRequestQueue) {
    const delay = nextPendingCheckDelay({
      throttledUntil: this.throttledUntil,
      pendingCount: this.pending.length,
      timerArmed: this.throttleCheckTimeoutId !== null && this.throttleCheckTimeoutId !== undefined,
    }, Date.now());
    if (delay === undefined) return;
    this.throttleCheckTimeoutId = setTimeout(() => {
      this.throttleCheckTimeoutId = null;
      this.checkPendingRequests();
    }, delay);
  };
  installed = true;
}
