/** A sink that writes NDJSON lines through a text writer (stdout in the CLI, an array in tests). */
import type { Kind } from "../config/topics.ts";
import type { GeneratedEvent } from "../generator/types.ts";
import { serializeEnvelope, serializeValue } from "./ndjson.ts";
import type { DeliveryCounts, EventSink } from "./types.ts";

export interface TextSinkOptions {
  readonly topics: Readonly<Record<Kind, string>>;
  /** Write `{"topic","key","value"}` envelopes instead of bare payloads. */
  readonly envelope: boolean;
  /** Receives whole lines, one call per batch. May throw (e.g. the pipe closed). */
  readonly write: (text: string) => void;
  /** Called with each batch once written: writing is delivering. */
  readonly onWritten?: (batch: readonly GeneratedEvent[]) => void;
}

export function textSink(options: TextSinkOptions): EventSink {
  const { topics, envelope, write, onWritten } = options;
  let accepted = 0;
  let delivered = 0;
  // Counted per kind, per batch: the topic names are only looked up when counts are read.
  const byKind: Partial<Record<Kind, number>> = {};
  const sink: EventSink = {
    write(batch) {
      accepted += batch.length;
      const lines = new Array<string>(batch.length + 1);
      for (let i = 0; i < batch.length; i++) {
        const event = batch[i]!;
        lines[i] = envelope ? serializeEnvelope(event, topics) : serializeValue(event);
        byKind[event.kind] = (byKind[event.kind] ?? 0) + 1;
      }
      lines[batch.length] = "";
      write(lines.join("\n"));
      delivered += batch.length;
      onWritten?.(batch);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
    counts: (): DeliveryCounts => {
      const deliveredByTopic: Record<string, number> = {};
      for (const [kind, n] of Object.entries(byKind) as [Kind, number][]) {
        deliveredByTopic[topics[kind]] = (deliveredByTopic[topics[kind]] ?? 0) + n;
      }
      return {
        accepted,
        delivered,
        failed: 0,
        deliveredByTopic,
        outages: 0,
        outageMs: 0,
        kafkaDown: false,
      };
    },
    [Symbol.asyncDispose]: () => sink.close(),
  };
  return sink;
}
