/**
 * The sink of a run with `--workers N`: N workers (worker.ts), each with its own producer and its
 * share of the channels. `write` hands every worker the generator's steps since the last write
 * (StepRecorder) and waits while any worker has more than one steps message to work through
 * (backpressure); deliveries come back as event numbers, matched here to the main thread's own
 * copy of each event for the delivery hooks (metrics, truth). Counts are the workers' summed.
 * A worker that dies fails the run: the next write rejects with one line naming it.
 */
import { getLogger, type LogLevel } from "@logtape/logtape";
import { CliError, ExitCode } from "../../errors.ts";
import type { GeneratedEvent } from "../../generator/types.ts";
import type { KafkaSettings } from "../../kafka/settings.ts";
import { type KafkaEventSinkOptions, settledRecord } from "../../sinks/kafka.ts";
import type { OutgoingRecord } from "../../kafka/producer.ts";
import type { DeliveryCounts, EventSink } from "../../sinks/types.ts";
import type { Disorder, DisorderSettings } from "../disorder.ts";
import {
  type FromWorker,
  RECORD_ANOMALIES,
  type WorkerGenerator,
  type WorkerInit,
} from "./protocol.ts";
import type { StepRecorder } from "./steps.ts";

export interface PoolOptions {
  /** How many workers, and each one's channels. */
  readonly shares: readonly (readonly string[])[];
  readonly generator: WorkerGenerator;
  readonly recorder: StepRecorder;
  readonly sink: KafkaEventSinkOptions;
  readonly settings: KafkaSettings;
  readonly partitions: ReadonlyMap<string, number>;
  readonly logLevel: LogLevel;
  /**
   * Disorder on purpose: the workers apply it; this thread counts it (`account`) and rebuilds
   * the records they settle (`copy`) from the same settings and seed.
   */
  readonly disorder?: {
    readonly settings: DisorderSettings;
    readonly seed: number;
    readonly tally: Disorder;
  } | undefined;
  readonly onDelivered?: (records: readonly OutgoingRecord[]) => void;
  readonly onFailed?: (records: readonly OutgoingRecord[]) => void;
  readonly onOutage?: (down: boolean) => void;
  /** Tests only: worker i (0-based) dies after `steps` steps messages. */
  readonly dieAfter?: { readonly worker: number; readonly steps: number } | undefined;
  /** The worker module (tests may give another). */
  readonly module?: URL;
}

const WORKER_MODULE = new URL("./worker.ts", import.meta.url);

/** Events handed on for longer than this with no answer from a closing worker: given up. */
const CLOSE_GRACE_MS = 2000;

const ZERO: DeliveryCounts = {
  accepted: 0,
  delivered: 0,
  failed: 0,
  deliveredByTopic: {},
  outages: 0,
  outageMs: 0,
  kafkaDown: false,
};

interface Member {
  readonly worker: Worker;
  counts: DeliveryCounts;
  /** Steps messages not yet answered with `written`. */
  unanswered: number;
  ready: boolean;
  closed: boolean;
  dead: boolean;
}

/** Starts the workers and resolves once every one is connected. */
export async function openWorkerPool(
  options: PoolOptions,
  signal: AbortSignal,
): Promise<EventSink> {
  const total = options.shares.length;
  const owned = new Set(options.shares.flat());
  const members: Member[] = [];
  const log = getLogger(["telemetra", "produce"]);
  /** Events sent on and not yet settled, by number. */
  const pending = new Map<number, GeneratedEvent>();
  /** With disorder: records still to settle of events sent as more than one (by number). */
  const copiesLeft = new Map<number, number>();
  const disorder = options.disorder?.tally;
  let fatal: CliError | undefined;
  let waiters: Array<() => boolean> = [];
  const notify = () => waiters = waiters.filter((check) => !check());

  const settle = (seqs: Float64Array, anomalies: Uint8Array, delivered: boolean) => {
    const records: OutgoingRecord[] = [];
    for (let i = 0; i < seqs.length; i++) {
      const seq = seqs[i]!;
      const event = pending.get(seq);
      if (event === undefined) continue;
      const left = copiesLeft.get(seq);
      if (left === undefined) pending.delete(seq);
      else if (left > 2) copiesLeft.set(seq, left - 1);
      else copiesLeft.delete(seq);
      const anomaly = RECORD_ANOMALIES[anomalies[i]!];
      const record = anomaly === undefined || disorder === undefined
        ? event
        : disorder.copy(event, anomaly);
      records.push(settledRecord(record, options.sink.topics));
    }
    if (records.length === 0) return;
    if (delivered) options.onDelivered?.(records);
    else options.onFailed?.(records);
  };

  const fail = (error: CliError) => {
    fatal ??= error;
    notify();
  };

  for (let index = 0; index < total; index++) {
    const worker = new Worker(options.module ?? WORKER_MODULE, { type: "module" });
    const member: Member = {
      worker,
      counts: ZERO,
      unanswered: 0,
      ready: false,
      closed: false,
      dead: false,
    };
    members.push(member);
    const name = `worker ${index + 1} of ${total}`;
    worker.onerror = (e: ErrorEvent) => {
      e.preventDefault();
      member.dead = true;
      worker.terminate();
      fail(new CliError(`${name} stopped unexpectedly: ${e.message}`, ExitCode.Failure));
    };
    worker.onmessageerror = () => {
      member.dead = true;
      worker.terminate();
      fail(new CliError(`${name} sent a message that could not be read`, ExitCode.Failure));
    };
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      const message = e.data;
      switch (message.type) {
        case "ready":
          member.ready = true;
          break;
        case "died":
          member.dead = true;
          worker.terminate();
          fail(new CliError(`${name} stopped unexpectedly: ${message.message}`, ExitCode.Failure));
          break;
        case "failed":
          member.dead = !member.ready;
          fail(new CliError(message.message, message.exitCode));
          break;
        case "written":
          member.unanswered--;
          member.counts = message.counts;
          break;
        case "settled":
          member.counts = message.counts;
          settle(message.seqs, message.anomalies, message.delivered);
          break;
        case "outage":
          member.counts = message.counts;
          options.onOutage?.(message.down);
          break;
        case "counts":
          member.counts = message.counts;
          break;
        case "log":
          logAt(message.category, message.level, message.message);
          break;
        case "closed":
          member.counts = message.counts;
          member.closed = true;
          worker.terminate();
          break;
      }
      notify();
    };
    const init: WorkerInit = {
      type: "init",
      index,
      total,
      share: options.shares[index]!,
      generator: options.generator,
      sink: options.sink,
      settings: options.settings,
      partitions: options.partitions,
      logLevel: options.logLevel,
      disorder: options.disorder &&
        { settings: options.disorder.settings, seed: options.disorder.seed },
      dieAfterSteps: options.dieAfter?.worker === index ? options.dieAfter.steps : undefined,
    };
    worker.postMessage(init);
  }

  /** Resolves when `condition` holds, a worker failed (if `orFailure`), or `signal` aborts. */
  const waitFor = (
    condition: () => boolean,
    signal?: AbortSignal,
    orFailure = true,
  ): Promise<void> => {
    const failed = () => orFailure && fatal !== undefined;
    if (condition() || failed() || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const check = () => {
        if (!condition() && !failed()) return false;
        done();
        return true;
      };
      const onAbort = () => {
        waiters = waiters.filter((w) => w !== check);
        done();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      waiters.push(check);
    });
  };

  const terminateAll = () => {
    for (const m of members) if (!m.closed) m.worker.terminate();
  };

  await waitFor(() => members.every((m) => m.ready), signal);
  if (fatal !== undefined || signal.aborted) {
    terminateAll();
    throw fatal ?? new CliError("stopped while the workers were connecting", ExitCode.Failure);
  }
  log.info(
    `${total} workers connected, channels ${
      options.shares.map((share, i) => `${i + 1}: ${share.join(",")}`).join(" | ")
    }`,
  );

  let closing: Promise<void> | undefined;
  const sink: EventSink = {
    async write(_batch, signal) {
      if (fatal !== undefined) throw fatal;
      const steps = options.recorder.take();
      if (steps.count === 0) return;
      for (let k = 0; k < steps.count; k++) {
        const event = steps.events[k]!;
        if (!owned.has(event.channel)) continue;
        const seq = steps.seq0 + k;
        pending.set(seq, event);
        if (disorder !== undefined) {
          const copies = disorder.account(event);
          if (copies > 1) copiesLeft.set(seq, copies);
        }
      }
      for (const m of members) {
        m.unanswered++;
        m.worker.postMessage({
          type: "steps",
          seq0: steps.seq0,
          count: steps.count,
          ats: steps.ats,
        });
      }
      // One steps message may wait in each worker while it works on the other: generation here
      // and there overlap.
      await waitFor(() => members.every((m) => m.unanswered <= 1), signal);
      if (fatal !== undefined) throw fatal;
    },
    close(timeoutMs = Infinity) {
      closing ??= (async () => {
        for (const m of members) {
          if (!m.dead) m.worker.postMessage({ type: "close", timeoutMs });
        }
        const limit = new AbortController();
        const timer = Number.isFinite(timeoutMs)
          ? setTimeout(() => limit.abort(), timeoutMs + CLOSE_GRACE_MS)
          : undefined;
        // A failed worker does not end the wait for the others: they flush what they have.
        await waitFor(() => members.every((m) => m.closed || m.dead), limit.signal, false);
        clearTimeout(timer);
        terminateAll();
      })();
      return closing;
    },
    counts() {
      return sum(members.map((m) => m.counts));
    },
    partitionCounts: options.partitions,
    [Symbol.asyncDispose]: () => sink.close(),
  };
  return sink;
}

function logAt(category: readonly string[], level: LogLevel, message: string): void {
  const logger = getLogger([...category]);
  switch (level) {
    case "trace":
    case "debug":
      return logger.debug("{message}", { message });
    case "info":
      return logger.info("{message}", { message });
    case "warning":
      return logger.warn("{message}", { message });
    case "error":
      return logger.error("{message}", { message });
    case "fatal":
      return logger.fatal("{message}", { message });
  }
}

/** The workers' counts as one sink's: sums, and an outage while any worker sees one. */
function sum(all: readonly DeliveryCounts[]): DeliveryCounts {
  const deliveredByTopic: Record<string, number> = {};
  let accepted = 0, delivered = 0, failed = 0, outages = 0, outageMs = 0, kafkaDown = false;
  for (const c of all) {
    accepted += c.accepted;
    delivered += c.delivered;
    failed += c.failed;
    // Every worker sees the same outage of the cluster: counted once, at its longest.
    outages = Math.max(outages, c.outages);
    outageMs = Math.max(outageMs, c.outageMs);
    kafkaDown ||= c.kafkaDown;
    for (const [topic, n] of Object.entries(c.deliveredByTopic)) {
      deliveredByTopic[topic] = (deliveredByTopic[topic] ?? 0) + n;
    }
  }
  return { accepted, delivered, failed, deliveredByTopic, outages, outageMs, kafkaDown };
}
