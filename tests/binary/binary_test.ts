/**
 * Black-box tests of the compiled binary, built by the real compile script, copied alone into
 * an empty directory and run with an empty environment (as `env -i` would).
 */
import assert from "node:assert/strict";
import denoJson from "../../deno.json" with { type: "json" };
import { ENV_VARS } from "../../src/config/env_vars.ts";
import { readCompiledMetadata } from "../../tools/compile/denort_payload.ts";
import { freshTopic, testBroker } from "../support/broker.ts";
import { compileTelemetraMock } from "./compiled.ts";

const SEED_CHAT = new URL("../fixtures/seed_examples/chat_message.json", import.meta.url);

Deno.test("the compiled binary, alone in an empty directory with env -i", async (t) => {
  await using binary = await compileTelemetraMock();

  await t.step("--help prints the usage and every subcommand, exit 0", async () => {
    const result = await binary.run(["--help"]);
    assert.equal(result.stderr, "");
    assert.equal(result.code, 0);
    assert.match(result.stdout, /^Usage: telemetra-mock \[options\] \[command\]\n/);
    for (const command of ["produce", "consume", "validate", "health"]) {
      assert.match(result.stdout, new RegExp(`\\n  ${command} `), command);
    }
  });

  await t.step("--version prints the version from deno.json", async () => {
    assert.deepEqual(await binary.run(["--version"]), {
      code: 0,
      stdout: `telemetra-mock ${denoJson.version}\n`,
      stderr: "",
    });
  });

  await t.step("validate uses the embedded schemas: no schemas/ folder next to it", async () => {
    assert.deepEqual([...Deno.readDirSync(binary.dir)].map((entry) => entry.name), [
      "telemetra-mock",
    ]);
    await Deno.copyFile(SEED_CHAT, `${binary.dir}/payload.json`);
    assert.deepEqual(await binary.run(["validate", "chat_message.json", "payload.json"]), {
      code: 0,
      stdout: "payload.json valid\n",
      stderr: "",
    });
    await Deno.writeTextFile(`${binary.dir}/bad.json`, '{"channel": 1}');
    const bad = await binary.run(["validate", "chat_message", "bad.json"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^bad\.json invalid\n/);
    assert.match(bad.stdout, /\n {2}\/channel: must be string \(type, 1\)\n/);
    await Deno.remove(`${binary.dir}/payload.json`);
    await Deno.remove(`${binary.dir}/bad.json`);
  });

  await t.step(
    "its permissions are baked in: net, read, write (for --truth), the listed env; nothing more",
    async () => {
      const metadata = readCompiledMetadata(await Deno.readFile(binary.path));
      const permissions = metadata["permissions"] as Record<string, unknown>;
      assert.deepEqual(permissions["allow_env"], [...new Set(ENV_VARS)]);
      assert.deepEqual(permissions["allow_net"], []); // [] = every host
      assert.deepEqual(permissions["allow_read"], []); // [] = every path
      assert.deepEqual(permissions["allow_write"], []); // the --truth directory the user names
      for (const denied of ["allow_run", "allow_ffi", "allow_sys"]) {
        assert.equal(permissions[denied], null, denied);
      }
      assert.deepEqual(permissions["deny_import"], []); // [] = every host
      assert.equal(permissions["prompt"], false);
      assert.equal(metadata["code_cache_key"], null);
    },
  );

  await t.step("running it writes no file, not even a V8 code cache", async () => {
    const tmp = await Deno.makeTempDir();
    try {
      const result = await binary.run([
        "produce",
        "--stdout",
        "--count",
        "20",
        "--rate",
        "0",
        "--seed",
        "7",
      ], {
        env: { TMPDIR: tmp },
      });
      assert.equal(result.code, 0, result.stderr);
      assert.equal(result.stdout.trimEnd().split("\n").length, 20);
      assert.deepEqual([...Deno.readDirSync(tmp)], []);
      assert.deepEqual([...Deno.readDirSync(binary.dir)].map((entry) => entry.name), [
        "telemetra-mock",
      ]);
    } finally {
      await Deno.remove(tmp, { recursive: true });
    }
  });

  await t.step("an environment variable outside its list is ignored, not an error", async () => {
    const result = await binary.run(["produce", "--stdout", "--count", "1", "--seed", "1"], {
      env: { HOME: "/root", PATH: "/usr/bin", KAFKAJS_LOG_LEVEL: "debug", CHANNELS: "alpha" },
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(JSON.parse(result.stdout).channel, "alpha");
  });

  await t.step("produce --count 1000 lands 1000 events that consume -e reads back", async () => {
    const broker = await testBroker();
    const prefix = `${freshTopic("binary")}.`;
    const topics = ["chat", "viewer", "transactions", "stream_meta"].map((kind) => prefix + kind);
    const produced = await binary.run([
      "produce",
      "-b",
      broker.bootstrap,
      "--topic-prefix",
      prefix,
      "--count",
      "1000",
      "--rate",
      "0",
      "--seed",
      "42",
    ]);
    assert.equal(produced.code, 0, produced.stderr);
    assert.match(produced.stderr, /delivered 1000, failed 0/);

    const consumed = await binary.run([
      "consume",
      "-b",
      broker.bootstrap,
      "-o",
      "beginning",
      "-e",
      "-f",
      "json",
      ...topics,
    ]);
    assert.equal(consumed.code, 0, consumed.stderr);
    const records = consumed.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
    assert.equal(records.length, 1000);
    assert.deepEqual(new Set(records.map((record) => record.topic)), new Set(topics));
    const ids = records.map((record) =>
      record.value.message_id ?? record.value.event_id ??
        record.value.transaction_id
    );
    assert.equal(new Set(ids).size, 1000);
  });

  await t.step("produce --workers 2 runs its workers from the embedded module", async () => {
    const broker = await testBroker();
    const prefix = `${freshTopic("binaryworkers")}.`;
    const produced = await binary.run([
      "produce",
      "-b",
      broker.bootstrap,
      "--topic-prefix",
      prefix,
      "--count",
      "3000",
      "--rate",
      "0",
      "--channels",
      "a,b,c",
      "--workers",
      "2",
    ]);
    assert.equal(produced.code, 0, produced.stderr);
    assert.match(produced.stderr, /2 workers connected, channels 1: a,c \| 2: b/);
    assert.match(produced.stderr, /delivered 3000, failed 0/);
  });
});
