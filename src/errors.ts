/**
 * Errors a user can act on. Each carries the process exit code; `main.ts` prints
 * `error: <message>` on one line and exits with it. Anything else is a bug.
 */

/** Exit codes of every subcommand (documented in the README). */
export const ExitCode = {
  /** Success: the limit, the end or the user's stop was reached. */
  Ok: 0,
  /** A runtime failure: invalid records, undelivered events, broker unreachable, topic missing. */
  Failure: 1,
  /** Bad usage: flags, env variables, .env values, unknown or invalid schema, unreadable input. */
  Usage: 2,
  /** The broker rejected our credentials (SASL). */
  AuthenticationFailed: 3,
  /** The broker denied an operation (ACLs), e.g. creating a topic. */
  AuthorizationFailed: 4,
  /** A local file could not be read or written (permissions, disk full). */
  FileError: 5,
  /** A second signal arrived while shutting down: exit at once. */
  Interrupted: 130,
} as const;

export type ExitCodeValue = typeof ExitCode[keyof typeof ExitCode];

/** Base class: a one-line message for the user and the exit code to leave with. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number, options?: ErrorOptions) {
    super(message, options);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Bad flags, environment variables or configuration values. Exit 2. */
export class UsageError extends CliError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, ExitCode.Usage, options);
    this.name = "UsageError";
  }
}

/** Kafka could not be reached, or failed in a way the user must fix. Exit 1 unless given. */
export class KafkaError extends CliError {
  constructor(message: string, exitCode: number = ExitCode.Failure, options?: ErrorOptions) {
    super(message, exitCode, options);
    this.name = "KafkaError";
  }
}

/** A local file could not be read or written. Exit 5 unless given. */
export class FileError extends CliError {
  constructor(message: string, exitCode: number = ExitCode.FileError, options?: ErrorOptions) {
    super(message, exitCode, options);
    this.name = "FileError";
  }
}

/** One line, no stack: what main.ts prints for any error. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  const message = error instanceof Error ? error.message : String(error);
  return { message: message.split("\n")[0] || "unexpected error", exitCode: ExitCode.Failure };
}
