import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { unlinkSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AnswerEvalError } from '../errors.js';
import type { CliIo, OutStream } from './types.js';

/** Where a report goes. Writes are buffered and honour back-pressure, so memory stays flat on any output size. */
export interface Sink {
  write(text: string | Uint8Array): Promise<void>;
  /** Flushes; for a file, moves it into place. */
  close(): Promise<void>;
  /** Gives up: for a file, removes the partial temporary file so that nothing half-written is left. */
  abort(): Promise<void>;
}

const CAPACITY = 256 * 1024;

/**
 * One reusable buffer that pieces (strings, or a row's UTF-8 bytes, which are copied because their
 * buffer is reused once the next row is read) are copied into, written out when full. Nothing is
 * allocated per row or per write: with thousands of rows, per-row buffers fragment the heap and the
 * process's memory creeps up for nothing.
 */
class Buffered {
  private readonly buf = Buffer.allocUnsafe(CAPACITY);
  private used = 0;

  constructor(private readonly out: (chunk: Uint8Array) => Promise<void>) {}

  async add(piece: string | Uint8Array): Promise<void> {
    const size = typeof piece === 'string' ? Buffer.byteLength(piece) : piece.length;
    if (this.used + size > CAPACITY) await this.flush();
    if (size > CAPACITY) {
      await this.out(typeof piece === 'string' ? Buffer.from(piece) : piece);
      return;
    }
    if (typeof piece === 'string') this.used += this.buf.write(piece, this.used);
    else {
      this.buf.set(piece, this.used);
      this.used += size;
    }
  }

  /** Writes what is buffered; resolves once the buffer may be reused. */
  async flush(): Promise<void> {
    if (!this.used) return;
    const n = this.used;
    this.used = 0;
    await this.out(this.buf.subarray(0, n));
  }

  clear(): void {
    this.used = 0;
  }
}

/** Buffered writes to a stream (stdout); each write is waited for, which is also the back-pressure. */
export class StreamSink implements Sink {
  private readonly buf: Buffered;
  constructor(private readonly stream: OutStream) {
    this.buf = new Buffered(
      (chunk) =>
        new Promise<void>((resolve, reject) => {
          (this.stream as NodeJS.WritableStream).write(chunk, (err?: Error | null) => (err ? reject(err) : resolve()));
        }),
    );
  }

  async write(piece: string | Uint8Array): Promise<void> {
    await this.buf.add(piece);
  }

  async close(): Promise<void> {
    await this.buf.flush();
  }

  async abort(): Promise<void> {
    await this.buf.flush();
  }
}

/**
 * --out FILE: everything goes to a temporary file in the same directory (so that the final rename
 * stays on one file system and is atomic), which replaces FILE only once the report is complete.
 * An interrupted or failed run removes the temporary file and leaves FILE as it was.
 */
export class AtomicFileSink implements Sink {
  private readonly buf = new Buffered(async (chunk) => {
    await this.handle.write(chunk);
  });
  private done = false;
  private unregister: () => void = () => undefined;

  private constructor(
    readonly target: string,
    readonly tmp: string,
    private readonly handle: FileHandle,
  ) {}

  static async open(target: string, io: CliIo): Promise<AtomicFileSink> {
    const abs = resolve(io.cwd, target);
    const tmp = join(dirname(abs), `.${basename(abs)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    let handle: FileHandle;
    try {
      handle = await open(tmp, 'wx');
    } catch (e) {
      throw new AnswerEvalError('FILE_READ', `Cannot write --out ${target}: ${(e as Error).message}`, { cause: e });
    }
    const sink = new AtomicFileSink(abs, tmp, handle);
    if (io.onInterrupt) {
      sink.unregister = io.onInterrupt(() => {
        try {
          unlinkSync(tmp);
        } catch {
          // already gone
        }
      });
    }
    return sink;
  }

  async write(piece: string | Uint8Array): Promise<void> {
    await this.buf.add(piece);
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.buf.flush();
      await this.handle.sync();
      await this.handle.close();
      await rename(this.tmp, this.target);
    } catch (e) {
      await unlink(this.tmp).catch(() => undefined);
      throw new AnswerEvalError('FILE_READ', `Cannot write --out ${this.target}: ${(e as Error).message}`, { cause: e });
    } finally {
      this.unregister();
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.buf.clear();
    await this.handle.close().catch(() => undefined);
    await unlink(this.tmp).catch(() => undefined);
    this.unregister();
  }
}

export async function openSink(out: string | undefined, io: CliIo): Promise<Sink> {
  return out ? AtomicFileSink.open(out, io) : new StreamSink(io.stdout);
}

/** Writes to a stream and waits until it accepted the text (for small outputs such as help). */
export async function writeOut(stream: OutStream, text: string): Promise<void> {
  if (!text) return;
  if (!(stream as NodeJS.WritableStream).write(text)) await once(stream as NodeJS.EventEmitter, 'drain');
}
