import type { OutStream } from './types.js';

const BAR = 24;

/**
 * A one-line progress indicator on stderr, only when stderr is a terminal (never in logs or
 * pipes). It redraws at most every 100 ms, and from tick() rather than a timer: scoring in this
 * thread keeps the event loop busy, so a timer would not fire.
 */
export class Progress {
  private rows = 0;
  private errors = 0;
  private bytes = 0;
  private last = 0;
  private shown = false;
  private readonly started = Date.now();

  constructor(
    private readonly stream: OutStream,
    private readonly enabled: boolean,
    private readonly totalBytes?: number,
  ) {}

  addBytes(n: number): void {
    this.bytes += n;
  }

  tick(isError: boolean): void {
    this.rows++;
    if (isError) this.errors++;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    this.draw(now);
  }

  private draw(now: number): void {
    const secs = Math.max(0.001, (now - this.started) / 1000);
    const rate = `${Math.round(this.rows / secs)}/s`;
    let bar = '';
    if (this.totalBytes) {
      const f = Math.min(1, this.bytes / this.totalBytes);
      const full = Math.round(f * BAR);
      bar = `[${'#'.repeat(full)}${'.'.repeat(BAR - full)}] ${String(Math.floor(f * 100)).padStart(3)}% `;
    }
    const text = `${bar}${this.rows} records${this.errors ? `, ${this.errors} errors` : ''}, ${rate}`;
    (this.stream as NodeJS.WritableStream).write(`\r\u001b[K${text}`);
    this.shown = true;
  }

  /** Clears the line, so that the summary starts clean. */
  done(): void {
    if (this.shown) (this.stream as NodeJS.WritableStream).write('\r\u001b[K');
    this.shown = false;
  }
}
