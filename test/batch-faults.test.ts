import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateMany, isErrorRow, type BatchRow, type ErrorRow } from '../src/index.js';
import { buildWorker } from './batch-helpers.js';

// Batch fault tolerance (issue 8): a custom scorer that throws, that dies with its worker, or that
// runs past a per-answer time limit costs that record its row, never the run. N records in, N rows
// out, in order, in this thread and on workers alike.

const dir = mkdtempSync(join(tmpdir(), 'answer-eval-faults-'));
let worker: Awaited<ReturnType<typeof buildWorker>>;
beforeAll(async () => {
  worker = await buildWorker('faults');
}, 60_000);
afterAll(() => {
  worker?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function collect(it: AsyncIterable<BatchRow>): Promise<BatchRow[]> {
  const out: BatchRow[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * A module with one custom scorer, written as plain data plus functions (what defineScorer makes),
 * whose behaviour on an answer depends on a marker word in it. Each scored row says which thread
 * scored it (feedback messageId "main-thread" or "worker-thread").
 */
function scorerModule(name: string, body: string): string {
  const path = join(dir, `${name}.mjs`);
  writeFileSync(
    path,
    `import { isMainThread } from 'node:worker_threads';
export const scorer = Object.freeze({
  kind: 'answer-eval/scorer', id: ${JSON.stringify(name)}, description: 'fault injection for tests',
  messages: { 'main-thread': 'scored on the main thread', 'worker-thread': 'scored on a worker' },
  options: { safeParse: (x) => ({ success: true, data: x }) },
  score(doc) {
    const text = doc.text;
    ${body}
    return { score: 0.5, evidence: [], feedback: [{ messageId: isMainThread ? 'main-thread' : 'worker-thread' }] };
  },
});
`,
  );
  return path;
}

const rubricFor = (scorer: string) => ({ id: `test/${scorer}`, version: '1.0.0', title: scorer, criteria: [{ id: 'c', title: 'C', scorer, weight: 1 }] });
const records = (n: number, marked: Record<number, string>) =>
  Array.from({ length: n }, (_, i) => ({ id: `r${i}`, answer: `Answer number ${i}: we cut churn by ${i % 7} points because recall rose. ${marked[i] ?? ''}` }));
const MODES = [
  ['in this thread', { concurrency: 1 }],
  ['on 2 workers', { concurrency: 2, minWorkerBatch: 0, chunkSize: 4 }],
] as const;
const threadOf = (row: BatchRow) => (isErrorRow(row) ? 'error' : row.criteria[0].feedback[0]?.messageId);

describe('a custom scorer that throws', () => {
  const mod = () => scorerModule('throws-on-boom', `if (text.includes('BOOM')) throw new RangeError('boom at ' + text.indexOf('BOOM'));`);

  it.each(MODES)('costs only its own records their rows (%s)', async (_mode, opts) => {
    const recs = records(60, { 5: 'BOOM', 31: 'BOOM', 59: 'BOOM' });
    const rows = await collect(evaluateMany(recs, { rubric: rubricFor('throws-on-boom'), scorerModules: [mod()], workerUrl: worker.url, ...opts }));
    expect(rows).toHaveLength(60);
    expect(rows.map((r) => r.id)).toEqual(recs.map((r) => r.id));
    const errors = rows.filter(isErrorRow) as ErrorRow[];
    expect(errors.map((e) => [e.id, e.error.code])).toEqual([
      ['r5', 'SCORER_FAILED'],
      ['r31', 'SCORER_FAILED'],
      ['r59', 'SCORER_FAILED'],
    ]);
    expect(errors[0].error.message).toMatch(/throws-on-boom.*boom at/);
  }, 60_000);
});

describe('a worker that dies', () => {
  // Kills the worker thread that scores a marked answer; on the main thread it behaves.
  const mod = () => scorerModule('kills-worker', `if (!isMainThread && text.includes('KILL')) process.exit(7);`);

  it('loses no record: every record gets its row, in order', async () => {
    const recs = records(120, { 10: 'KILL', 70: 'KILL' });
    const rows = await collect(evaluateMany(recs, { rubric: rubricFor('kills-worker'), scorerModules: [mod()], workerUrl: worker.url, concurrency: 2, minWorkerBatch: 0, chunkSize: 4 }));
    expect(rows).toHaveLength(120);
    expect(rows.map((r) => r.id)).toEqual(recs.map((r) => r.id));
    expect(rows.filter(isErrorRow)).toEqual([]);
  }, 60_000);

  // Issue 8: a dead worker is replaced. Only the chunk it was scoring is rescored on the main
  // thread; chunks queued behind it go to the other or the new worker.
  it('is replaced, so records after two deaths are still scored on workers', async () => {
    const recs = records(160, { 10: 'KILL', 60: 'KILL' });
    const rows = await collect(evaluateMany(recs, { rubric: rubricFor('kills-worker'), scorerModules: [mod()], workerUrl: worker.url, concurrency: 2, minWorkerBatch: 0, chunkSize: 4 }));
    expect(rows).toHaveLength(160);
    expect(rows.slice(120).map(threadOf).filter((t) => t !== 'worker-thread')).toEqual([]);
  }, 60_000);
});

describe('a scorer that runs past the per-answer time limit', () => {
  // Busy for 1.5 s on a marked answer: a synchronous scorer can only be stopped by its worker.
  const mod = () => scorerModule('slow-on-mark', `if (text.includes('SLOW')) { const end = Date.now() + 1500; while (Date.now() < end); }`);

  // Issue 8: such a record yields an error row (SCORER_TIMEOUT) and the others are scored; the
  // worker running it is stopped and replaced.
  it('yields a SCORER_TIMEOUT row for that record only', async () => {
    const recs = records(30, { 12: 'SLOW' });
    const rows = await collect(
      evaluateMany(recs, { rubric: rubricFor('slow-on-mark'), scorerModules: [mod()], workerUrl: worker.url, concurrency: 2, minWorkerBatch: 0, chunkSize: 4, timeoutMs: 300 }),
    );
    expect(rows).toHaveLength(30);
    expect((rows.filter(isErrorRow) as ErrorRow[]).map((e) => [e.id, e.error.code])).toEqual([['r12', 'SCORER_TIMEOUT']]);
  }, 60_000);
});
