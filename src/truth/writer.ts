/**
 * The truth directory of a produce run (`--truth DIR`): windows.csv, appended as windows close so
 * a live run's truth can be read while it runs, and manifest.json, rewritten at the end with
 * `complete: true`. The edge around the pure TruthWindows and Fingerprints.
 */
import type { Kind } from "../config/topics.ts";
import { FileError } from "../errors.ts";
import type { GeneratedEvent } from "../generator/types.ts";
import { Fingerprints, type ManifestRun } from "./manifest.ts";
import { TRUTH_HEADER, truthCsvLine, type TruthRow, TruthWindows } from "./windows.ts";

/** A record as the Kafka sink reports it: the event and the exact value sent. */
export interface SettledRecord {
  readonly topic: string;
  readonly value: string;
  readonly event?: GeneratedEvent | undefined;
}

export class TruthWriter {
  readonly #dir: string;
  readonly #file: Deno.FsFile;
  readonly #windows: TruthWindows;
  /** With --truth-lateness: what a pipeline dropping events later than that keeps. */
  readonly #ontime: TruthWindows | undefined;
  readonly #ontimeFile: Deno.FsFile | undefined;
  /** ids.csv: `topic,id` of every acknowledged event, once (verify --kafka's expected ids). */
  readonly #idsFile: Deno.FsFile;
  #ids = "";
  readonly #latenessMs: number;
  /** The largest timestamp sent so far per topic-partition (the source's view of event time). */
  readonly #maxSeen = new Map<string, number>();
  #partitionOf: (topic: string, key: string) => number = () => 0;
  /** Acknowledged injected records, per anomaly and topic. */
  readonly #anomalies: Record<string, Record<string, number>> = {};
  readonly #fingerprints = new Fingerprints();
  readonly #run: ManifestRun;
  readonly #topics: Readonly<Record<Kind, string>>;
  readonly #encoder = new TextEncoder();
  #accepted = 0;
  #rows = 0;

  private constructor(
    dir: string,
    file: Deno.FsFile,
    ontimeFile: Deno.FsFile | undefined,
    idsFile: Deno.FsFile,
    run: ManifestRun,
    topics: Readonly<Record<Kind, string>>,
  ) {
    this.#dir = dir;
    this.#file = file;
    this.#ontimeFile = ontimeFile;
    this.#idsFile = idsFile;
    this.#run = run;
    this.#topics = topics;
    this.#windows = new TruthWindows(run.windowSeconds * 1000);
    this.#latenessMs = (run.latenessSeconds ?? 0) * 1000;
    this.#ontime = ontimeFile === undefined
      ? undefined
      : new TruthWindows(run.windowSeconds * 1000);
  }

  /** Creates DIR if needed and starts windows.csv; fails (exit 5) before anything is produced. */
  static open(
    dir: string,
    run: ManifestRun,
    topics: Readonly<Record<Kind, string>>,
  ): TruthWriter {
    let file: Deno.FsFile;
    let ontime: Deno.FsFile | undefined;
    let ids: Deno.FsFile;
    const options = { write: true, create: true, truncate: true };
    try {
      Deno.mkdirSync(dir, { recursive: true });
      file = Deno.openSync(`${dir}/windows.csv`, options);
      ids = Deno.openSync(`${dir}/ids.csv`, options);
      if (run.latenessSeconds !== undefined) {
        ontime = Deno.openSync(`${dir}/windows_ontime.csv`, options);
      } else {
        // An earlier run's on-time truth would not belong to this one.
        try {
          Deno.removeSync(`${dir}/windows_ontime.csv`);
        } catch (error) {
          if (!(error instanceof Deno.errors.NotFound)) throw error;
        }
      }
    } catch (error) {
      throw new FileError(`--truth ${dir}: cannot write there (${describe(error)})`);
    }
    const writer = new TruthWriter(dir, file, ontime, ids, run, topics);
    writer.#write(TRUTH_HEADER + "\n");
    writer.#write("topic,id\n", ids);
    if (ontime !== undefined) writer.#write(TRUTH_HEADER + "\n", ontime);
    writer.#writeManifest(false);
    return writer;
  }

  /** How records spread over partitions (the on-time truth follows each partition's order). */
  usePartitions(partitionOf: (topic: string, key: string) => number): void {
    this.#partitionOf = partitionOf;
  }

  /** Events generated and handed on (before any disorder). */
  accepted(events: readonly GeneratedEvent[]): void {
    this.#accepted += events.length;
    this.#windows.accepted(events);
    this.#ontime?.accepted(events);
  }

  /** Kafka acknowledged (or gave up on) these records, in the order they were sent. */
  settledRecords(records: readonly SettledRecord[], delivered: boolean): void {
    for (const record of records) {
      if (record.event !== undefined) {
        this.#settleOne(record.topic, record.value, record.event, delivered);
      }
    }
    this.#flushClosed();
  }

  /** Records written where writing is delivering (stdout), in order. */
  settledEvents(events: readonly GeneratedEvent[]): void {
    for (const event of events) {
      const value = event.malformed?.value ?? JSON.stringify(event.value);
      this.#settleOne(this.#topics[event.kind], value, event, true);
    }
    this.#flushClosed();
  }

  #settleOne(topic: string, value: string, event: GeneratedEvent, delivered: boolean): void {
    if (delivered) this.#fingerprints.add(topic, value, event);
    const anomaly = event.anomaly;
    if (delivered && anomaly !== undefined) {
      const byTopic = this.#anomalies[anomaly] ??= {};
      byTopic[topic] = (byTopic[topic] ?? 0) + 1;
    }
    // Where the source's event time stands in this record's partition, before this record.
    const partition = `${topic}/${this.#partitionOf(topic, event.channel)}`;
    const seen = this.#maxSeen.get(partition) ?? -Infinity;
    // A record with a readable timestamp moves it (malformed ones other than a wrong header
    // carry none a pipeline can read).
    const readable = anomaly !== "malformed" || event.malformed?.eventType !== "";
    if (delivered && readable && event.timestampMs > seen) {
      this.#maxSeen.set(partition, event.timestampMs);
    }
    if (anomaly === "duplicate" || anomaly === "malformed") return;
    if (delivered) this.#ids += `${topic},${event.id}\n`;
    this.#windows.settled([event], delivered);
    if (this.#ontime !== undefined) {
      // The window's last millisecond must be after the watermark (Flink fires a window once
      // the watermark reaches its end minus 1 ms).
      const lastMs = this.#ontime.windowOf(event.timestampMs) + this.#ontime.windowMs - 1;
      const onTime = lastMs > seen - this.#latenessMs;
      this.#ontime.settled([event], delivered && onTime);
    }
  }

  /** Writes the rest and the final manifest. Events never settled are left out of the truth. */
  finish(
    disorder?: Readonly<Record<string, unknown>>,
  ): { readonly rows: number; readonly dir: string } {
    this.#append(this.#windows.rest());
    if (this.#ontime !== undefined) this.#append(this.#ontime.rest(), this.#ontimeFile);
    this.#writeManifest(true, disorder);
    this.#flushClosed();
    this.#file.close();
    this.#ontimeFile?.close();
    this.#idsFile.close();
    return { rows: this.#rows, dir: this.#dir };
  }

  #flushClosed(): void {
    if (this.#ids.length > 0) {
      this.#write(this.#ids, this.#idsFile);
      this.#ids = "";
    }
    this.#append(this.#windows.closed());
    if (this.#ontime !== undefined) this.#append(this.#ontime.closed(), this.#ontimeFile);
  }

  #append(rows: readonly TruthRow[], file: Deno.FsFile = this.#file): void {
    if (rows.length === 0) return;
    let text = "";
    for (const row of rows) text += truthCsvLine(row) + "\n";
    if (file === this.#file) this.#rows += rows.length;
    this.#write(text, file);
  }

  #write(text: string, file: Deno.FsFile = this.#file): void {
    const bytes = this.#encoder.encode(text);
    try {
      let done = 0;
      while (done < bytes.length) done += file.writeSync(bytes.subarray(done));
    } catch (error) {
      throw new FileError(`--truth ${this.#dir}: ${describe(error)}`);
    }
  }

  #writeManifest(complete: boolean, disorder?: Readonly<Record<string, unknown>>): void {
    const notAcknowledged = complete ? this.#accepted - this.#fingerprints.count : 0;
    const manifest = {
      ...this.#fingerprints.manifest(this.#run, notAcknowledged, complete),
      ...(disorder === undefined
        ? {}
        : { disorder: { ...disorder, acknowledged: this.#anomalies } }),
    };
    try {
      const path = `${this.#dir}/manifest.json`;
      Deno.writeTextFileSync(`${path}.tmp`, JSON.stringify(manifest, null, 2) + "\n");
      Deno.renameSync(`${path}.tmp`, path);
    } catch (error) {
      throw new FileError(`--truth ${this.#dir}: ${describe(error)}`);
    }
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
