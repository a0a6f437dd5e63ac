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
  readonly #fingerprints = new Fingerprints();
  readonly #run: ManifestRun;
  readonly #topics: Readonly<Record<Kind, string>>;
  readonly #encoder = new TextEncoder();
  #accepted = 0;
  #rows = 0;

  private constructor(
    dir: string,
    file: Deno.FsFile,
    run: ManifestRun,
    topics: Readonly<Record<Kind, string>>,
  ) {
    this.#dir = dir;
    this.#file = file;
    this.#run = run;
    this.#topics = topics;
    this.#windows = new TruthWindows(run.windowSeconds * 1000);
  }

  /** Creates DIR if needed and starts windows.csv; fails (exit 5) before anything is produced. */
  static open(
    dir: string,
    run: ManifestRun,
    topics: Readonly<Record<Kind, string>>,
  ): TruthWriter {
    let file: Deno.FsFile;
    try {
      Deno.mkdirSync(dir, { recursive: true });
      file = Deno.openSync(`${dir}/windows.csv`, { write: true, create: true, truncate: true });
    } catch (error) {
      throw new FileError(`--truth ${dir}: cannot write there (${describe(error)})`);
    }
    const writer = new TruthWriter(dir, file, run, topics);
    writer.#write(TRUTH_HEADER + "\n");
    writer.#writeManifest(false);
    return writer;
  }

  /** Events handed to the sink. */
  accepted(events: readonly GeneratedEvent[]): void {
    this.#accepted += events.length;
    this.#windows.accepted(events);
  }

  /** Kafka acknowledged (or gave up on) these records. */
  settledRecords(records: readonly SettledRecord[], delivered: boolean): void {
    const events: GeneratedEvent[] = [];
    for (const record of records) {
      if (record.event === undefined) continue;
      events.push(record.event);
      if (delivered) this.#fingerprints.add(record.topic, record.value, record.event);
    }
    this.#settle(events, delivered);
  }

  /** Events written where writing is delivering (stdout). */
  settledEvents(events: readonly GeneratedEvent[]): void {
    for (const event of events) {
      this.#fingerprints.add(this.#topics[event.kind], JSON.stringify(event.value), event);
    }
    this.#settle(events, true);
  }

  /** Writes the rest and the final manifest. Events never settled are left out of the truth. */
  finish(): { readonly rows: number; readonly dir: string } {
    this.#append(this.#windows.rest());
    this.#writeManifest(true);
    this.#file.close();
    return { rows: this.#rows, dir: this.#dir };
  }

  #settle(events: readonly GeneratedEvent[], delivered: boolean): void {
    this.#windows.settled(events, delivered);
    this.#append(this.#windows.closed());
  }

  #append(rows: readonly TruthRow[]): void {
    if (rows.length === 0) return;
    let text = "";
    for (const row of rows) text += truthCsvLine(row) + "\n";
    this.#rows += rows.length;
    this.#write(text);
  }

  #write(text: string): void {
    const bytes = this.#encoder.encode(text);
    try {
      let done = 0;
      while (done < bytes.length) done += this.#file.writeSync(bytes.subarray(done));
    } catch (error) {
      throw new FileError(`--truth ${this.#dir}: ${describe(error)}`);
    }
  }

  #writeManifest(complete: boolean): void {
    const notAcknowledged = complete ? this.#accepted - this.#fingerprints.count : 0;
    const manifest = this.#fingerprints.manifest(this.#run, notAcknowledged, complete);
    try {
      const path = `${this.#dir}/manifest.json`;
      Deno.writeTextFileSync(`${path}.tmp`, JSON.stringify(manifest, null, 2) + "\n");
      Deno.renameSync(`${path}.tmp`, path);
    } catch (error) {
      throw new FileError(`--truth ${this.#dir}: ${describe(error)}`);
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
