/**
 * A produce worker (`--workers N`): its own generator, its own idempotent producer, its share of
 * the channels. Started by pool_sink.ts; speaks protocol.ts. Log lines go to the main thread.
 */
/// <reference lib="deno.worker" />
import { configureSync, type LogRecord } from "@logtape/logtape";
import { CliError, ExitCode } from "../../errors.ts";
import { createGenerator } from "../../generator/generate.ts";
import { createRealisticGenerator } from "../../generator/realistic/generator.ts";
import type { GeneratedEvent } from "../../generator/types.ts";
import { openKafkaEventSink } from "../../sinks/kafka.ts";
import type { EventSink } from "../../sinks/types.ts";
import { Disorder } from "../disorder.ts";
import { disorderSink } from "../disorder_sink.ts";
import type { FromWorker, ToWorker, WorkerInit, WorkerSteps } from "./protocol.ts";

/** Each event's number, on the event (copies the disorder stage makes of it carry it along). */
const SEQ = Symbol("seq");
type Numbered = GeneratedEvent & { [SEQ]?: number };

const ANOMALY_CODE = { late: 1, duplicate: 2, malformed: 3 } as const;

const post = (message: FromWorker, transfer: Transferable[] = []) =>
  self.postMessage(message, transfer);

function render(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function forwardLogs(init: WorkerInit): void {
  const suffix = ` (worker ${init.index + 1}/${init.total})`;
  configureSync({
    reset: true,
    sinks: {
      main: (record: LogRecord) =>
        post({
          type: "log",
          level: record.level,
          category: record.category,
          message: record.message.map((p, i) => i % 2 === 0 ? p : render(p)).join("") + suffix,
        }),
    },
    loggers: [
      { category: ["telemetra"], lowestLevel: init.logLevel, sinks: ["main"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: [] },
    ],
  });
}

type Step = (steps: WorkerSteps, keep: (event: GeneratedEvent, seq: number) => void) => void;

function stepper(init: WorkerInit): Step {
  const g = init.generator;
  if (g.profile === "seed") {
    const generator = createGenerator(g.config, g.seed);
    return (steps, keep) => {
      const ats = steps.ats!;
      for (let k = 0; k < steps.count; k++) keep(generator.next(ats[k]!), steps.seq0 + k);
    };
  }
  const world = createRealisticGenerator(g.config, g.seed, g.startMs, {
    speed: g.speed,
    viewerIntervalMs: g.viewerIntervalMs,
  });
  return (steps, keep) => {
    for (let k = 0; k < steps.count; k++) keep(world.next(), steps.seq0 + k);
  };
}

function describe(error: unknown): { message: string; exitCode: number } {
  return {
    message: error instanceof Error ? error.message : String(error),
    exitCode: error instanceof CliError ? error.exitCode : ExitCode.Failure,
  };
}

async function start(init: WorkerInit): Promise<void> {
  forwardLogs(init);
  const mine = new Set(init.share);
  const step = stepper(init);
  const settled = (records: readonly { event?: Numbered }[], delivered: boolean) => {
    const seqs = new Float64Array(records.length);
    const anomalies = new Uint8Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const event = records[i]!.event!;
      seqs[i] = event[SEQ] ?? -1;
      if (event.anomaly !== undefined) anomalies[i] = ANOMALY_CODE[event.anomaly];
    }
    post({ type: "settled", delivered, seqs, anomalies, counts: sink.counts() }, [
      seqs.buffer,
      anomalies.buffer,
    ]);
  };
  // Waiting for room ends when a stop comes: the close flushes what was accepted.
  const stopping = new AbortController();
  let sink: EventSink;
  try {
    sink = await openKafkaEventSink(init.sink, init.settings, stopping.signal, {
      onDelivered: (records) => settled(records, true),
      onFailed: (records) => settled(records, false),
      onOutage(down) {
        post({ type: "outage", down, counts: sink.counts() });
      },
    }, init.partitions);
  } catch (error) {
    post({ type: "failed", ...describe(error) });
    return;
  }
  // Each worker disorders its own events: the decisions are the event id's, so the same
  // events get the same anomalies as in one thread; late ones wait among this worker's events.
  if (init.disorder !== undefined) {
    sink = disorderSink(sink, new Disorder(init.disorder.settings, init.disorder.seed));
  }
  const timer = setInterval(() => post({ type: "counts", counts: sink.counts() }), 250);
  let handled = 0;
  let failed = false;
  // Messages are handled one after the other: a steps message waits for the previous write.
  let chain = Promise.resolve();
  self.onmessage = (e: MessageEvent<ToWorker>) => {
    const message = e.data;
    if (message.type === "steps") {
      chain = chain.then(async () => {
        const batch: GeneratedEvent[] = [];
        step(message, (event: Numbered, seq) => {
          if (!mine.has(event.channel)) return;
          event[SEQ] = seq;
          batch.push(event);
        });
        if (failed) return;
        try {
          if (batch.length > 0) await sink.write(batch, stopping.signal);
        } catch (error) {
          // Kafka gave up for good (the sink logged why): the main thread fails the run.
          failed = true;
          post({ type: "failed", ...describe(error) });
          return;
        }
        post({ type: "written", counts: sink.counts() });
        if (++handled === init.dieAfterSteps) {
          setTimeout(() => {
            throw new Error("stopped on purpose after its steps (a test of worker failure)");
          });
        }
      });
    } else if (message.type === "close") {
      stopping.abort();
      chain = chain.then(async () => {
        await sink.close(message.timeoutMs);
        clearInterval(timer);
        post({ type: "closed", counts: sink.counts() });
      });
    }
  };
  post({ type: "ready" });
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  if (e.data.type === "init") void start(e.data);
};

// Anything this worker did not expect ends it, and the main thread fails the run with one line
// (rather than the runtime printing a stack trace of a thread the user never started).
function die(reason: unknown): void {
  post({ type: "died", message: reason instanceof Error ? reason.message : String(reason) });
  self.close();
}
self.addEventListener("error", (e: ErrorEvent) => {
  e.preventDefault();
  die(e.error ?? e.message);
});
self.addEventListener("unhandledrejection", (e: PromiseRejectionEvent) => {
  e.preventDefault();
  die(e.reason);
});
