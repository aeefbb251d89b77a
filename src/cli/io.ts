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

const FLUSH_AT = 64 * 1024;

/** Collects pieces (strings or UTF-8 bytes) into one buffer per FLUSH_AT bytes: one write call each. */
class Buffered {
  private parts: Uint8Array[] = [];
  private size = 0;

  /** Copies the piece: a row's bytes live in a buffer that is reused once the next row is read. */
  add(piece: string | Uint8Array): boolean {
    const b = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece);
    if (b.length) {
      this.parts.push(b);
      this.size += b.length;
    }
    return this.size >= FLUSH_AT;
  }

  take(): Buffer | undefined {
    if (!this.size) return undefined;
    const out = Buffer.concat(this.parts, this.size);
    this.parts = [];
    this.size = 0;
    return out;
  }
}

/** Buffered writes to a stream (stdout), waiting for 'drain' when the reader is slower than we are. */
export class StreamSink implements Sink {
  private readonly buf = new Buffered();
  constructor(private readonly stream: OutStream) {}

  async write(piece: string | Uint8Array): Promise<void> {
    if (this.buf.add(piece)) await this.flush();
  }

  private async flush(): Promise<void> {
    const b = this.buf.take();
    if (b && !(this.stream as NodeJS.WritableStream).write(b)) await once(this.stream as NodeJS.EventEmitter, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
  }

  async abort(): Promise<void> {
    await this.flush();
  }
}

/**
 * --out FILE: everything goes to a temporary file in the same directory (so that the final rename
 * stays on one file system and is atomic), which replaces FILE only once the report is complete.
 * An interrupted or failed run removes the temporary file and leaves FILE as it was.
 */
export class AtomicFileSink implements Sink {
  private readonly buf = new Buffered();
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
    if (this.buf.add(piece)) await this.flush();
  }

  private async flush(): Promise<void> {
    const b = this.buf.take();
    if (b) await this.handle.write(b);
  }

  async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await this.flush();
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
    this.buf.take();
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
