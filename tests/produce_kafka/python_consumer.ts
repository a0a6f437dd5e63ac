/**
 * Reads topics back with python3-confluent-kafka (Debian's /usr/bin/python3), the client family
 * the seed producer and most data pipelines use. Fails loudly when the module is missing.
 */
import { python } from "../support/broker.ts";

const SCRIPT = new URL("./python_consumer.py", import.meta.url);

export interface PythonRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly timestamp: number;
  readonly headers: Readonly<Record<string, string>>;
  /** The value as Python's json.loads parsed it; absent when it did not parse. */
  readonly value?: unknown;
  readonly not_json?: string;
}

/** Every record of `topics`, read from the beginning to the end of each partition. */
export async function pythonConsume(
  bootstrap: string,
  topics: readonly string[],
  timeoutSeconds = 60,
): Promise<PythonRecord[]> {
  const script = await Deno.readTextFile(SCRIPT);
  const { code, stdout, stderr } = await python(
    script,
    [bootstrap, String(timeoutSeconds), ...topics],
    undefined,
    { timeoutMs: (timeoutSeconds + 30) * 1000 },
  );
  if (code !== 0) throw new Error(`the python3-confluent-kafka consumer exited ${code}: ${stderr}`);
  return stdout.split("\n").filter((l) => l !== "").map((line) => JSON.parse(line) as PythonRecord);
}
