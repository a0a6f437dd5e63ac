/** Serialisation shared by the sinks: one event as the bare payload or as an envelope. */
import type { Kind } from "../config/topics.ts";
import type { GeneratedEvent } from "../generator/types.ts";

/** The payload as Kafka gets it. */
export function serializeValue(event: GeneratedEvent): string {
  return JSON.stringify(event.value);
}

/** `{"topic","key","value"}` — what a consumer would see, on one line. */
export function serializeEnvelope(
  event: GeneratedEvent,
  topics: Readonly<Record<Kind, string>>,
): string {
  return `{"topic":${JSON.stringify(topics[event.kind])},"key":${
    JSON.stringify(event.channel)
  },"value":${serializeValue(event)}}`;
}
