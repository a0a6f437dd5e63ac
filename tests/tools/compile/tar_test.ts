import assert from "node:assert/strict";
import { findTarEntry } from "../../../tools/compile/tar.ts";

/** Builds a real archive with the system tar, in the given format. */
async function tarOf(files: Record<string, string>, format: "ustar" | "pax"): Promise<Uint8Array> {
  const dir = await Deno.makeTempDir();
  try {
    for (const [path, text] of Object.entries(files)) {
      await Deno.mkdir(`${dir}/src/${path}`.replace(/\/[^/]*$/, ""), { recursive: true });
      await Deno.writeTextFile(`${dir}/src/${path}`, text);
    }
    const { success } = await new Deno.Command("tar", {
      args: [
        `--format=${format}`,
        "-cf",
        `${dir}/out.tar`,
        "-C",
        `${dir}/src`,
        ...Object.keys(files),
      ],
    }).output();
    assert.ok(success, "tar failed");
    return await Deno.readFile(`${dir}/out.tar`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("findTarEntry() returns the named file's bytes from a ustar archive", async () => {
  const tar = await tarOf({
    "package/package.json": '{"name":"x"}',
    "package/bin/steady": "runtime bytes",
  }, "ustar");
  assert.equal(new TextDecoder().decode(findTarEntry(tar, "package/bin/steady")), "runtime bytes");
  assert.equal(new TextDecoder().decode(findTarEntry(tar, "package/package.json")), '{"name":"x"}');
  assert.equal(findTarEntry(tar, "package/bin/missing"), undefined);
});

Deno.test("findTarEntry() follows pax path records for long names", async () => {
  const long = `package/${"d".repeat(120)}/bin/steady`;
  const tar = await tarOf({ [long]: "deep", "package/short": "short" }, "pax");
  assert.equal(new TextDecoder().decode(findTarEntry(tar, long)), "deep");
  assert.equal(new TextDecoder().decode(findTarEntry(tar, "package/short")), "short");
});

Deno.test("findTarEntry() refuses a truncated archive", async () => {
  const tar = await tarOf({ "package/bin/steady": "x".repeat(2000) }, "ustar");
  assert.throws(() => findTarEntry(tar.subarray(0, 1024), "package/bin/steady"), {
    message: "tar archive is truncated",
  });
});
