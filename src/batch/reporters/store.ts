import { closeSync, createReadStream, openSync, unlinkSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitLines } from '../read/lines.js';
import type { CompactRow } from './common.js';

/**
 * Rows kept in memory before the store moves them to a temporary file. Few: rows held in the main
 * thread survive its young-generation collections and make V8 grow it (keeping 5,000 cost 16 MB of
 * peak memory on 10,000 answers; 256 costs nothing measurable), while small runs need no file.
 */
const IN_MEMORY = 256;
const WRITE_EVERY = 256;

/**
 * The rows a report needs again at its end (csv, junit, markdown and table write nothing until the
 * last row is in: their head depends on all rows). A few stay in memory; past that they go to a
 * temporary file as JSON lines, so that a run's memory does not grow with its number of records,
 * and are read back in order at the end. dispose() removes the file (also on abort).
 */
export class RowStore {
  private mem: CompactRow[] = [];
  private pending: string[] = [];
  private fd: number | undefined;
  private path: string | undefined;
  count = 0;

  constructor(private readonly limit = IN_MEMORY) {}

  add(row: CompactRow): void {
    this.count++;
    if (this.fd === undefined) {
      if (this.mem.length < this.limit) {
        this.mem.push(row);
        return;
      }
      this.path = join(tmpdir(), `answer-eval-rows-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
      this.fd = openSync(this.path, 'w', 0o600);
      for (const r of this.mem) this.pending.push(JSON.stringify(r));
      this.mem = [];
    }
    this.pending.push(JSON.stringify(row));
    if (this.pending.length >= WRITE_EVERY) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || !this.pending.length) return;
    writeSync(this.fd, `${this.pending.join('\n')}\n`);
    this.pending = [];
  }

  /** Every row, in the order added. The store is emptied (and its file removed) once they are read. */
  async *rows(): AsyncGenerator<CompactRow> {
    if (this.fd === undefined) {
      const rows = this.mem;
      this.mem = [];
      yield* rows;
      return;
    }
    this.flush();
    closeSync(this.fd);
    this.fd = undefined;
    try {
      for await (const l of splitLines(createReadStream(this.path!), Number.MAX_SAFE_INTEGER)) if (l.text) yield JSON.parse(l.text) as CompactRow;
    } finally {
      this.dispose();
    }
  }

  dispose(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.path) {
      try {
        unlinkSync(this.path);
      } catch {
        // already gone
      }
      this.path = undefined;
    }
    this.mem = [];
    this.pending = [];
  }

  /** Where rows are spilled, if they are (for tests and clean-up on interruption). */
  get file(): string | undefined {
    return this.path;
  }
}
