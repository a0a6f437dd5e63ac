import assert from "node:assert/strict";
import { WeightTree } from "../../src/generator/weight_tree.ts";

Deno.test("WeightTree.find() maps each target to the index whose range holds it", () => {
  const tree = new WeightTree(5);
  [3, 0, 2, 5, 1].forEach((w, i) => tree.set(i, w));
  assert.equal(tree.total, 11);
  const expected = [0, 0, 0, 2, 2, 3, 3, 3, 3, 3, 4];
  assert.deepEqual(expected.map((_, t) => tree.find(t)), expected);
  assert.equal(tree.find(2.999), 0);
  assert.equal(tree.find(10.5), 4);
});

Deno.test("WeightTree.set() updates totals and ranges; zero weights are never found", () => {
  const tree = new WeightTree(1000);
  for (let i = 0; i < 1000; i++) tree.set(i, i % 2 === 0 ? 0 : 10);
  assert.equal(tree.total, 5000);
  for (let t = 0; t < 5000; t += 7) assert.equal(tree.find(t) % 2, 1);
  tree.set(999, 0);
  tree.set(0, 5);
  assert.equal(tree.total, 4995);
  assert.equal(tree.find(0), 0);
  assert.equal(tree.find(4994), 997);
  assert.equal(tree.weight(0), 5);
});
