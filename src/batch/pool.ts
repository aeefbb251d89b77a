import { Worker } from 'node:worker_threads';
import { AnswerEvalError, type ErrorCode } from '../errors.js';
import type { BatchConfig, BatchItem, RowBrief } from './types.js';
import type { ToWorker, WorkerReply } from './worker.js';

export interface ChunkResult {
  bytes: Uint8Array;
  ends: number[];
  briefs: RowBrief[];
}

interface Pending {
  resolve: (out: ChunkResult) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
}

/**
 * Default heap limits of a worker. Scoring keeps ~27 MB live (lexicons, compiled rubrics,
 * compromise when it is needed); without limits V8 lets each worker's heap grow to several times
 * that, and with three isolates (main + 2 workers) a run of 10,000 answers passes 230 MB. With any
 * limit V8 sizes the heap for a small device: ~33 MB less per worker, for ~8% more CPU time
 * (measured with bench/batch.mjs and 3,000 answers on one worker). A worker that still runs out of
 * memory (a pathological answer) is replaced by scoring its chunk in the main thread (WorkerCrash).
 */
export const DEFAULT_WORKER_LIMITS = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 48 };

/** A worker died (out of memory, a crash in native code): its chunks must be scored elsewhere. */
export class WorkerCrash extends Error {
  override readonly name = 'WorkerCrash';
}

/**
 * A fixed set of worker threads fed chunks of items. node:worker_threads is used directly: the
 * batch needs only "post a chunk to the least busy worker, get its rows back", with ordering done
 * by the caller, plus per-worker heap limits and crash handling, which is less code than adapting a
 * general pool (piscina, tinypool) and adds no dependency to a library that is otherwise light.
 */
export class WorkerPool {
  private readonly slots: Slot[];
  private nextId = 0;
  private closed = false;

  private constructor(slots: Slot[]) {
    this.slots = slots;
  }

  /** Workers still alive. */
  get size(): number {
    return this.slots.filter((s) => s.alive).length;
  }

  static async start(size: number, url: URL, config: BatchConfig, limits: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number } | false = DEFAULT_WORKER_LIMITS): Promise<WorkerPool> {
    const slots: Slot[] = [];
    const ready: Promise<void>[] = [];
    for (let i = 0; i < size; i++) {
      // stdout: true keeps a worker's console output (e.g. from a custom scorer) off our stdout,
      // where it would corrupt JSON output; it is forwarded to stderr instead.
      const worker = new Worker(url, { workerData: { config }, stdout: true, ...(limits ? { resourceLimits: limits } : {}) });
      worker.stdout.on('data', (d: Buffer) => process.stderr.write(d));
      const slot: Slot = { worker, pending: new Map(), alive: true };
      slots.push(slot);
      ready.push(
        new Promise<void>((resolve, reject) => {
          const onFirst = (msg: WorkerReply) => {
            if (msg.type === 'ready') resolve();
            else if (msg.type === 'fatal') reject(new AnswerEvalError((msg.code as ErrorCode) ?? 'SCORER_INVALID', msg.message));
          };
          worker.once('message', onFirst);
          worker.once('error', reject);
          worker.once('exit', (code) => reject(new AnswerEvalError('SCORER_FAILED', `A worker thread exited while starting (code ${code}).`)));
        }),
      );
    }
    const pool = new WorkerPool(slots);
    for (const slot of slots) pool.wire(slot);
    try {
      await Promise.all(ready);
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  private wire(slot: Slot): void {
    slot.worker.on('message', (msg: WorkerReply) => {
      if (msg.type !== 'done') return;
      const p = slot.pending.get(msg.id);
      if (!p) return;
      slot.pending.delete(msg.id);
      p.resolve({ bytes: msg.bytes, ends: msg.ends, briefs: JSON.parse(msg.briefs) as RowBrief[] });
    });
    const fail = (why: string) => {
      if (!slot.alive) return;
      slot.alive = false;
      for (const p of slot.pending.values()) p.reject(new WorkerCrash(why));
      slot.pending.clear();
      if (!this.closed) void slot.worker.terminate();
    };
    slot.worker.on('error', (e) => fail(`a worker thread failed: ${e.message}`));
    slot.worker.on('exit', (code) => {
      if (!this.closed) fail(`a worker thread exited unexpectedly (code ${code})`);
    });
  }

  /** Scores a chunk on the least busy live worker. Rejects with WorkerCrash when that worker dies (or none is left). */
  run(items: BatchItem[]): Promise<ChunkResult> {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.alive && (!best || s.pending.size < best.pending.size)) best = s;
    if (!best) return Promise.reject(new WorkerCrash('no worker thread is left'));
    const slot = best;
    const id = this.nextId++;
    return new Promise<ChunkResult>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject });
      slot.worker.postMessage({ type: 'chunk', id, items } satisfies ToWorker);
    });
  }

  /** Hands a chunk's buffer back to a worker, once nothing reads it any more. */
  recycle(buffer: ArrayBuffer): void {
    const slot = this.slots.find((s) => s.alive);
    if (slot && !this.closed) slot.worker.postMessage({ type: 'recycle', buffer } satisfies ToWorker, [buffer]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
