/**
 * The commander program: global options, the subcommands, and the translation of every outcome
 * into an exit code. Parses and wires only; the work happens in the modules it calls.
 */
import { type Argument, Command, CommanderError } from "commander";
import { describeError, ExitCode } from "../errors.ts";
import { VERSION } from "../version.ts";
import { processIo } from "./process_io.ts";
import type { CliIo } from "./io.ts";
import { produceCommand } from "./produce.ts";
import { validateCommand } from "./validate.ts";
import { consumeCommand } from "./consume.ts";
import { healthCommand } from "./health.ts";
import { verifyCommand } from "./verify.ts";

export { VERSION };

/** `<name>`, `[name]`, `[name...]`: how commander shows an argument. */
function argTerm(arg: Argument): string {
  const name = arg.name() + (arg.variadic ? "..." : "");
  return arg.required ? `<${name}>` : `[${name}]`;
}

/** The program with all subcommands, writing through `io`. */
export function buildProgram(io: CliIo): Command {
  const program = new Command("telemetra-mock")
    .description(
      "Realistic Twitch-like live-stream traffic for Kafka: produce it, consume it, validate it.",
    )
    .version(`telemetra-mock ${VERSION}`, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .showSuggestionAfterError(true)
    // Every command has options, so "[options]" in the list only costs the descriptions the
    // room commander needs to wrap them (it leaves lines unwrapped in under 40 columns).
    .configureHelp({
      subcommandTerm: (cmd) => [cmd.name(), ...cmd.registeredArguments.map(argTerm)].join(" "),
    })
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(s.endsWith("\n") ? s : `${s}\n`),
    })
    .addHelpText(
      "after",
      `
Examples:
  telemetra-mock produce -b localhost:9092 --rate 100 --channels gaming,esports
  telemetra-mock produce --stdout --seed 42 --count 1000
  telemetra-mock consume telemetra.events.chat 10 --from-beginning
  telemetra-mock validate chat_message payload.json
  telemetra-mock verify --truth truth/ results.csv

Exit codes: 0 ok, 1 failure (invalid records, undelivered events, Kafka
unreachable), 2 usage error, 3 authentication failed, 4 not authorized, 5 file
error, 130 second signal.`,
    );
  program.addCommand(produceCommand(io));
  program.addCommand(consumeCommand(io));
  program.addCommand(validateCommand(io));
  program.addCommand(verifyCommand(io));
  program.addCommand(healthCommand(io));
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({
      writeOut: (s) => io.stdout(s),
      writeErr: (s) => io.stderr(s),
      outputError: (s, write) => write(s.endsWith("\n") ? s : `${s}\n`),
    });
  }
  return program;
}

/** Runs the CLI with `args` (without the program name) and returns the exit code. */
export async function runCli(args: readonly string[], io?: CliIo): Promise<number> {
  const owned = io === undefined ? processIo() : undefined;
  const cli = io ?? owned!.io;
  let exitCode: number = ExitCode.Ok;
  const withCode: CliIo = {
    ...cli,
    stdout: cli.stdout,
    stderr: cli.stderr,
    readStdin: cli.readStdin,
    setExitCode: (code) => {
      exitCode = code;
    },
  };
  try {
    const program = buildProgram(withCode);
    if (args.length === 0) {
      program.outputHelp();
      return ExitCode.Usage;
    }
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are successes; everything else commander reports is a usage error.
      if (
        error.code === "commander.helpDisplayed" || error.code === "commander.version" ||
        error.code === "commander.help"
      ) return ExitCode.Ok;
      return ExitCode.Usage;
    }
    const { message, exitCode: code } = describeError(error);
    if (message !== "") cli.stderr(`error: ${message}\n`);
    return code;
  } finally {
    owned?.dispose();
  }
}
