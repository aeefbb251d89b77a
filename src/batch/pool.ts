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
  /** Time limit for the whole chunk, started when the worker begins it (0: none). */
  budgetMs: number;
  timer?: NodeJS.Timeout;
  items: BatchItem[];
  timeoutMs: number;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  alive: boolean;
  /** Resolves once the worker has loaded its rubrics and scorers. */
  ready: Promise<void>;
  started: boolean;
  /** The chunk the worker is scoring now (from its 'start' message), or -1. */
  running: number;
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
 * A chunk ran past its time limit. A synchronous scorer can only be stopped by ending its thread,
 * so the worker is terminated (and replaced); the caller decides which record was too slow.
 */
export class ChunkTimeout extends Error {
  override readonly name = 'ChunkTimeout';
}

/** Replacements allowed per worker slot before the pool stops replacing (a record that kills every thread). */
const MAX_REPLACEMENTS_PER_SLOT = 4;

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
  private replacements = 0;

  private constructor(
    slots: Slot[],
    private readonly url: URL,
    private readonly config: BatchConfig,
    private readonly limits: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number } | undefined,
    private readonly wanted: number,
  ) {
    this.slots = slots;
  }

  /** Workers still alive. */
  get size(): number {
    return this.slots.filter((s) => s.alive).length;
  }

  static async start(size: number, url: URL, config: BatchConfig, limits: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number } | false = DEFAULT_WORKER_LIMITS): Promise<WorkerPool> {
    const pool = new WorkerPool([], url, config, limits === false ? undefined : limits, size);
    for (let i = 0; i < size; i++) pool.slots.push(pool.spawn());
    try {
      await Promise.all(pool.slots.map((s) => s.ready));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  /** Starts one worker thread and wires it. */
  private spawn(): Slot {
    // stdout: true keeps a worker's console output (e.g. from a custom scorer) off our stdout,
    // where it would corrupt JSON output; it is forwarded to stderr instead.
    const worker = new Worker(this.url, { workerData: { config: this.config }, stdout: true, ...(this.limits ? { resourceLimits: this.limits } : {}) });
    worker.stdout.on('data', (d: Buffer) => process.stderr.write(d));
    const slot = { worker, pending: new Map(), alive: true, started: false, running: -1 } as unknown as Slot;
    slot.ready = new Promise<void>((resolve, reject) => {
      const onFirst = (msg: WorkerReply) => {
        if (msg.type === 'ready') {
          slot.started = true;
          resolve();
        } else if (msg.type === 'fatal') reject(new AnswerEvalError((msg.code as ErrorCode) ?? 'SCORER_INVALID', msg.message));
      };
      worker.once('message', onFirst);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new AnswerEvalError('SCORER_FAILED', `A worker thread exited while starting (code ${code}).`)));
    });
    slot.ready.catch(() => undefined);
    this.wire(slot);
    return slot;
  }

  private wire(slot: Slot): void {
    slot.worker.on('message', (msg: WorkerReply) => {
      if (msg.type === 'start') {
        slot.running = msg.id;
        const p = slot.pending.get(msg.id);
        // The chunk's time limit runs from the moment the worker begins it.
        if (p && p.budgetMs > 0) p.timer = setTimeout(() => this.timeout(slot, msg.id), p.budgetMs);
        return;
      }
      if (msg.type !== 'done') return;
      const p = slot.pending.get(msg.id);
      if (!p) return;
      clearTimeout(p.timer);
      slot.pending.delete(msg.id);
      p.resolve({ bytes: msg.bytes, ends: msg.ends, briefs: JSON.parse(msg.briefs) as RowBrief[] });
    });
    slot.worker.on('error', (e) => this.fail(slot, `a worker thread failed: ${e.message}`));
    slot.worker.on('exit', (code) => {
      if (!this.closed) this.fail(slot, `a worker thread exited unexpectedly (code ${code})`);
    });
  }

  /** A dead worker's chunks fail with WorkerCrash, and a new worker takes its place. */
  private fail(slot: Slot, why: string, first?: { id: number; error: Error }): void {
    if (!slot.alive) return;
    slot.alive = false;
    const pending = [...slot.pending];
    slot.pending.clear();
    for (const [, p] of pending) clearTimeout(p.timer);
    if (!this.closed) {
      void slot.worker.terminate();
      if (this.replacements < this.wanted * MAX_REPLACEMENTS_PER_SLOT) {
        this.replacements++;
        const fresh = this.spawn();
        fresh.ready.catch(() => {
          fresh.alive = false;
        });
        this.slots[this.slots.indexOf(slot)] = fresh;
      }
    }
    // The chunk that was being scored fails (the caller scores it elsewhere, or finds the record
    // that was too slow); chunks only queued behind it go to the other or the new workers.
    const culprit = slot.running >= 0 ? slot.running : pending[0]?.[0];
    for (const [id, p] of pending) {
      if (id === culprit || this.closed) p.reject(first && first.id === id ? first.error : new WorkerCrash(why));
      else this.run(p.items, p.timeoutMs).then(p.resolve, p.reject);
    }
  }

  private timeout(slot: Slot, id: number): void {
    const p = slot.pending.get(id);
    if (!p) return;
    this.fail(slot, 'a worker thread was stopped: another chunk on it ran past the time limit', { id, error: new ChunkTimeout(`a chunk ran past ${p.budgetMs} ms`) });
  }

  /**
   * Scores a chunk on the least busy live worker. Rejects with WorkerCrash when that worker dies (or
   * none is left), and with ChunkTimeout when `timeoutMs` per item is given and the chunk runs past it.
   */
  async run(items: BatchItem[], timeoutMs = 0): Promise<ChunkResult> {
    let live = this.slots.filter((s) => s.alive);
    // A replacement that is still starting is awaited rather than skipped.
    if (live.length && !live.some((s) => s.started)) await Promise.race(live.map((s) => s.ready.catch(() => undefined)));
    live = this.slots.filter((s) => s.alive && s.started);
    let best: Slot | undefined;
    for (const s of live) if (!best || s.pending.size < best.pending.size) best = s;
    if (!best) throw new WorkerCrash('no worker thread is left');
    const slot = best;
    const id = this.nextId++;
    return new Promise<ChunkResult>((resolve, reject) => {
      slot.pending.set(id, { resolve, reject, budgetMs: timeoutMs > 0 ? timeoutMs * items.length : 0, items, timeoutMs });
      slot.worker.postMessage({ type: 'chunk', id, items } satisfies ToWorker);
    });
  }

  /** Hands a chunk's buffer back to a worker, once nothing reads it any more. */
  recycle(buffer: ArrayBuffer): void {
    const slot = this.slots.find((s) => s.alive && s.started);
    if (slot && !this.closed) slot.worker.postMessage({ type: 'recycle', buffer } satisfies ToWorker, [buffer]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const s of this.slots) for (const p of s.pending.values()) clearTimeout(p.timer);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
