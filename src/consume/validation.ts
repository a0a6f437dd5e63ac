/**
 * `--validate`: every record checked against the schema of its topic (or the one named with
 * `--schema`). Values that are not JSON are invalid with a plain reason; schema errors read
 * `/json/pointer: message (keyword, offending value)`, as in `validate`.
 */
import type { ErrorObject } from "ajv";
import { describeErrors, formatIssue } from "../validate/issues.ts";
import type { EnvelopeValidation } from "./envelope.ts";
import { notJsonValidation, type RecordValidator } from "./printer.ts";
import type { DecodedValue } from "./record.ts";

/** A compiled schema check, shaped like ajv's ValidateFunction. */
export interface SchemaCheck {
  (data: unknown): boolean;
  errors?: readonly ErrorObject[] | null;
}

const VALID: EnvelopeValidation = { valid: true, errors: [] };

/** Validates a value against one compiled schema. */
export function checkValue(check: SchemaCheck, value: DecodedValue): EnvelopeValidation {
  const notJson = notJsonValidation(value);
  if (notJson !== undefined) return notJson;
  if (check(value.json)) return VALID;
  return {
    valid: false,
    errors: describeErrors(check.errors, value.json).map((issue) => formatIssue(issue).trimStart()),
  };
}

/** A RecordValidator from the schema check of each topic. */
export function recordValidator(checks: ReadonlyMap<string, SchemaCheck>): RecordValidator {
  return (topic, value) => {
    const check = checks.get(topic);
    if (check === undefined) return { valid: false, errors: [`no schema for topic ${topic}`] };
    return checkValue(check, value);
  };
}
