/**
 * The current rate of a growing total: the increase over about the last `windowMs`, per second.
 * Pure: time and totals come in as numbers. Keeps one sample per `resolutionMs` at most.
 */
export class RateWindow {
  readonly #windowMs: number;
  readonly #resolutionMs: number;
  #times: number[] = [];
  #totals: number[] = [];

  constructor(windowMs = 10_000, resolutionMs = 250) {
    if (!(windowMs > 0) || !(resolutionMs > 0)) {
      throw new RangeError("the rate window and its resolution must be longer than 0 ms");
    }
    this.#windowMs = windowMs;
    this.#resolutionMs = resolutionMs;
  }

  /** Notes that the total was `total` at `nowMs`; cheap enough to call on every batch. */
  sample(nowMs: number, total: number): void {
    const last = this.#times.length - 1;
    // While the newest sample is within the resolution of the one before, it moves forward in
    // place, so stored samples stay at least `resolutionMs` apart however often this is called.
    if (last >= 1 && nowMs - this.#times[last - 1]! < this.#resolutionMs) {
      this.#times[last] = nowMs;
      this.#totals[last] = total;
      return;
    }
    this.#times.push(nowMs);
    this.#totals.push(total);
    // Keep exactly one sample at or before the window's start, as the baseline.
    let drop = 0;
    while (drop + 1 < this.#times.length && this.#times[drop + 1]! <= nowMs - this.#windowMs) {
      drop++;
    }
    if (drop > 0) {
      this.#times.splice(0, drop);
      this.#totals.splice(0, drop);
    }
  }

  /** Per second since the oldest sample inside the window ending at `nowMs` (0 until time passed). */
  rate(nowMs: number, total: number): number {
    this.sample(nowMs, total);
    // The oldest sample inside the window; the one before it if that is all there is.
    let i = 0;
    while (i + 2 < this.#times.length && this.#times[i]! < nowMs - this.#windowMs) i++;
    const seconds = (nowMs - this.#times[i]!) / 1000;
    return seconds > 0 ? (total - this.#totals[i]!) / seconds : 0;
  }
}
