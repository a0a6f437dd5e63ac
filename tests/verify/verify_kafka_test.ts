/**
 * `verify --kafka`: a round-trip audit of the topics against the truth's manifest and ids, no
 * pipeline needed — records, events per type, duplicates and malformed records expected vs
 * found, ids missing or unexpected.
 */
import assert from "node:assert/strict";
import { kcat } from "../support/broker.ts";
import { kcatLines } from "../support/kcat.ts";
import { runCli } from "../support/cli.ts";
import { freshPrefix, produce, testBroker, topicsOf } from "../produce_kafka/support.ts";

Deno.test("verify --kafka finds exactly the injected duplicates, and flags a record nobody acknowledged", async () => {
  const { bootstrap } = await testBroker();
  const prefix = freshPrefix("audit");
  const topics = topicsOf(prefix);
  const dir = await Deno.makeTempDir();
  const made = await produce(bootstrap, prefix, [
    "--start",
    "2025-10-16T00:00:00Z",
    "--until",
    "2025-10-16T00:20:00Z",
    "--rate",
    "20",
    "--seed",
    "12",
    "--duplicates",
    "1%",
    "--malformed",
    "0.5%",
    "--late",
    "2%:10s",
    "--truth",
    dir,
  ]);
  assert.equal(made.code, 0, made.stderr);
  const manifest = JSON.parse(Deno.readTextFileSync(`${dir}/manifest.json`));
  const audit = () => runCli(["verify", "--truth", dir, "--kafka", "-b", bootstrap]);

  const clean = await audit();
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  assert.match(clean.stdout, /everything as acknowledged/);
  const duplicates = manifest.disorder.acknowledged.duplicate[topics.chat];
  assert.ok(duplicates > 0);
  assert.match(
    clean.stdout,
    new RegExp(
      `duplicates in ${topics.chat.replaceAll(".", "\\.")}\\s+${duplicates}\\s+${duplicates}\\n`,
    ),
  );

  // One more copy of a chat line, and one chat line no run produced.
  const [line] = await kcatLines(bootstrap, topics.chat);
  const foreign = line!.replace(
    /"message_id":"[^"]+"/,
    '"message_id":"00000000-0000-4000-8000-000000000000"',
  );
  const wrote = await kcat(
    ["-P", "-b", bootstrap, "-t", topics.chat, "-k", "x"],
    `${line}\n${foreign}\n`,
  );
  assert.equal(wrote.code, 0, wrote.stderr);
  const dirty = await audit();
  assert.equal(dirty.code, 1, dirty.stdout);
  assert.match(
    dirty.stdout,
    new RegExp(
      `duplicates in ${topics.chat.replaceAll(".", "\\.")}\\s+${duplicates}\\s+${
        duplicates + 1
      }\\n`,
    ),
  );
  assert.match(dirty.stdout, /ids unexpected\s+0\s+1\n/);
  assert.match(dirty.stdout, /unexpected ids: .* 00000000-0000-4000-8000-000000000000/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("verify --kafka exits 2 without a truth or with ACTUAL as well", async () => {
  const both = await runCli(["verify", "--truth", "x", "--kafka", "file.csv"]);
  assert.equal(both.code, 2);
  assert.match(
    both.stderr,
    /^error: verify --kafka reads the topics themselves: give no ACTUAL as well\n$/,
  );
  const none = await runCli(["verify", "--truth", "x"]);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /or --kafka/);
});
