/**
 * A Fenwick tree over non-negative integer weights: change one weight and draw an index in
 * proportion to the weights, both in O(log n). Chat and transactions pick their channel through
 * it (weight = the channel's audience, 0 when offline), so thousands of channels stay cheap.
 * Integer weights keep the running sums exact however many updates happen.
 */
export class WeightTree {
  readonly size: number;
  readonly #weights: Float64Array;
  readonly #tree: Float64Array;
  readonly #topStep: number;
  #total = 0;

  constructor(size: number) {
    this.size = size;
    this.#weights = new Float64Array(size);
    this.#tree = new Float64Array(size + 1);
    let step = 1;
    while (step * 2 <= size) step *= 2;
    this.#topStep = step;
  }

  get total(): number {
    return this.#total;
  }

  weight(index: number): number {
    return this.#weights[index];
  }

  /** Sets the weight of `index` (a non-negative integer). */
  set(index: number, weight: number): void {
    const delta = weight - this.#weights[index];
    if (delta === 0) return;
    this.#weights[index] = weight;
    this.#total += delta;
    for (let i = index + 1; i <= this.size; i += i & -i) this.#tree[i] += delta;
  }

  /** The index whose cumulative range contains `target` (0 ≤ target < total). */
  find(target: number): number {
    let position = 0;
    let remaining = target;
    for (let step = this.#topStep; step > 0; step >>= 1) {
      const next = position + step;
      if (next <= this.size && this.#tree[next] <= remaining) {
        position = next;
        remaining -= this.#tree[next];
      }
    }
    return position;
  }
}
