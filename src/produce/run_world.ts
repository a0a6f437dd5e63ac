/**
 * The produce loop of a world that owns time (the realistic profile): the generator says when
 * its next event happens and the loop sends it then. Live, events due are sent together at most
 * every linger window and the loop sleeps until the next one is due (however long the world
 * stays silent); a backfill (`startMs`) sends them at full speed. Stops on the count, the
 * duration / until bound or the abort signal, like runProduce; a live run with a duration lasts
 * the duration even when the world falls silent before its end. Events generated are never
 * dropped: what waits for its linger window when a stop comes is still handed to the sink.
 */
import type { GeneratedEvent } from "../generator/types.ts";
import type { EventSink } from "../sinks/types.ts";
import type { Clock } from "./clock.ts";
import type { RunHooks, RunResult } from "./run.ts";

/** A generator whose events carry their own times, in order. */
export interface TimedEvents {
  /** Epoch ms of the event `next()` returns. */
  peekMs(): number;
  next(): GeneratedEvent;
}

export interface WorldRunOptions {
  readonly count?: number | undefined;
  readonly durationMs?: number | undefined;
  /** Backfill from here (the generator's world must start here too). */
  readonly startMs?: number | undefined;
  readonly untilMs?: number | undefined;
  readonly batchSize: number;
  readonly lingerMs: number;
  /** Sharding: only the events this returns true for are sent (counts stay global). */
  readonly keep?: ((event: GeneratedEvent) => boolean) | undefined;
  /**
   * Coordinated replicas: asked again when a batch is sent; events it refuses then (their
   * channel moved to another replica meanwhile) are dropped. With it the world may own nothing
   * for a while (peekMs() Infinity), which does not end the run, and the loop looks again at
   * least every `recheckMs`.
   */
  readonly admit?: ((event: GeneratedEvent) => boolean) | undefined;
  readonly recheckMs?: number | undefined;
}

export async function runWorld(
  events: TimedEvents,
  sink: EventSink,
  clock: Clock,
  options: WorldRunOptions,
  signal: AbortSignal,
  hooks: RunHooks = {},
): Promise<RunResult> {
  const { count, batchSize, lingerMs, keep, admit } = options;
  const recheckMs = options.recheckMs ?? Infinity;
  const backfill = options.startMs !== undefined;
  const t0 = options.startMs ?? clock.now();
  const endMs = options.untilMs ??
    (options.durationMs !== undefined ? t0 + options.durationMs : Infinity);
  let generated = 0;
  let firstMs: number | undefined;
  let lastMs: number | undefined;
  let stoppedBy: RunResult["stoppedBy"] = "signal";
  let lastSendMs = -Infinity;
  let batch: GeneratedEvent[] = [];

  const send = async () => {
    const out = admit === undefined ? batch : batch.filter(admit);
    batch = [];
    if (out.length === 0) return;
    firstMs ??= out[0]!.timestampMs;
    lastMs = out[out.length - 1]!.timestampMs;
    lastSendMs = clock.now();
    hooks.onBatch?.(out);
    await sink.write(out, signal);
  };

  while (!signal.aborted) {
    const now = backfill ? Infinity : clock.now();
    let end: "count" | "time" | undefined;
    while (batch.length < batchSize) {
      if (count !== undefined && generated >= count) {
        end = "count";
        break;
      }
      const at = events.peekMs();
      // An open world (its channels come and go) ends on time only: it may own others later.
      if (at >= endMs && (admit === undefined || now >= endMs)) {
        end = "time";
        break;
      }
      if (at > now) break;
      const event = events.next();
      generated++;
      if (keep === undefined || keep(event)) batch.push(event);
    }
    const lingered = now >= lastSendMs + lingerMs;
    if (batch.length > 0 && (backfill || end || batch.length >= batchSize || lingered)) {
      await send();
    }
    if (end !== undefined && batch.length === 0) {
      // A live run lasts its duration even when the world has nothing more to say before it.
      if (end === "time" && !backfill && endMs !== Infinity) {
        await clock.sleep(endMs - clock.now(), signal);
        if (signal.aborted) break;
      }
      stoppedBy = end;
      break;
    }
    if (backfill || batch.length >= batchSize) continue;
    const wake = batch.length > 0 ? lastSendMs + lingerMs : Math.min(events.peekMs(), endMs);
    await clock.sleep(Math.min(wake - clock.now(), recheckMs), signal);
  }
  if (batch.length > 0) await send();
  return { generated, firstMs, lastMs, stoppedBy };
}
