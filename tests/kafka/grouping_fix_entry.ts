/**
 * A child process: loads the program's module graph (as main.ts does) and prints whether kafkajs'
 * producers group messages with the one-pass grouping of src/kafka/grouping_fix.ts.
 */
import "../../src/cli/program.ts";
import { groupingFixInstalled } from "../../src/kafka/grouping_fix.ts";

// deno-lint-ignore no-console
console.log(groupingFixInstalled ? "installed" : "not installed");
