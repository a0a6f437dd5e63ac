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
  const byTopic: Record<string, number> = {};
  const sink: EventSink = {
    write(batch) {
      accepted += batch.length;
      let text = "";
      for (const event of batch) {
        text += (envelope ? serializeEnvelope(event, topics) : serializeValue(event)) + "\n";
      }
      write(text);
      delivered += batch.length;
      for (const event of batch) {
        const topic = topics[event.kind];
        byTopic[topic] = (byTopic[topic] ?? 0) + 1;
      }
      onWritten?.(batch);
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
    counts: (): DeliveryCounts => ({
      accepted,
      delivered,
      failed: 0,
      deliveredByTopic: { ...byTopic },
      outages: 0,
      outageMs: 0,
      kafkaDown: false,
    }),
    [Symbol.asyncDispose]: () => sink.close(),
  };
  return sink;
}
