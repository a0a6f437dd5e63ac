/**
 * Reads every record of the run's topics, from the first offset to the end seen at the start,
 * into an Audit: the edge of `verify --kafka`.
 */
import { consumeRecords } from "../kafka/consumer.ts";
import type { HeaderValue } from "../kafka/consumer_types.ts";
import { createKafka } from "../kafka/client.ts";
import type { KafkaSettings } from "../kafka/settings.ts";
import { ANOMALY_HEADER, Audit } from "./audit.ts";

const decoder = new TextDecoder();

function text(value: HeaderValue | Uint8Array | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value;
  if (value instanceof Uint8Array) return decoder.decode(value);
  return value.length > 0 ? text(value[0]!) : undefined;
}

export async function auditTopics(
  settings: KafkaSettings,
  topics: readonly string[],
  signal: AbortSignal,
): Promise<Audit> {
  const audit = new Audit();
  await consumeRecords(createKafka(settings), settings, {
    topics,
    offset: { kind: "beginning" },
    exitAtEnd: true,
    signal,
    onBatch: (batch) => {
      for (const record of batch.messages) {
        audit.add(batch.topic, text(record.headers?.[ANOMALY_HEADER]), text(record.value) ?? "");
      }
      return { taken: batch.messages.length, stop: false };
    },
  });
  return audit;
}
