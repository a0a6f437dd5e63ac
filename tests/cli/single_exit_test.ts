import assert from "node:assert/strict";

async function* sourceFiles(dir: URL): AsyncGenerator<URL> {
  for await (const entry of Deno.readDir(dir)) {
    const url = new URL(entry.name + (entry.isDirectory ? "/" : ""), dir);
    if (entry.isDirectory) yield* sourceFiles(url);
    else if (entry.name.endsWith(".ts")) yield url;
  }
}

Deno.test("main.ts is the only place that exits: nothing under src/ calls Deno.exit", async () => {
  const offenders: string[] = [];
  for await (const file of sourceFiles(new URL("../../src/", import.meta.url))) {
    if ((await Deno.readTextFile(file)).includes("Deno.exit(")) offenders.push(file.pathname);
  }
  assert.deepEqual(offenders, []);
  const main = await Deno.readTextFile(new URL("../../main.ts", import.meta.url));
  assert.match(main, /Deno\.exit\(code\)/);
});
