import assert from "node:assert/strict";
import fc from "fast-check";
import {
  describeJsonSyntaxError,
  findJsonSyntaxError,
  lineAndColumn,
} from "../../src/validate/json_syntax.ts";

function problemOf(text: string) {
  let error: unknown;
  try {
    JSON.parse(text);
  } catch (e) {
    error = e;
  }
  assert.ok(error !== undefined, `${text} parsed`);
  return describeJsonSyntaxError(text, error);
}

Deno.test("lineAndColumn() counts lines and 1-based columns", () => {
  assert.deepEqual(lineAndColumn("abc", 0), { line: 1, column: 1 });
  assert.deepEqual(lineAndColumn("ab\ncd\nef", 4), { line: 2, column: 2 });
  assert.deepEqual(lineAndColumn("ab\ncd\n", 6), { line: 3, column: 1 });
});

Deno.test("describeJsonSyntaxError() points at the first offending character", () => {
  const table: [string, number, number, string][] = [
    ['{"a":1,}', 1, 8, "expected a property name in double quotes, found '}'"],
    ['{"a":1', 1, 7, "expected ',' or '}' after a property value, found end of input"],
    ['{\n  "a": 1\n  "b": 2\n}', 3, 3, `expected ',' or '}' after a property value, found '"'`],
    ['{"a": tru}', 1, 7, "expected a value, found 'tru'"],
    ["{'a': 1}", 1, 2, `expected a property name in double quotes, found "'"`],
    ['{"a" 1}', 1, 6, "expected ':' after property name, found '1'"],
    ["[1, 2, -]", 1, 8, "invalid number"],
    ['["a\\qb"]', 1, 4, "invalid escape in string: \\q"],
    ['["a\u0001"]', 1, 4, "control character U+0001 in string must be escaped"],
    ['["abc', 1, 2, "unterminated string"],
    ['{"a":1} x', 1, 9, "unexpected 'x' after the JSON value"],
    ["[1 2]", 1, 4, "expected ',' or ']' after an array element, found '2'"],
    ["", 1, 1, "no JSON value (empty input)"],
    ["  \n ", 1, 1, "no JSON value (empty input)"],
    ["\n\n  @", 3, 3, "expected a value, found '@'"],
  ];
  for (const [text, line, column, message] of table) {
    assert.deepEqual(problemOf(text), { line, column, message }, JSON.stringify(text));
  }
});

Deno.test("findJsonSyntaxError() accepts everything JSON.parse accepts", () => {
  const valid = [
    '{"a":[1,-2.5e+3,true,false,null,"x\\u00e9\\n"],"b":{}}',
    "[]",
    " 0 ",
    '"\\/"',
    "[[[[]]]]",
    JSON.stringify({ deep: Array.from({ length: 50 }, (_, i) => ({ i, s: "é\u2028" })) }),
  ];
  for (const text of valid) assert.equal(findJsonSyntaxError(text), undefined, text);
});

Deno.test("findJsonSyntaxError() survives very deep nesting without recursion", () => {
  const deep = "[".repeat(200_000);
  assert.deepEqual(findJsonSyntaxError(deep), {
    offset: 200_000,
    message: "expected a value, found end of input",
  });
});

Deno.test("findJsonSyntaxError() finds an error exactly when JSON.parse throws", () => {
  const parses = (text: string) => {
    try {
      JSON.parse(text);
      return true;
    } catch {
      return false;
    }
  };
  const jsonish = fc.oneof(
    fc.json(),
    fc.json().map((text) => text.slice(0, Math.max(0, text.length - 1))),
    fc.stringMatching(/^[\s{}[\]",:0-9eE.+\-tfnrulasx\\]{0,24}$/),
    fc.tuple(fc.json(), fc.nat(40), fc.constantFrom(",", "}", "]", '"', "x", "\\", "\n"))
      .map(([text, at, char]) => text.slice(0, at) + char + text.slice(at)),
  );
  fc.assert(
    fc.property(jsonish, (text) => {
      assert.equal(findJsonSyntaxError(text) === undefined, parses(text), JSON.stringify(text));
    }),
    { numRuns: 20_000, seed: 7 },
  );
});
