/**
 * stderr shared by log lines and a live one-line progress display: a log line first clears the
 * progress line, then the progress line is drawn again below it.
 */
export class StatusLine {
  readonly #write: (text: string) => void;
  readonly enabled: boolean;
  #current = "";

  constructor(write: (text: string) => void, enabled: boolean) {
    this.#write = write;
    this.enabled = enabled;
  }

  /** Writes a whole line (ending in \n) above the progress line. */
  log(line: string): void {
    if (this.#current === "") return this.#write(line);
    this.#write(`\r\x1b[2K${line}${this.#current}`);
  }

  update(text: string): void {
    if (!this.enabled) return;
    this.#current = text;
    this.#write(`\r\x1b[2K${text}`);
  }

  clear(): void {
    if (this.#current === "") return;
    this.#current = "";
    this.#write("\r\x1b[2K");
  }
}
