/**
 * The produce loop: asks the generator for events at their scheduled times and hands them to a
 * sink in batches. Three modes:
 * - paced (rate > 0): event i is due at t0 + i/rate; events due are sent together, at most every
 *   linger window, so the achieved rate equals the target with no drift (absolute schedule);
 * - as fast as possible (rate 0): batches of `batchSize`, stamped with the clock;
 * - backfill (`startMs`): timestamps follow the paced schedule from `startMs`, sent at full speed.
 * Stops on the count, the duration / until bound, or the abort signal; never drops an event the
 * generator produced: a slow sink only delays the schedule (which then catches up). A write
 * waiting for room ends when the signal aborts (the batch stays with the sink), so a stop is
 * never held up by backpressure.
 */
import type { Generator as EventGenerator } from "../generator/generate.ts";
import type { GeneratedEvent } from "../generator/types.ts";
import type { EventSink } from "../sinks/types.ts";
import type { Clock } from "./clock.ts";

export interface RunOptions {
  readonly rate: number;
  readonly count?: number | undefined;
  readonly durationMs?: number | undefined;
  readonly startMs?: number | undefined;
  readonly untilMs?: number | undefined;
  readonly batchSize: number;
  readonly lingerMs: number;
  /**
   * Sharding: the whole stream is generated (cheap) and only the events this returns true for
   * are sent, so n shards together send exactly what one run would. Counts stay global.
   */
  readonly keep?: ((event: GeneratedEvent) => boolean) | undefined;
  /**
   * Paced runs: how early within its slot event i happens, as a fraction of a slot (see
   * src/generator/arrivals.ts). Without it events fall exactly on the slots' ends.
   */
  readonly arrivalOffset?: ((index: number) => number) | undefined;
}

export interface RunHooks {
  /** Called with each batch as it is handed to the sink. */
  onBatch?(batch: readonly GeneratedEvent[]): void;
}

export interface RunResult {
  /** Events generated, including those a shard does not keep. */
  readonly generated: number;
  /** Event time of the first and last event (undefined when none). */
  readonly firstMs: number | undefined;
  readonly lastMs: number | undefined;
  readonly stoppedBy: "count" | "time" | "signal";
}

export async function runProduce(
  generator: EventGenerator,
  sink: EventSink,
  clock: Clock,
  options: RunOptions,
  signal: AbortSignal,
  hooks: RunHooks = {},
): Promise<RunResult> {
  const { rate, count, batchSize, lingerMs, keep, arrivalOffset } = options;
  const backfill = options.startMs !== undefined;
  const t0 = options.startMs ?? clock.now();
  const interval = rate > 0 ? 1000 / rate : 0;
  const endMs = options.untilMs ??
    (options.durationMs !== undefined ? t0 + options.durationMs : Infinity);
  let generated = 0;
  let firstMs: number | undefined;
  let lastMs: number | undefined;
  let stoppedBy: RunResult["stoppedBy"] = "signal";
  let lastSendMs = -Infinity;

  while (!signal.aborted) {
    if (count !== undefined && generated >= count) {
      stoppedBy = "count";
      // A paced run of N events lasts N slots: wait out the last one, so the run takes
      // N / rate seconds and its achieved rate reads as the target.
      if (!backfill && rate > 0) {
        await clock.sleep(t0 + generated * interval - clock.now(), signal);
      }
      break;
    }
    let n = batchSize;
    const now = clock.now();
    if (!backfill && rate > 0) {
      const due = Math.floor((now - t0) / interval) + 1;
      n = Math.min(due - generated, batchSize);
      const lingerUntil = lastSendMs + lingerMs;
      if (n <= 0 || (n < batchSize && now < lingerUntil)) {
        const next = t0 + generated * interval;
        if (n <= 0 && next >= endMs) {
          stoppedBy = "time";
          break;
        }
        const wake = n <= 0 ? Math.max(next, lingerUntil) : lingerUntil;
        await clock.sleep(wake - now, signal);
        continue;
      }
    } else if (!backfill && now >= endMs) {
      stoppedBy = "time";
      break;
    }
    if (count !== undefined) n = Math.min(n, count - generated);

    const batch: GeneratedEvent[] = [];
    let reachedEnd = false;
    for (let k = 0; k < n; k++) {
      const slot = rate > 0 ? t0 + generated * interval : now;
      if (slot >= endMs) {
        reachedEnd = true;
        break;
      }
      const at = rate > 0 && arrivalOffset !== undefined
        ? slot - arrivalOffset(generated) * interval
        : slot;
      const event = generator.next(at);
      generated++;
      if (keep === undefined || keep(event)) batch.push(event);
    }
    if (batch.length > 0) {
      firstMs ??= batch[0]!.timestampMs;
      lastMs = batch[batch.length - 1]!.timestampMs;
      lastSendMs = clock.now();
      hooks.onBatch?.(batch);
      await sink.write(batch, signal);
    }
    if (reachedEnd) {
      stoppedBy = "time";
      break;
    }
  }
  return { generated, firstMs, lastMs, stoppedBy };
}
