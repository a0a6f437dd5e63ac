/**
 * The pure heart of `consume`: takes batches of records, decodes, classifies, optionally
 * validates, formats them in the chosen format and counts them, honouring the record limit.
 * Output goes to `out` once per call (large writes); notices about invalid records to `warn`.
 */
import { EVENT_TYPE_HEADER } from "../generator/event_kinds.ts";
import type { BatchOutcome } from "../kafka/consumer_types.ts";
import { eventTypeOf, type Kind, kindOfHeader, kindOfShape, kindOfTopic } from "./event_kind.ts";
import { envelopeLine, type EnvelopeValidation, valueLine } from "./envelope.ts";
import { prettyLine, type PrettyOptions, sanitize } from "./pretty.ts";
import {
  type DecodedValue,
  decodeKey,
  decodeValue,
  headerText,
  type RecordBatch,
} from "./record.ts";
import type { ConsumeStats } from "./stats.ts";

export const OUTPUT_FORMATS = ["pretty", "json", "value"] as const;
export type OutputFormat = typeof OUTPUT_FORMATS[number];

/** Checks one record's value against the schema of its topic (or the one the user named). */
export type RecordValidator = (topic: string, value: DecodedValue) => EnvelopeValidation;

export interface PrinterOptions {
  readonly format: OutputFormat;
  /** Stop after this many records in total. */
  readonly limit?: number;
  readonly pretty: PrettyOptions;
  /** Configured topic name of each kind (besides the `….chat`-style suffixes). */
  readonly topicKinds?: Readonly<Partial<Record<Kind, string>>>;
  readonly validate?: RecordValidator;
  /** How many errors of an invalid record the notice lists. */
  readonly errorsShown?: number;
}

const IRREGULAR_TYPE: Record<Exclude<DecodedValue["shape"], "json">, string> = {
  null: "null value",
  empty: "empty value",
  binary: "not UTF-8",
  text: "not JSON",
};

/** Why a value that is not JSON cannot be valid. */
const NOT_JSON_ERROR: Record<Exclude<DecodedValue["shape"], "json">, string> = {
  null: "value is null",
  empty: "value is empty",
  binary: "value is not valid UTF-8",
  text: "value is not JSON",
};

/** The validation outcome of a value that did not parse as JSON. */
export function notJsonValidation(value: DecodedValue): EnvelopeValidation | undefined {
  return value.shape === "json"
    ? undefined
    : { valid: false, errors: [NOT_JSON_ERROR[value.shape]] };
}

export class RecordPrinter {
  readonly #options: PrinterOptions;
  readonly #stats: ConsumeStats;
  readonly #out: (text: string) => void;
  readonly #warn: (text: string) => void;
  #remaining: number;

  constructor(
    options: PrinterOptions,
    stats: ConsumeStats,
    out: (text: string) => void,
    warn: (text: string) => void,
  ) {
    this.#options = options;
    this.#stats = stats;
    this.#out = out;
    this.#warn = warn;
    this.#remaining = options.limit ?? Infinity;
  }

  /** Whether the limit has been reached. */
  get finished(): boolean {
    return this.#remaining <= 0;
  }

  /** Prints and counts the batch's records, up to the limit. */
  handle(batch: RecordBatch): BatchOutcome {
    return this.handleAll([batch]);
  }

  /** Prints and counts the batches' records in this order, up to the limit, in one write. */
  handleAll(batches: readonly RecordBatch[]): BatchOutcome {
    let taken = 0;
    let text = "";
    let warnings = "";
    for (const batch of batches) {
      const rendered = this.#render(batch);
      taken += rendered.taken;
      text += rendered.text;
      warnings += rendered.warnings;
    }
    if (warnings !== "") this.#warn(warnings);
    if (text !== "") this.#out(text);
    return { taken, stop: this.#remaining <= 0 };
  }

  #render(batch: RecordBatch): { taken: number; text: string; warnings: string } {
    const { format, validate, pretty } = this.#options;
    const topicKind = kindOfTopic(batch.topic, this.#options.topicKinds);
    const topicJson = JSON.stringify(batch.topic);
    const count = Math.min(batch.messages.length, this.#remaining);
    let text = "";
    let warnings = "";
    for (let i = 0; i < count; i++) {
      const record = batch.messages[i]!;
      const value = decodeValue(record.value);
      const kind = topicKind ?? kindOfHeader(headerText(record.headers, EVENT_TYPE_HEADER)) ??
        kindOfShape(value.json);
      const type = value.shape === "json"
        ? eventTypeOf(kind, value.json)
        : IRREGULAR_TYPE[value.shape];
      const validation = validate?.(batch.topic, value);
      if (validation !== undefined && !validation.valid) {
        warnings += this.#invalidNotice(batch, record.offset, validation);
      }
      this.#stats.add(
        batch.topic,
        type,
        value.bytes + (record.key?.length ?? 0),
        validation?.valid,
      );
      if (format === "json") {
        text += envelopeLine({
          topicJson,
          partition: batch.partition,
          offset: record.offset,
          timestamp: record.timestamp,
          key: record.key,
          headers: record.headers,
          value,
        }, validation);
      } else if (format === "value") {
        text += valueLine(value);
      } else {
        const key = decodeKey(record.key);
        text += prettyLine({
          topic: batch.topic,
          partition: batch.partition,
          offset: record.offset,
          timestampMs: Number(record.timestamp),
          key: key === undefined ? undefined : key.base64 ? `base64:${key.text}` : key.text,
          value,
          kind,
        }, pretty) + "\n";
      }
    }
    this.#remaining -= count;
    return { taken: count, text, warnings };
  }

  #invalidNotice(batch: RecordBatch, offset: string, validation: EnvelopeValidation): string {
    const shown = this.#options.errorsShown ?? 3;
    const errors = validation.errors.slice(0, shown).map(sanitize).join("; ");
    const more = validation.errors.length > shown
      ? ` (and ${validation.errors.length - shown} more)`
      : "";
    return `invalid record ${
      sanitize(batch.topic)
    }/${batch.partition}@${offset}: ${errors}${more}\n`;
  }
}
