/**
 * Event time. The generator keeps time in whole epoch microseconds (exact in a double until
 * year 2255) so that uptimes and orderings computed from the emitted strings agree exactly with
 * the model, and formats `2025-10-16T10:30:00.123456Z` without building a Date per event.
 */

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const US_PER_MINUTE = 60 * US_PER_SECOND;
export const US_PER_HOUR = 60 * US_PER_MINUTE;
export const US_PER_DAY = 24 * US_PER_HOUR;

/** Epoch milliseconds (possibly fractional, as a paced schedule gives) → whole microseconds. */
export function toMicros(epochMs: number): number {
  return Math.floor(epochMs * US_PER_MS);
}

/** The UTC day number of a time: changes at every UTC midnight. */
export function utcDay(us: number): number {
  return Math.floor(us / US_PER_DAY);
}

const SECONDS_PER_DAY = 86_400;

/** Char codes of the hundreds, tens and units digit of 0–999. */
const HUNDREDS = Uint8Array.from({ length: 1000 }, (_, i) => 48 + Math.floor(i / 100));
const TENS = Uint8Array.from({ length: 1000 }, (_, i) => 48 + (Math.floor(i / 10) % 10));
const UNITS = Uint8Array.from({ length: 1000 }, (_, i) => 48 + (i % 10));

/**
 * Formats microsecond times as flat strings (see `flat` in random.ts for why), remembering the
 * last second's `YYYY-MM-DDTHH:MM:SS.` prefix as char codes and the last string made.
 */
export class TimestampFormatter {
  #second = Number.NaN;
  #day = Number.NaN;
  readonly #prefix: number[] = new Array<number>(20).fill(48);
  #lastUs = Number.NaN;
  #last = "";

  /** RFC 3339 UTC with six fractional digits, e.g. `2025-10-16T10:30:00.123456Z`. */
  format(us: number): string {
    if (us === this.#lastUs) return this.#last;
    const second = Math.floor(us / US_PER_SECOND);
    const p = this.#prefix;
    if (second !== this.#second) {
      // A Date only when the day changes: at a few events per second (a realistic world) most
      // events fall in a new second, and toISOString() would dominate the cost of formatting.
      const day = Math.floor(second / SECONDS_PER_DAY);
      if (day !== this.#day) {
        const iso = new Date(day * SECONDS_PER_DAY * 1000).toISOString();
        if (iso.length !== 24) {
          throw new RangeError(`event time must lie in years 0000–9999, got ${iso}`);
        }
        this.#day = day;
        for (let i = 0; i < 11; i++) p[i] = iso.charCodeAt(i);
      }
      const ofDay = second - day * SECONDS_PER_DAY;
      const hours = Math.floor(ofDay / 3600);
      const minutes = Math.floor(ofDay / 60) % 60;
      const seconds = ofDay % 60;
      p[11] = TENS[hours]!;
      p[12] = UNITS[hours]!;
      p[13] = 58; // :
      p[14] = TENS[minutes]!;
      p[15] = UNITS[minutes]!;
      p[16] = 58;
      p[17] = TENS[seconds]!;
      p[18] = UNITS[seconds]!;
      p[19] = 46; // .
      this.#second = second;
    }
    const within = us - second * US_PER_SECOND;
    const ms = (within / US_PER_MS) | 0;
    const micro = within - ms * US_PER_MS;
    const text = String.fromCharCode(
      p[0]!,
      p[1]!,
      p[2]!,
      p[3]!,
      p[4]!,
      p[5]!,
      p[6]!,
      p[7]!,
      p[8]!,
      p[9]!,
      p[10]!,
      p[11]!,
      p[12]!,
      p[13]!,
      p[14]!,
      p[15]!,
      p[16]!,
      p[17]!,
      p[18]!,
      p[19]!,
      HUNDREDS[ms]!,
      TENS[ms]!,
      UNITS[ms]!,
      HUNDREDS[micro]!,
      TENS[micro]!,
      UNITS[micro]!,
      90, // Z
    );
    this.#lastUs = us;
    this.#last = text;
    return text;
  }
}

/** `2025-10-16T10:30:00.123456Z` → epoch microseconds (for tests and checks). */
export function parseMicros(timestamp: string): number {
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?Z$/.exec(timestamp);
  if (!match) throw new RangeError(`not a UTC timestamp with microseconds: ${timestamp}`);
  const seconds = Date.parse(match[1]! + "Z");
  return seconds * US_PER_MS + Number((match[2] ?? "").padEnd(6, "0"));
}
