/**
 * ajv's errors as issues a person can act on: the JSON pointer of the offending value (for a
 * missing or undeclared property, the property's own pointer), the message, the keyword and the
 * value found there, rendered as `  /json/pointer: message (keyword, offending value)`.
 */
import type { ErrorObject } from "ajv";
import type { JsonSyntaxProblem } from "./json_syntax.ts";

/** One reason a record is invalid. */
export interface Issue {
  /** JSON pointer of the offending location ("" = the whole record). */
  readonly pointer: string;
  /** The schema keyword that failed (`required`, `format`, …), or `syntax` for malformed JSON. */
  readonly keyword: string;
  readonly message: string;
  /** True when something is present at `pointer` (false for a missing property). */
  readonly hasValue: boolean;
  /** The value found at `pointer` (meaningful only when hasValue). */
  readonly value?: unknown;
  /** For `syntax` issues: where the JSON breaks. */
  readonly line?: number;
  readonly column?: number;
}

const escapeToken = (token: string) => token.replaceAll("~", "~0").replaceAll("/", "~1");

/** The value at a JSON pointer, or `found: false` when nothing is there. */
export function valueAt(data: unknown, pointer: string): { found: boolean; value?: unknown } {
  if (pointer === "") return { found: true, value: data };
  let node: unknown = data;
  for (const raw of pointer.slice(1).split("/")) {
    const token = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (node === null || typeof node !== "object" || !Object.hasOwn(node, token)) {
      return { found: false };
    }
    node = (node as Record<string, unknown>)[token];
  }
  return { found: true, value: node };
}

function messageOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  const then = error.schemaPath.indexOf("/then/");
  switch (error.keyword) {
    case "required":
      return then === -1
        ? "is required"
        : `is required here (conditional rule ${error.schemaPath.slice(0, then)})`;
    case "additionalProperties":
      return "is not allowed (not declared in the schema)";
    case "enum":
      return `must be one of ${
        (params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")
      }`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

function pointerOf(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (error.keyword === "required") {
    return `${error.instancePath}/${escapeToken(String(params.missingProperty))}`;
  }
  if (error.keyword === "additionalProperties") {
    return `${error.instancePath}/${escapeToken(String(params.additionalProperty))}`;
  }
  return error.instancePath;
}

/**
 * One issue per ajv error, in ajv's order. `if` errors ("must match then schema") are dropped:
 * the errors of the `then` branch they always come with say what is wrong.
 */
export function describeErrors(
  errors: readonly ErrorObject[] | null | undefined,
  data: unknown,
): Issue[] {
  const issues: Issue[] = [];
  for (const error of errors ?? []) {
    if (error.keyword === "if" && errors!.length > 1) continue;
    const pointer = pointerOf(error);
    const at = valueAt(data, pointer);
    issues.push({
      pointer,
      keyword: error.keyword,
      message: messageOf(error),
      hasValue: at.found,
      ...(at.found ? { value: at.value } : {}),
    });
  }
  return issues;
}

/** The issue of a record that is not JSON. */
export function syntaxIssue(problem: JsonSyntaxProblem): Issue {
  return {
    pointer: "",
    keyword: "syntax",
    message: `malformed JSON: ${problem.message}`,
    hasValue: false,
    line: problem.line,
    column: problem.column,
  };
}

const MAX_VALUE_CHARS = 80;

/** A value as compact JSON, cut to a readable length. */
export function renderValue(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length > MAX_VALUE_CHARS ? `${json.slice(0, MAX_VALUE_CHARS - 1)}…` : json;
}

/** `  /json/pointer: message (keyword, offending value)`, without a trailing newline. */
export function formatIssue(issue: Issue): string {
  if (issue.keyword === "syntax") {
    return `  line ${issue.line}, column ${issue.column}: ${issue.message}`;
  }
  const where = issue.pointer === "" ? "(root)" : issue.pointer;
  const detail = issue.hasValue ? `${issue.keyword}, ${renderValue(issue.value)}` : issue.keyword;
  return `  ${where}: ${issue.message} (${detail})`;
}

/** An issue as a plain JSON object for `--errors json`. */
export function issueToJson(issue: Issue): Record<string, unknown> {
  const json: Record<string, unknown> = {
    pointer: issue.pointer,
    keyword: issue.keyword,
    message: issue.message,
  };
  if (issue.hasValue) json.value = issue.value;
  if (issue.line !== undefined) json.line = issue.line;
  if (issue.column !== undefined) json.column = issue.column;
  return json;
}
