/**
 * A sink that passes events through the disorder stage on their way to another sink: late ones
 * are held back, duplicates and malformed extras added. On close, whatever is still held is sent
 * first (it was generated: it is never dropped), then the inner sink is closed, all within the
 * close's time bound.
 */
import { getLogger } from "@logtape/logtape";
import type { GeneratedEvent } from "../generator/types.ts";
import type { EventSink } from "../sinks/types.ts";
import { type Disorder, HOLD_LIMIT } from "./disorder.ts";

export function disorderSink(inner: EventSink, disorder: Disorder): EventSink {
  let warned = false;
  const sink: EventSink = {
    write(batch: readonly GeneratedEvent[], signal?: AbortSignal) {
      const out = disorder.push(batch);
      if (!warned && disorder.releasedEarly > 0) {
        warned = true;
        getLogger(["telemetra", "produce"]).warn(
          `--late holds at most ${HOLD_LIMIT} records at a time: at this rate some go out sooner ` +
            "than their drawn delay (the truth follows what was sent; --rate keeps the full delays)",
        );
      }
      return out.length === 0 ? Promise.resolve() : inner.write(out, signal);
    },
    async close(timeoutMs?: number) {
      const held = disorder.flush();
      if (held.length > 0) {
        const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
        await inner.write(held, signal);
      }
      await inner.close(timeoutMs);
    },
    counts: () => inner.counts(),
    [Symbol.asyncDispose]: () => sink.close(),
  };
  return sink;
}
