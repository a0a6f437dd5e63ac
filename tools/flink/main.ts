/**
 * `deno task flink-job [launcher args]`: builds the Flink job of examples/flink-pipeline when
 * needed and runs it, its output on ours, its Java temp dir removed after. `--help` lists the
 * launcher's arguments.
 */
// deno-lint-ignore-file no-console
import { runFlinkLauncher } from "./flink_job.ts";

if (import.meta.main) {
  try {
    Deno.exitCode = await runFlinkLauncher(Deno.args);
  } catch (error) {
    console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    Deno.exitCode = 1;
  }
}
