import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/evaluate-many.js';
import { SummaryBuilder } from '../src/batch/summary.js';
import type { ErrorRow, ResultRow } from '../src/batch/types.js';
import { createEvaluator, evaluateMany, isErrorRow, readRecords, type BatchRow } from '../src/index.js';
import { buildWorker, fixtureRecords, jsonlWithFaults } from './batch-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'answer-eval-batch-'));
let worker: Awaited<ReturnType<typeof buildWorker>>;
beforeAll(async () => {
  worker = await buildWorker('batch');
}, 60_000);
afterAll(() => {
  worker?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const STRONG = "I'd put four of the six engineers on model quality and two on the sources panel. In our last cohort 62% of people who churned had marked an answer wrong twice, so accuracy is the bigger lever on 30-day retention. If the mid-quarter holdout shows no retention gain, I move people back to UI.";

describe('evaluateMany', () => {
  it('yields one row per record in input order, error rows in place', async () => {
    const records = [
      { id: 'ok-1', rubric: 'ai-pm/execution', answer: STRONG },
      { id: 'no-answer', rubric: 'ai-pm/execution' },
      { id: 'bad-rubric', rubric: 'ai-pm/nope', answer: STRONG },
      { id: 7, answer: STRONG },
      { id: 'empty', answer: '   ' },
      { id: 'not-text', answer: 42 },
      'a bare string',
      { id: 'ok-2', answer: STRONG, rubric: 'ai-pm/leadership' },
    ];
    const rows = await collect(evaluateMany(records, { rubric: 'ai-pm/execution', concurrency: 1 }));
    expect(rows.map((r) => [r.id, r.line, isErrorRow(r) ? r.error.code : 'ok'])).toEqual([
      ['ok-1', 1, 'ok'],
      ['no-answer', 2, 'INPUT_TYPE'],
      ['bad-rubric', 3, 'RUBRIC_NOT_FOUND'],
      ['7', 4, 'ok'],
      ['empty', 5, 'INPUT_EMPTY'],
      ['not-text', 6, 'INPUT_TYPE'],
      [undefined, 7, 'INPUT_TYPE'],
      ['ok-2', 8, 'ok'],
    ]);
    // A record's own rubric wins over the default.
    expect((rows[7] as ResultRow).rubric.id).toBe('ai-pm/leadership');
    expect((rows[3] as ResultRow).rubric.id).toBe('ai-pm/execution');
  });

  it('scores exactly what createEvaluator scores, with source and id first', async () => {
    const [row] = (await collect(evaluateMany([{ id: 'x', rubric: 'ai-pm/execution', answer: STRONG }], { concurrency: 1 }))) as ResultRow[];
    const direct = createEvaluator('ai-pm/execution').evaluate({ id: 'x', answer: STRONG });
    const { answerId: _a, ...rest } = direct;
    expect(row).toEqual({ id: 'x', file: '<input>', line: 1, ...rest });
    expect(Object.keys(row)).toEqual(['id', 'file', 'line', 'rubric', 'score', 'band', 'passed', 'criteria', 'flags', 'stats']);
  });

  it('makes a record without a rubric an error row when no default is given', async () => {
    const [row] = (await collect(evaluateMany([{ id: 'r', answer: STRONG }], { concurrency: 1 }))) as ErrorRow[];
    expect(row).toEqual({ id: 'r', file: '<input>', line: 1, error: { code: 'RUBRIC_NOT_FOUND', message: expect.stringContaining('no "rubric"') } });
  });

  it('fails up front on a bad default rubric', async () => {
    await expect(collect(evaluateMany([{ answer: STRONG }], { rubric: 'ai-pm/typo', concurrency: 1 }))).rejects.toMatchObject({ code: 'RUBRIC_NOT_FOUND' });
  });

  it('gives an answer over maxLength an INPUT_TOO_LONG row', async () => {
    const rows = await collect(evaluateMany([{ id: 'long', answer: STRONG }], { rubric: 'ai-pm/execution', maxLength: 100, concurrency: 1 }));
    expect(rows[0]).toMatchObject({ id: 'long', error: { code: 'INPUT_TOO_LONG' } });
  });

  it('names the line and, when it can, the id of an invalid JSON line', async () => {
    const f = join(dir, 'broken.jsonl');
    writeFileSync(f, `{"id":"fine","rubric":"ai-pm/execution","answer":"We cut churn by 2 points."}\n{"id":"b\\"roken","answer": "cut off\n[1,2]\n`);
    const rows = await collect(evaluateMany(readRecords(f), { concurrency: 1 }));
    expect(rows.map((r) => (isErrorRow(r) ? [r.line, r.id, r.error.code] : [r.line, r.id, 'ok']))).toEqual([
      [1, 'fine', 'ok'],
      [2, 'b"roken', 'PARSE'],
      [3, undefined, 'INPUT_TYPE'],
    ]);
    expect((rows[1] as ErrorRow).error.message).toMatch(/^Invalid JSON: /);
    expect((rows[1] as ErrorRow).file).toBe(f);
  });
});

describe('worker pool', () => {
  const { text, faults } = jsonlWithFaults(240, new Set([3, 50, 97, 150, 151, 239]));
  const file = join(dir, 'mixed.jsonl');
  beforeAll(() => writeFileSync(file, text));

  const run = async (concurrency: number, extra: Parameters<typeof runBatch>[1] = {}) => {
    let mode = '';
    const rows = await collect(runBatch(readRecords(file), { concurrency, workerUrl: worker.url, minWorkerBatch: 0, chunkSize: 7, onStart: (i) => (mode = i.mode), ...extra }));
    return { mode, rows };
  };

  it('writes the same bytes in the same order with 1 and with 2 workers, errors in place', async () => {
    const one = await run(1);
    const two = await run(2);
    expect(one.mode).toBe('in-process');
    expect(two.mode).toBe('workers');
    expect(two.rows).toHaveLength(240);
    expect(two.rows.map((r) => r.json)).toEqual(one.rows.map((r) => r.json));
    expect(two.rows.map((r) => r.brief)).toEqual(one.rows.map((r) => r.brief));
    const errors = two.rows.filter((r) => r.brief.error).map((r) => [r.brief.line, r.brief.error!.code]);
    expect(errors).toEqual([...faults.entries()]);
    // Rows decoded from a worker's bytes are the same objects as those made here.
    expect(two.rows[10].row).toEqual(one.rows[10].row);
    // Reusing worker buffers (rows consumed one at a time, as the CLI does) changes nothing.
    const recycled: string[] = [];
    for await (const p of runBatch(readRecords(file), { concurrency: 2, workerUrl: worker.url, minWorkerBatch: 0, chunkSize: 7, recycleBuffers: true })) recycled.push(p.json);
    expect(recycled).toEqual(one.rows.map((r) => r.json));
  }, 60_000);

  it("mode 'workers' uses worker threads even for one (same rows); mode 'in-process' never does", async () => {
    const one = await run(1);
    let info = { mode: '', workers: -1 };
    const rows = await collect(runBatch(readRecords(file), { concurrency: 1, mode: 'workers', workerUrl: worker.url, onStart: (i) => (info = i) }));
    expect(info).toEqual({ mode: 'workers', workers: 1 });
    expect(rows.map((r) => r.json)).toEqual(one.rows.map((r) => r.json));
    const here = await run(2, { mode: 'in-process' });
    expect(here.mode).toBe('in-process');
  }, 60_000);

  it('scores short inputs in this thread even when workers are allowed', async () => {
    const { mode, rows } = await run(2, { minWorkerBatch: 1000 });
    expect(mode).toBe('in-process');
    expect(rows).toHaveLength(240);
  }, 60_000);

  it('reports a bad default rubric from the workers as the typed error', async () => {
    await expect(run(2, { rubric: 'ai-pm/typo' })).rejects.toMatchObject({ code: 'RUBRIC_NOT_FOUND' });
  }, 60_000);

  it('scores the chunks of a worker that dies in this thread, losing no record', async () => {
    // A scorer that kills its worker thread on one answer (and behaves on the main thread).
    const mod = join(dir, 'crashy.mjs');
    const marker = join(dir, 'crashed');
    writeFileSync(
      mod,
      `import { writeFileSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';
export const crashy = Object.freeze({
  kind: 'answer-eval/scorer', id: 'crashy', description: 'test', messages: {},
  options: { safeParse: (x) => ({ success: true, data: x }) },
  score(doc) {
    if (!isMainThread && doc.text.includes('r120')) {
      writeFileSync(${JSON.stringify(marker)}, 'yes');
      process.exit(3);
    }
    return { score: doc.text.length % 2 ? 1 : 0.5, evidence: [], feedback: [] };
  },
});
`,
    );
    const rubric = { id: 'test/crashy', version: '1.0.0', title: 'Crashy', criteria: [{ id: 'c', title: 'C', scorer: 'crashy', weight: 1 }] };
    const records = Array.from({ length: 200 }, (_, i) => ({ id: `r${i}`, answer: `answer r${i} ${'x'.repeat(i % 5)}` }));
    const failures: string[] = [];
    const rows = await collect(
      evaluateMany(records, { rubric, scorerModules: [mod], concurrency: 2, workerUrl: worker.url, minWorkerBatch: 0, chunkSize: 5, onWorkerFailure: (r) => failures.push(r) }),
    );
    expect(rows).toHaveLength(200);
    expect(rows.map((r) => r.id)).toEqual(records.map((r) => r.id));
    expect(rows.filter(isErrorRow)).toEqual([]);
    expect(existsSync(marker)).toBe(true);
    expect(failures[0]).toMatch(/worker thread exited unexpectedly \(code 3\)/);
  }, 60_000);
});

describe('summary', () => {
  it('counts, averages, orders bands best first and measures coverage from the rows', async () => {
    const recs = fixtureRecords().slice(0, 18);
    const rows: BatchRow[] = [];
    const s = new SummaryBuilder(50);
    for await (const p of runBatch([...recs, { id: 'bad' }], { concurrency: 1 })) {
      rows.push(p.row);
      s.add(p.brief);
    }
    const scored = rows.filter((r): r is ResultRow => !isErrorRow(r));
    const out = s.result();
    expect(out).toMatchObject({ count: 19, scored: 18, errors: 1, errorCodes: [{ code: 'INPUT_TYPE', count: 1 }] });
    expect(out.meanScore).toBeCloseTo(scored.reduce((t, r) => t + r.score, 0) / 18, 9);
    expect(out.belowMin).toBe(scored.filter((r) => r.score < 50).length);
    expect(out.bands.reduce((t, b) => t + b.count, 0)).toBe(18);
    const meanOf = (band: string) => {
      const xs = scored.filter((r) => r.band === band);
      return xs.reduce((t, r) => t + r.score, 0) / xs.length;
    };
    for (let i = 1; i < out.bands.length; i++) expect(meanOf(out.bands[i - 1].id)).toBeGreaterThan(meanOf(out.bands[i].id));
    const tradeoff = out.criteria.find((c) => c.id === 'tradeoff')!;
    const withEvidence = scored.filter((r) => r.criteria.some((c) => c.id === 'tradeoff' && c.score! > 0 && c.evidence.some((e) => !e.negated))).length;
    expect(tradeoff.covered).toBe(withEvidence);
  });
});
