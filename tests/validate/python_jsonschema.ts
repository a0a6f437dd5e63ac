/**
 * Validates values with python3-jsonschema (Debian's /usr/bin/python3), an implementation
 * independent of ajv, with format checking on. Fails loudly when the module is missing.
 */
import { fileURLToPath } from "node:url";

export interface PythonVerdict {
  valid: number;
  invalid: { line: number; errors: { pointer: string; validator: string; message: string }[] }[];
}

const SCRIPT = fileURLToPath(new URL("./python_jsonschema.py", import.meta.url));

/** The verdict of python3-jsonschema on each value (lines are 1-based indexes into `values`). */
export async function validateWithPython(
  schemaFile: string,
  values: readonly unknown[],
): Promise<PythonVerdict> {
  const child = new Deno.Command("/usr/bin/python3", {
    args: [SCRIPT, schemaFile],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const input = new TextEncoder().encode(values.map((v) => JSON.stringify(v)).join("\n") + "\n");
  const writer = child.stdin.getWriter();
  await writer.write(input);
  await writer.close();
  const { code, stdout, stderr } = await child.output();
  if (code !== 0) {
    throw new Error(
      `python3-jsonschema failed (exit ${code}; apt-get install -y python3-jsonschema): ` +
        new TextDecoder().decode(stderr),
    );
  }
  return JSON.parse(new TextDecoder().decode(stdout));
}
