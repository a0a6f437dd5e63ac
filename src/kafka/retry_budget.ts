/**
 * kafkajs retries by count with exponential, capped delays. To tolerate an outage of a given
 * length we need the count whose delays add up to it.
 */
import type { RetryOptions } from "kafkajs";

/**
 * Delays of the producer's reconnect loop: quick at first, then every 2 s, so sending resumes
 * within about 2 s of the broker coming back.
 */
export const RECONNECT_DELAYS = {
  initialRetryTime: 100,
  multiplier: 2,
  maxRetryTime: 2000,
} as const;

/**
 * The smallest retry count whose nominal delays (kafkajs' schedule without its ±20% jitter)
 * add up to at least `budgetMs`. Time spent in the attempts themselves comes on top.
 */
export function retriesWithin(
  budgetMs: number,
  delays: { initialRetryTime: number; multiplier: number; maxRetryTime: number },
): number {
  let total = 0;
  let delay = delays.initialRetryTime;
  let retries = 0;
  while (total < budgetMs) {
    total += delay;
    retries++;
    delay = Math.min(delay * delays.multiplier, delays.maxRetryTime);
  }
  return Math.max(1, retries);
}

/** kafkajs RetryOptions that keep retrying for about `budgetMs`. */
export function retryForBudget(budgetMs: number): RetryOptions {
  return { ...RECONNECT_DELAYS, retries: retriesWithin(budgetMs, RECONNECT_DELAYS) };
}
