/**
 * Runs a test's entry script (tests/kafka/NAME) in a fresh Deno process: the kafkajs fixes act when
 * modules load, so what they do to a program is checked in a process of its own.
 */
export async function runEntry(
  name: string,
  denoFlags: readonly string[],
  args: readonly string[] = [],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const entry = new URL(`./${name}`, import.meta.url).pathname;
  const output = await new Deno.Command(Deno.execPath(), {
    args: ["run", "--quiet", ...denoFlags, entry, ...args],
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
