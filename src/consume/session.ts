/**
 * One consume run, wired: Kafka records in, pretty/json/value lines on stdout, statistics and
 * invalid-record notices on stderr, stopped by the limit, the end (-e) or a signal. Returns the
 * exit code; throws CliError for failures (1 when --validate found invalid records).
 */
import { resolve } from "node:path";
import { getLogger } from "@logtape/logtape";
import { toKafkaSettings } from "../kafka/settings.ts";
import { CliError, ExitCode } from "../errors.ts";
import { createKafka } from "../kafka/client.ts";
import { consumeRecords } from "../kafka/consumer.ts";
import type { StopReason } from "../kafka/consumer_types.ts";
import { describeOffsetSpec } from "../kafka/offset_spec.ts";
import type { ConsumeConfig } from "./options.ts";
import { DEFAULT_PRETTY } from "./pretty.ts";
import { MergedPrinter } from "./merged_printer.ts";
import { RecordPrinter } from "./printer.ts";
import { schemaChecks } from "./schema_checks.ts";
import { ConsumeStats, renderStats } from "./stats.ts";
import { recordValidator } from "./validation.ts";
import { WAITING_HINT_AFTER_MS, waitingHint } from "./waiting_hint.ts";

const log = getLogger(["telemetra", "consume"]);

/** What a consume session needs of the outside world (the CLI's io satisfies it). */
export interface ConsumeIo {
  /** Records, in the chosen format. Throws a CliError with exit code 0 when the reader left. */
  stdout(text: string): void;
  /** Statistics and invalid-record notices. */
  stderr(text: string): void;
  /** Where schema, CA, certificate, key and password paths are resolved from. */
  readonly cwd: string;
  /** Aborted on the first SIGINT/SIGTERM: stop, commit (with a group) and report. */
  readonly shutdown: AbortSignal;
}

export async function consumeSession(config: ConsumeConfig, io: ConsumeIo): Promise<number> {
  const validator = config.validate
    ? recordValidator(await schemaChecks(config.topics, config.topicKinds, config.schema, io.cwd))
    : undefined;
  const settings = toKafkaSettings(
    config.kafka,
    (path) => Deno.readTextFileSync(resolve(io.cwd, path)),
  );
  const stats = new ConsumeStats(config.topics, config.validate);
  const printer = new RecordPrinter(
    {
      format: config.format,
      ...(config.limit !== undefined ? { limit: config.limit } : {}),
      pretty: { ...DEFAULT_PRETTY, color: config.color },
      topicKinds: config.topicKinds,
      ...(validator ? { validate: validator } : {}),
    },
    stats,
    (text) => io.stdout(text),
    (text) => io.stderr(text),
  );
  log.info("Consuming {topics} from {offset}{group}{end}", {
    topics: config.topics.join(", "),
    offset: describeOffsetSpec(config.offset),
    group: config.groupId === undefined ? "" : ` in group ${config.groupId}`,
    end: config.exitAtEnd ? " until the end" : "",
  });
  // Reading to the end for people: one conversation in event-time order, not partition by
  // partition. (A group's commits follow what it printed, so a group keeps partition order.)
  const merged = config.format === "pretty" && config.exitAtEnd && config.groupId === undefined
    ? new MergedPrinter(printer)
    : undefined;
  const started = performance.now();
  let reason: StopReason | "output closed" = "signal";
  // Said once, only if no record came within a few seconds of starting at the end.
  let hintTimer: ReturnType<typeof setTimeout> | undefined;
  const stopHint = () => clearTimeout(hintTimer);
  try {
    const result = await consumeRecords(createKafka(settings), settings, {
      topics: config.topics,
      ...(config.partitions !== undefined ? { partitions: config.partitions } : {}),
      ...(config.groupId !== undefined ? { groupId: config.groupId } : {}),
      offset: config.offset,
      exitAtEnd: config.exitAtEnd,
      signal: io.shutdown,
      onBatch: (batch, hold) => {
        stopHint();
        return merged ? merged.handle(batch, hold) : printer.handle(batch);
      },
      ...(merged ? { onPartitionEnd: (topic, partition) => merged.end(topic, partition) } : {}),
      onStarted: (starts) => {
        merged?.start(starts);
        const hint = waitingHint(config.topics, starts);
        if (hint !== undefined) {
          hintTimer = setTimeout(() => log.info("{hint}", { hint }), WAITING_HINT_AFTER_MS);
        }
      },
    });
    merged?.finish();
    reason = result.reason;
  } catch (error) {
    // `| head` closed our stdout: a normal way to stop reading.
    if (!isOutputClosed(error)) throw error;
    reason = "output closed";
  } finally {
    stopHint();
  }
  log.debug("Stopped: {reason}", { reason });
  if (!config.quiet) io.stderr(renderStats(stats, performance.now() - started));
  if (stats.invalid > 0) {
    throw new CliError(
      `${stats.invalid} of ${stats.total} record${stats.total === 1 ? "" : "s"} failed validation`,
      ExitCode.Failure,
    );
  }
  return ExitCode.Ok;
}

/** An error that asks to leave with exit code 0: the reader of stdout went away. */
function isOutputClosed(error: unknown): boolean {
  return error instanceof CliError && error.exitCode === ExitCode.Ok;
}
