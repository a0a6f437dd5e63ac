import assert from "node:assert/strict";
import { type SchemaName, validatorFor } from "../../src/schemas.ts";
import {
  describeErrors,
  formatIssue,
  type Issue,
  issueToJson,
  renderValue,
  syntaxIssue,
  valueAt,
} from "../../src/validate/issues.ts";

const SEEDS = new URL("../fixtures/seed_examples/", import.meta.url);
const seed = (name: string) =>
  JSON.parse(Deno.readTextFileSync(new URL(`${name}.json`, SEEDS))) as Record<string, unknown>;

function issuesOf(name: SchemaName, payload: unknown): Issue[] {
  const validate = validatorFor(name);
  assert.equal(validate(payload), false, `expected ${JSON.stringify(payload)} to be invalid`);
  return describeErrors(validate.errors, payload);
}

const without = (record: Record<string, unknown>, key: string) => {
  const copy = { ...record };
  delete copy[key];
  return copy;
};

/** One broken rule per payload, and the exact line `validate` prints for it. */
const CRAFTED: readonly {
  what: string;
  name: SchemaName;
  payload: unknown;
  line: string;
  more?: string[];
}[] = [
  {
    what: "missing required field",
    name: "chat_message",
    payload: without(seed("chat_message"), "username"),
    line: "  /username: is required (required)",
  },
  {
    what: "wrong type",
    name: "viewer_count",
    payload: { ...seed("viewer_count"), viewer_count: "1234" },
    line: '  /viewer_count: must be integer (type, "1234")',
  },
  {
    what: "bad uuid",
    name: "stream_meta",
    payload: { ...seed("stream_meta"), event_id: "123e4567-e89b-12d3-a456" },
    line: '  /event_id: must match format "uuid" (format, "123e4567-e89b-12d3-a456")',
  },
  {
    what: "bad date-time",
    name: "transaction",
    payload: { ...seed("transaction"), timestamp: "2025-02-30T10:30:00Z" },
    line: '  /timestamp: must match format "date-time" (format, "2025-02-30T10:30:00Z")',
  },
  {
    what: "enum violation",
    name: "transaction",
    payload: { ...seed("transaction"), transaction_type: "tip" },
    line: '  /transaction_type: must be one of "donation", "subscription", "bits", "gift_sub", ' +
      '"subscription_renewal" (enum, "tip")',
  },
  {
    what: "negative count",
    name: "viewer_count",
    payload: { ...seed("viewer_count"), follower_count: -5 },
    line: "  /follower_count: must be >= 0 (minimum, -5)",
  },
  {
    what: "extra nesting",
    name: "chat_message",
    payload: { ...seed("chat_message"), metadata: { client: { name: "web" }, color: "#FF5733" } },
    line: '  /metadata/client: must be string (type, {"name":"web"})',
    more: [
      '  /metadata/client: must be one of "web", "desktop", "mobile", "ios", "android", "tv", ' +
      '"console" (enum, {"name":"web"})',
    ],
  },
  {
    what: "undeclared nested field",
    name: "viewer_count",
    payload: { ...seed("viewer_count"), metadata: { peak_today: 1, extra: { deep: true } } },
    line:
      '  /metadata/extra: is not allowed (not declared in the schema) (additionalProperties, {"deep":true})',
  },
  {
    what: "gift count out of range",
    name: "transaction",
    payload: { ...seed("transaction"), transaction_type: "gift_sub", tier: "1", gift_count: 0 },
    line: "  /gift_count: must be >= 1 (minimum, 0)",
  },
  {
    what: "field required by the transaction type",
    name: "transaction",
    payload: { ...seed("transaction"), transaction_type: "subscription" },
    line: "  /tier: is required here (conditional rule #/allOf/0) (required)",
  },
  {
    what: "not an object",
    name: "chat_message",
    payload: [1],
    line: "  (root): must be object (type, [1])",
  },
];

Deno.test("describeErrors() gives the exact pointer and keyword of each crafted invalid payload", () => {
  for (const { what, name, payload, line, more = [] } of CRAFTED) {
    const issues = issuesOf(name, payload);
    assert.deepEqual(issues.map(formatIssue), [line, ...more], what);
  }
});

Deno.test("describeErrors() reports all errors, not the first", () => {
  const payload = { ...without(seed("chat_message"), "channel"), bits: -1, is_action: "no" };
  assert.deepEqual(issuesOf("chat_message", payload).map((i) => [i.pointer, i.keyword]), [
    ["/channel", "required"],
    ["/is_action", "type"],
    ["/bits", "minimum"],
  ]);
});

Deno.test("describeErrors() escapes property names in pointers", () => {
  const payload = { ...seed("chat_message"), "a/b~c": 1 };
  const [issue] = issuesOf("chat_message", payload);
  assert.equal(issue.pointer, "/a~1b~0c");
  assert.deepEqual(valueAt(payload, issue.pointer), { found: true, value: 1 });
});

Deno.test("valueAt() follows pointers into arrays and reports absence", () => {
  const data = { tags: ["x", { y: null }] };
  assert.deepEqual(valueAt(data, "/tags/1/y"), { found: true, value: null });
  assert.deepEqual(valueAt(data, "/tags/2"), { found: false });
  assert.deepEqual(valueAt(data, ""), { found: true, value: data });
});

Deno.test("renderValue() cuts long values to 80 characters", () => {
  assert.equal(renderValue("x".repeat(200)).length, 80);
  assert.equal(renderValue("x".repeat(200)).at(-1), "…");
  assert.equal(renderValue({ a: [1, "b"] }), '{"a":[1,"b"]}');
});

Deno.test("syntaxIssue() and issueToJson() carry line and column", () => {
  const issue = syntaxIssue({ line: 3, column: 5, message: "expected a value, found '}'" });
  assert.equal(
    formatIssue(issue),
    "  line 3, column 5: malformed JSON: expected a value, found '}'",
  );
  assert.deepEqual(issueToJson(issue), {
    pointer: "",
    keyword: "syntax",
    message: "malformed JSON: expected a value, found '}'",
    line: 3,
    column: 5,
  });
});

Deno.test("issueToJson() includes the offending value only when there is one", () => {
  const [missing] = issuesOf("chat_message", without(seed("chat_message"), "message"));
  assert.deepEqual(issueToJson(missing), {
    pointer: "/message",
    keyword: "required",
    message: "is required",
  });
  const [wrong] = issuesOf("chat_message", { ...seed("chat_message"), bits: null });
  assert.deepEqual(issueToJson(wrong), {
    pointer: "/bits",
    keyword: "type",
    message: "must be integer",
    value: null,
  });
});
