/**
 * The CLI's window on the outside world. Subcommands write through it so tests can drive them
 * in-process and the binary can wire the real streams in one place (main.ts → runCli).
 */
export interface CliIo {
  /** Data: NDJSON, pretty records, tables. */
  stdout(text: string): void;
  /** People: logs, progress, summaries, errors. */
  stderr(text: string): void;
  /**
   * Standard input (for `validate -`): a stream, read as it arrives so that inputs of any size
   * fit in memory, or (tests, older callers) the whole of it at once.
   */
  readStdin(): ReadableStream<Uint8Array> | Promise<Uint8Array>;
  /** The exit code to leave with when the action returns. */
  setExitCode(code: number): void;
  readonly cwd: string;
  /** Environment variables as read once at start-up. */
  readonly env: Readonly<Record<string, string>>;
  /** Whether stdout / stderr are terminals (pretty output, live progress). */
  readonly stdoutIsTerminal: boolean;
  readonly stderrIsTerminal: boolean;
  /** Aborted on the first SIGINT/SIGTERM: commands stop, flush and report. */
  readonly shutdown: AbortSignal;
  /**
   * Aborted on the second SIGINT/SIGTERM: commands give up waiting at once, print a one-line
   * summary and exit 130. Absent where nobody can send a second signal.
   */
  readonly forced?: AbortSignal;
}
