import assert from "node:assert/strict";
import { sha256Hex } from "../../tools/compile/denort_payload.ts";
import { DenortError, obtainDenort, runtimeFromTarball, sha512Base64 } from "../../tools/denort.ts";

const RUNTIME = new TextEncoder().encode("pretend this is denort\n".repeat(50));

/** A package tarball shaped like @stdy/cli-linux-x64: package/bin/steady = runtime + payload. */
async function packageTarball(): Promise<Uint8Array> {
  const magic = new TextEncoder().encode("d3n0l4nd");
  const body = new TextEncoder().encode("app payload");
  const binary = new Uint8Array(RUNTIME.length + magic.length + body.length + 16);
  binary.set(RUNTIME);
  binary.set(magic, RUNTIME.length);
  binary.set(body, RUNTIME.length + magic.length);
  const trailer = new DataView(binary.buffer, binary.length - 16);
  trailer.setUint32(0, 0x501e, true);
  trailer.setUint32(4, 0x2a7, true);
  trailer.setBigUint64(8, BigInt(magic.length + body.length + 16), true);

  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/package/bin`, { recursive: true });
    await Deno.writeFile(`${dir}/package/bin/steady`, binary);
    const { success } = await new Deno.Command("tar", {
      args: ["-czf", `${dir}/pkg.tgz`, "-C", dir, "package"],
    }).output();
    assert.ok(success, "tar failed");
    return await Deno.readFile(`${dir}/pkg.tgz`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("runtimeFromTarball() returns the runtime when both digests match", async () => {
  const tgz = await packageTarball();
  const runtime = await runtimeFromTarball(tgz, {
    tarballSha512: await sha512Base64(tgz),
    runtimeSha256: await sha256Hex(RUNTIME),
  });
  assert.deepEqual(runtime, RUNTIME);
});

Deno.test("runtimeFromTarball() refuses a tarball whose sha512 differs", async () => {
  const tgz = await packageTarball();
  await assert.rejects(
    () => runtimeFromTarball(tgz, { tarballSha512: "AAAA", runtimeSha256: "unused" }),
    (error: Error) =>
      error instanceof DenortError && /tarball has sha512 .*, expected AAAA; refusing/.test(
        error.message,
      ),
  );
});

Deno.test("runtimeFromTarball() refuses a runtime whose sha256 differs", async () => {
  const tgz = await packageTarball();
  const wrong = "0".repeat(64);
  const tarballSha512 = await sha512Base64(tgz);
  await assert.rejects(
    () => runtimeFromTarball(tgz, { tarballSha512, runtimeSha256: wrong }),
    {
      name: "Error",
      message: `runtime has sha256 ${await sha256Hex(RUNTIME)}, expected ${wrong}; ` +
        "refusing to use it",
    },
  );
});

Deno.test("obtainDenort() refuses the wrong package and leaves no runtime behind", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeFile(`${dir}/wrong.tgz`, await packageTarball());
    // A corrupted cached runtime must not be trusted either.
    await Deno.mkdir(`${dir}/cache`);
    await Deno.writeTextFile(`${dir}/cache/denort-2.7.11-x86_64-unknown-linux-gnu`, "tampered");
    await assert.rejects(
      () => obtainDenort(["--tarball", `${dir}/wrong.tgz`, "--cache-dir", `${dir}/cache`]),
      (error: Error) => error instanceof DenortError && /refusing to use it$/.test(error.message),
    );
    const left = [...Deno.readDirSync(`${dir}/cache`)].map((entry) => entry.name);
    assert.deepEqual(left, ["denort-2.7.11-x86_64-unknown-linux-gnu"]);
    assert.equal(
      await Deno.readTextFile(`${dir}/cache/denort-2.7.11-x86_64-unknown-linux-gnu`),
      "tampered",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("obtainDenort() names an unknown argument", async () => {
  await assert.rejects(() => obtainDenort(["--mirror"]), {
    message: 'unknown argument "--mirror" (use --tarball FILE, --cache-dir DIR)',
  });
});
