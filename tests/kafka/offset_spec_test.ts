import assert from "node:assert/strict";
import { startOffset } from "../../src/kafka/offset_spec.ts";

const bounds = { low: 10n, high: 50n };

Deno.test("startOffset() resolves each spec within the partition's bounds", () => {
  assert.equal(startOffset({ kind: "beginning" }, bounds), 10n);
  assert.equal(startOffset({ kind: "end" }, bounds), 50n);
  assert.equal(startOffset({ kind: "absolute", offset: 20n }, bounds), 20n);
  assert.equal(startOffset({ kind: "absolute", offset: 5n }, bounds), 10n);
  assert.equal(startOffset({ kind: "absolute", offset: 99n }, bounds), 50n);
  assert.equal(startOffset({ kind: "fromEnd", count: 3n }, bounds), 47n);
  assert.equal(startOffset({ kind: "fromEnd", count: 100n }, bounds), 10n);
  assert.equal(startOffset({ kind: "fromBeginning", count: 3n }, bounds), 13n);
  assert.equal(startOffset({ kind: "fromBeginning", count: 300n }, bounds), 50n);
});
