import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { AnswerEvalError } from '../errors.js';
import { ChunkTimeout, WorkerPool } from './pool.js';
import type { BatchContext, processItem as ProcessItem } from './process.js';
import type { BatchConfig, BatchItem, BatchRow, ErrorRow, EvaluateManyOptions, ProcessedRow, RowBrief } from './types.js';

const DEFAULT_MIN_WORKER_BATCH = 200;
const DEFAULT_CHUNK_SIZE = 16;
/**
 * Chunks in flight per worker. Rows are yielded in order, so a worker that falls behind holds up
 * the chunks done after its own: a few queued per worker keep the others busy meanwhile. More
 * costs memory in this thread (rows and items waiting survive its young-generation collections,
 * which then grows it): on 10,000 answers with 2 workers, 8 per worker peaked at 188 MB, 3 at 165
 * MB, for the same time.
 */
const CHUNKS_PER_WORKER = 3;
const RECORD_FIELDS = ['id', 'question', 'answer', 'rubric'] as const;

export function isBatchItem(x: unknown): x is BatchItem {
  return !!x && typeof x === 'object' && (x as BatchItem).kind === 'answer-eval/item';
}

/**
 * A caller's record as plain data. Only the fields a record may have are kept, and objects are
 * replaced by empty stand-ins (validation rejects them anyway), so that the item can always be
 * posted to a worker whatever the caller passed.
 */
function toItem(x: unknown, index: number): BatchItem {
  if (isBatchItem(x)) return x;
  const item: BatchItem = { kind: 'answer-eval/item', file: '<input>', line: index + 1 };
  if (x && typeof x === 'object' && !Array.isArray(x)) {
    const rec: Record<string, unknown> = {};
    for (const k of RECORD_FIELDS) {
      if (!(k in x)) continue;
      const v = (x as Record<string, unknown>)[k];
      rec[k] = v === null || (typeof v !== 'object' && typeof v !== 'function') ? v : Array.isArray(v) ? [] : {};
    }
    item.value = rec;
  } else item.value = typeof x === 'function' || typeof x === 'symbol' || typeof x === 'bigint' ? String(typeof x) : x;
  return item;
}

function configOf(o: EvaluateManyOptions): BatchConfig {
  const c: BatchConfig = {};
  if (o.rubric !== undefined) c.rubric = o.rubric;
  if (o.maxLength !== undefined) c.maxLength = o.maxLength;
  if (o.scorerModules?.length) c.scorerModules = [...o.scorerModules];
  c.cwd = o.cwd ?? process.cwd();
  return c;
}

function positiveInt(v: number | undefined, name: string, fallback: number): number {
  if (v === undefined) return fallback;
  if (!Number.isInteger(v) || v < 1) throw new AnswerEvalError('USAGE', `${name} must be a whole number of at least 1, got ${v}.`);
  return v;
}

function defaultWorkerUrl(): URL {
  return new URL('./worker.js', import.meta.url);
}

const decoder = new TextDecoder();

/** The row of a record whose scoring ran past the per-answer time limit. */
function timeoutRow(item: BatchItem, timeoutMs: number): ProcessedRow {
  let id: unknown = (item.value as { id?: unknown } | undefined)?.id;
  if (id === undefined && item.text) {
    try {
      id = (JSON.parse(item.text) as { id?: unknown })?.id;
    } catch {
      id = undefined;
    }
  }
  const row = (typeof id === 'string' || typeof id === 'number' ? { id: String(id) } : {}) as ErrorRow;
  row.file = item.file;
  row.line = item.line;
  row.error = { code: 'SCORER_TIMEOUT', message: `Scoring this answer took longer than ${timeoutMs} ms, so it was stopped; raise the time limit (timeoutMs) if its scorers need longer.` };
  const brief: RowBrief = { file: row.file, line: row.line, error: row.error };
  if (row.id !== undefined) brief.id = row.id;
  return { row, json: JSON.stringify(row), brief };
}

/** A row made in a worker: decoded and parsed only if someone asks (the CLI's jsonl output does not). */
function workerRow(bytes: Uint8Array, brief: RowBrief): ProcessedRow {
  let json: string | undefined;
  let row: BatchRow | undefined;
  return {
    brief,
    bytes,
    get json() {
      return (json ??= decoder.decode(bytes.subarray(0, bytes.length - 1)));
    },
    get row() {
      return (row ??= JSON.parse(this.json) as BatchRow);
    },
  };
}

async function* inProcess(prefix: BatchItem[], rest: AsyncIterator<BatchItem> | undefined, config: BatchConfig): AsyncGenerator<ProcessedRow> {
  // Loaded here, not at the top: a pooled run never scores in this thread, and the scoring code
  // (zod, lexicons, scorers) is most of a thread's memory.
  const { createBatchContext, processItem } = await import('./process.js');
  const ctx = await createBatchContext(config);
  for (const item of prefix) yield await processItem(item, ctx);
  if (!rest) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield await processItem(next.value, ctx);
  }
}

async function* pooled(
  prefix: BatchItem[],
  rest: AsyncIterator<BatchItem>,
  pool: WorkerPool,
  chunkSize: number,
  config: BatchConfig,
  recycle: boolean,
  onFailure?: (reason: string) => void,
  timeoutMs = 0,
): AsyncGenerator<ProcessedRow> {
  interface Chunk {
    items: BatchItem[];
    rows?: ProcessedRow[];
    buffer?: ArrayBuffer;
    failed?: boolean;
    timedOut?: boolean;
  }
  const inflight: Chunk[] = [];
  const maxInFlight = pool.size * CHUNKS_PER_WORKER;
  let pos = 0;
  let exhausted = false;
  let wake: () => void = () => undefined;
  let signal = new Promise<void>((r) => (wake = r));
  let local: Promise<{ ctx: BatchContext; processItem: typeof ProcessItem }> | undefined;
  const take = async (): Promise<BatchItem[]> => {
    const out: BatchItem[] = [];
    while (out.length < chunkSize && pos < prefix.length) out.push(prefix[pos++]);
    while (out.length < chunkSize && !exhausted) {
      const next = await rest.next();
      if (next.done) exhausted = true;
      else out.push(next.value);
    }
    return out;
  };
  try {
    for (;;) {
      while (inflight.length < maxInFlight && !(exhausted && pos >= prefix.length)) {
        const items = await take();
        if (!items.length) break;
        const chunk: Chunk = { items };
        inflight.push(chunk);
        pool.run(items, timeoutMs).then(
          ({ bytes, ends, briefs }) => {
            chunk.rows = briefs.map((b, k) => workerRow(bytes.subarray(k ? ends[k - 1] : 0, ends[k]), b));
            chunk.buffer = bytes.buffer as ArrayBuffer;
            chunk.items = [];
            wake();
          },
          (e: unknown) => {
            chunk.failed = true;
            chunk.timedOut = e instanceof ChunkTimeout;
            onFailure?.(e instanceof Error ? e.message : String(e));
            wake();
          },
        );
      }
      if (!inflight.length) return;
      const head = inflight[0];
      if (head.rows) {
        inflight.shift();
        for (const r of head.rows) yield r;
        // The consumer has asked for the next row; if it said it uses each row before asking for the
        // next, it is done with these and their bytes go back to be reused.
        if (head.buffer && recycle) pool.recycle(head.buffer);
        continue;
      }
      if (head.failed && head.timedOut) {
        // One of its records ran past the time limit. Rescore them one by one on the (replaced)
        // workers: the one that times out alone becomes a SCORER_TIMEOUT row, the others are scored.
        inflight.shift();
        for (const item of head.items) {
          try {
            const { bytes, ends, briefs } = await pool.run([item], timeoutMs);
            yield workerRow(bytes.subarray(0, ends[0]), briefs[0]);
          } catch (e) {
            if (e instanceof ChunkTimeout) yield timeoutRow(item, timeoutMs);
            else {
              local ??= import('./process.js').then(async (m) => ({ ctx: await m.createBatchContext(config), processItem: m.processItem }));
              const { ctx, processItem } = await local;
              yield await processItem(item, ctx);
            }
          }
        }
        continue;
      }
      if (head.failed) {
        // Its worker died (e.g. out of memory on a pathological answer): score the chunk here,
        // so that no record is lost. The pool no longer sends work to the dead worker.
        inflight.shift();
        local ??= import('./process.js').then(async (m) => ({ ctx: await m.createBatchContext(config), processItem: m.processItem }));
        const { ctx, processItem } = await local;
        for (const item of head.items) yield await processItem(item, ctx);
        continue;
      }
      await signal;
      signal = new Promise<void>((r) => (wake = r));
    }
  } finally {
    await pool.close();
  }
}

export interface RunBatchOptions extends EvaluateManyOptions {
  /**
   * The caller is done with a row's `bytes`, `json` and `row` once it asks for the next row (it
   * copies what it keeps), so a worker's buffer may be handed back for reuse. This keeps transferred
   * memory from piling up in this thread between its garbage collections.
   */
  recycleBuffers?: boolean;
}

/**
 * Scores items in input order, in this thread or on worker threads. Every item yields exactly one
 * row; the JSON text of a row does not depend on where it was scored. (evaluateMany is the public
 * face of this; the CLI uses it directly for the JSON text and briefs.)
 */
export async function* runBatch(items: Iterable<unknown> | AsyncIterable<unknown>, options: RunBatchOptions = {}): AsyncGenerator<ProcessedRow> {
  // A bad default rubric is reported by createBatchContext, in this thread or by the workers as
  // they start, before any row is yielded.
  const config = configOf(options);
  const concurrency = positiveInt(options.concurrency, 'concurrency', Math.max(1, availableParallelism()));
  const minWorkerBatch = Math.max(0, options.minWorkerBatch ?? DEFAULT_MIN_WORKER_BATCH);
  const chunkSize = positiveInt(options.chunkSize, 'chunkSize', DEFAULT_CHUNK_SIZE);

  const source = (async function* () {
    let i = 0;
    for await (const x of items as AsyncIterable<unknown>) yield toItem(x, i++);
  })();
  const it = source[Symbol.asyncIterator]();
  const mode = options.mode ?? 'auto';
  try {
    if (mode === 'in-process' || (mode === 'auto' && concurrency <= 1)) {
      options.onStart?.({ mode: 'in-process', workers: 0 });
      yield* inProcess([], it, config);
      return;
    }
    // Read ahead: a short input is scored here, since starting workers would cost more than it saves.
    const prefix: BatchItem[] = [];
    let ended = false;
    while (mode === 'auto' && prefix.length < minWorkerBatch) {
      const next = await it.next();
      if (next.done) {
        ended = true;
        break;
      }
      prefix.push(next.value);
    }
    const url = options.workerUrl === undefined ? defaultWorkerUrl() : new URL(String(options.workerUrl));
    // When answer-eval is bundled into another program, worker.js may not be there: score here rather than fail.
    const workerMissing = url.protocol === 'file:' && !existsSync(fileURLToPath(url));
    if (workerMissing && mode === 'workers') throw new AnswerEvalError('USAGE', `mode 'workers' needs the worker script, which is not at ${url.href}.`);
    if (ended || workerMissing) {
      options.onStart?.({ mode: 'in-process', workers: 0 });
      yield* inProcess(prefix, ended ? undefined : it, config);
      return;
    }
    const pool = await WorkerPool.start(concurrency, url, config, options.workerResourceLimits);
    options.onStart?.({ mode: 'workers', workers: pool.size });
    const timeoutMs = options.timeoutMs === undefined ? 0 : positiveInt(options.timeoutMs, 'timeoutMs', 0);
    yield* pooled(prefix, it, pool, chunkSize, config, options.recycleBuffers === true, options.onWorkerFailure, timeoutMs);
  } finally {
    await it.return?.();
  }
}

/**
 * Scores many answers and yields one row per record, in input order: a ResultRow for a scored
 * answer, an ErrorRow `{ id?, file, line, error: { code, message } }` for a record that could not be
 * scored (the run goes on). Records are `{ id?, answer, question?, rubric? }` objects, or the items
 * of readRecords() (which carry their file and line). Large inputs are scored on worker threads
 * (`concurrency`, default the CPU count); the rows are the same whatever the concurrency.
 */
export function evaluateMany(records: Iterable<unknown> | AsyncIterable<unknown>, options: EvaluateManyOptions = {}): AsyncIterable<BatchRow> {
  return {
    async *[Symbol.asyncIterator]() {
      // Each row is decoded before the next is asked for, so worker buffers can be reused.
      for await (const p of runBatch(records, { ...options, recycleBuffers: true })) yield p.row;
    },
  };
}
