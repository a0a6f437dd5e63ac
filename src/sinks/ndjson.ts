/** Serialisation shared by the sinks: one event as the bare payload or as an envelope. */
import type { Kind } from "../config/topics.ts";
import type { GeneratedEvent } from "../generator/types.ts";

/** The payload as Kafka gets it. */
export function serializeValue(event: GeneratedEvent): string {
  return event.malformed?.value ?? JSON.stringify(event.value);
}

/**
 * `{"topic","key","value"}` — what a consumer would see, on one line. A record the disorder
 * stage touched also shows its `headers` (`telemetra.anomaly`, and a malformed record's value as
 * the string it is, since it may not be JSON).
 */
export function serializeEnvelope(
  event: GeneratedEvent,
  topics: Readonly<Record<Kind, string>>,
): string {
  const head = `{"topic":${JSON.stringify(topics[event.kind])},"key":${
    JSON.stringify(event.channel)
  }`;
  if (event.anomaly === undefined) return `${head},"value":${serializeValue(event)}}`;
  const headers: Record<string, string> = { "telemetra.anomaly": event.anomaly };
  if (event.malformed?.eventType) headers.event_type = event.malformed.eventType;
  const value = event.malformed === undefined
    ? JSON.stringify(event.value)
    : JSON.stringify(event.malformed.value);
  return `${head},"headers":${JSON.stringify(headers)},"value":${value}}`;
}
