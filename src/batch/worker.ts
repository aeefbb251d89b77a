// Worker-thread entry (built to dist/worker.js). It receives plain data only: the batch config
// (rubric ids or objects, scorer module paths) once, then chunks of items; it answers each chunk
// with its rows as UTF-8 JSON lines in one transferred buffer, plus their briefs: cheaper to post
// back, and for the main thread to handle, than row objects or strings.
import { parentPort, workerData } from 'node:worker_threads';
import { createBatchContext, processItem, type BatchContext } from './process.js';
import type { BatchConfig, BatchItem, RowBrief } from './types.js';

export type ToWorker =
  | { type: 'chunk'; id: number; items: BatchItem[] }
  /** A buffer the main thread is done with, handed back for reuse (see WorkerReply 'done'). */
  | { type: 'recycle'; buffer: ArrayBuffer };

export type WorkerReply =
  | { type: 'ready' }
  /** A chunk's scoring begins: the main thread starts its time limit now, not when it was queued. */
  | { type: 'start'; id: number }
  | { type: 'fatal'; message: string; code?: string }
  /** `bytes`: every row's JSON and a newline, UTF-8; `ends[i]`: where row i's bytes end. */
  // Briefs travel as one JSON text: V8's structured clone is several times slower on many small arrays.
  | { type: 'done'; id: number; bytes: Uint8Array; ends: number[]; briefs: string };

const port = parentPort;
if (port) {
  const encoder = new TextEncoder();
  let ctx: BatchContext | undefined;
  // Chunks are scored one after another, in arrival order, even though scoring may await.
  let queue: Promise<void> = Promise.resolve();
  const start = createBatchContext((workerData as { config: BatchConfig }).config).then(
    (c) => {
      ctx = c;
      port.postMessage({ type: 'ready' } satisfies WorkerReply);
    },
    (e: unknown) => {
      const err = e as { message?: string; code?: string };
      port.postMessage({ type: 'fatal', message: String(err?.message ?? e), code: err?.code } satisfies WorkerReply);
    },
  );
  // Buffers come back from the main thread once their rows are written, and are reused: the main
  // thread then never accumulates transferred memory between its garbage collections.
  const spare: ArrayBuffer[] = [];
  const encode = (text: string, size: number): Uint8Array => {
    const i = spare.findIndex((b) => b.byteLength >= size);
    const buffer = i >= 0 ? spare.splice(i, 1)[0] : new ArrayBuffer(Math.max(size, 256 * 1024));
    const { written } = encoder.encodeInto(text, new Uint8Array(buffer));
    return new Uint8Array(buffer, 0, written);
  };
  port.on('message', (msg: ToWorker) => {
    if (msg?.type === 'recycle') {
      if (spare.length < 4) spare.push(msg.buffer);
      return;
    }
    if (msg?.type !== 'chunk') return;
    queue = queue.then(async () => {
      await start;
      if (!ctx) return;
      port.postMessage({ type: 'start', id: msg.id } satisfies WorkerReply);
      const lines: string[] = new Array(msg.items.length);
      const ends: number[] = new Array(msg.items.length);
      const briefs: RowBrief[] = new Array(msg.items.length);
      let end = 0;
      for (let i = 0; i < msg.items.length; i++) {
        const p = await processItem(msg.items[i], ctx);
        lines[i] = p.json;
        end += Buffer.byteLength(p.json) + 1;
        ends[i] = end;
        briefs[i] = p.brief;
      }
      const bytes = encode(`${lines.join('\n')}\n`, end);
      port.postMessage({ type: 'done', id: msg.id, bytes, ends, briefs: JSON.stringify(briefs) } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
    });
  });
}
