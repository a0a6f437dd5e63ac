/** Independent views of the broker for Kafka tests: kcat (librdkafka) and a unique topic name. */

/** A topic name no other test run uses. */
export function uniqueTopic(label: string): string {
  return `test.kafka.${label}.${crypto.randomUUID().slice(0, 8)}`;
}

/** Runs kcat with `args`; returns stdout, throws with stderr on failure. */
export async function kcat(args: readonly string[]): Promise<string> {
  const output = await new Deno.Command("kcat", {
    args: [...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const stdout = new TextDecoder().decode(output.stdout);
  if (!output.success) {
    throw new Error(`kcat ${args.join(" ")} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
  return stdout;
}

/** Partition count of `topic` as librdkafka sees it. */
export async function kcatPartitionCount(bootstrap: string, topic: string): Promise<number> {
  const listing = await kcat(["-b", bootstrap, "-L", "-t", topic]);
  const match = /topic "[^"]+" with (\d+) partitions/.exec(listing);
  if (!match) throw new Error(`kcat did not list ${topic}:\n${listing}`);
  return Number(match[1]);
}

/** Every record of `topic` from the beginning, one `format` line each (kcat -f). */
export async function kcatRecords(
  bootstrap: string,
  topic: string,
  format: string,
): Promise<string[]> {
  const out = await kcat(["-b", bootstrap, "-C", "-t", topic, "-e", "-q", "-f", format]);
  return out.split("\n").filter((line) => line !== "");
}
