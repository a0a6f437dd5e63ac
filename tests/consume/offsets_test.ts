import assert from "node:assert/strict";
import { parseOffsetSpec } from "../../src/consume/offsets.ts";
import { describeOffsetSpec } from "../../src/kafka/offset_spec.ts";
import { UsageError } from "../../src/errors.ts";

Deno.test("parseOffsetSpec() accepts kcat and rpk spellings", () => {
  assert.deepEqual(parseOffsetSpec("beginning"), { kind: "beginning" });
  assert.deepEqual(parseOffsetSpec("earliest"), { kind: "beginning" });
  assert.deepEqual(parseOffsetSpec("END"), { kind: "end" });
  assert.deepEqual(parseOffsetSpec("42"), { kind: "absolute", offset: 42n });
  assert.deepEqual(parseOffsetSpec("-5"), { kind: "fromEnd", count: 5n });
  assert.deepEqual(parseOffsetSpec("+3"), { kind: "fromBeginning", count: 3n });
});

Deno.test("parseOffsetSpec() rejects anything else with a usage error naming the flag", () => {
  for (const raw of ["", "abc", "1.5", "--3", "s@123"]) {
    assert.throws(() => parseOffsetSpec(raw, "-o"), (e: unknown) => {
      assert.ok(e instanceof UsageError);
      assert.match(e.message, /^-o must be beginning, end, an offset N/);
      assert.ok(e.message.endsWith(`got ${JSON.stringify(raw)}`));
      return true;
    });
  }
});

Deno.test("describeOffsetSpec() writes the spec back as the user would", () => {
  for (const raw of ["beginning", "end", "7", "-2", "+4"]) {
    assert.equal(describeOffsetSpec(parseOffsetSpec(raw)), raw);
  }
});
