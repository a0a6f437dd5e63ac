/** kcat views of the broker for Kafka tests, on top of the harness' foreign clients. */
import { kcat } from "../support/broker.ts";

async function kcatOk(args: readonly string[]): Promise<string> {
  const { code, stdout, stderr } = await kcat(args);
  if (code !== 0) throw new Error(`kcat ${args.join(" ")} failed: ${stderr}`);
  return stdout;
}

/** Partition count of `topic` as librdkafka sees it. */
export async function kcatPartitionCount(bootstrap: string, topic: string): Promise<number> {
  const listing = await kcatOk(["-b", bootstrap, "-L", "-t", topic]);
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
  const out = await kcatOk(["-b", bootstrap, "-C", "-t", topic, "-e", "-q", "-f", format]);
  return out.split("\n").filter((line) => line !== "");
}
