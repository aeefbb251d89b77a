import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateMany } from '../src/index.js';
import { buildWorker } from './batch-helpers.js';

// The same generated records scored on worker threads and in this thread give byte-identical
// rows (the worker is built from the same sources for this test).
let worker: Awaited<ReturnType<typeof buildWorker>>;
beforeAll(async () => {
  worker = await buildWorker('property');
}, 60_000);
afterAll(() => worker?.cleanup());

const RUBRICS = ['ai-pm/recruiter-screen', 'ai-pm/product-sense', 'ai-pm/execution', 'ai-pm/technical-depth', 'ai-pm/leadership', 'ai-pm/measure-success'];
const odd = ['\u0000', '\r\n', '\u200b', '😀', 'e\u0301', '\ud800', 'שלום', '**', '- ', '# ', '```', '<b>', '| a |', 'not ', 'never ', '(', ')'];
const words = ['we', 'cut', 'churn', 'by', '2', 'points', 'because', 'recall', 'rose', 'precision', 'A/B', 'test', 'GDPR', 'trade-off', 'legal', 'so', '.', ',', '\n'];
const text = fc.oneof(
  fc.array(fc.constantFrom(...words, ...odd), { maxLength: 120 }).map((xs) => xs.join(' ')),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
);

describe('rows computed in workers', () => {
  it('are identical to rows computed in process, error rows included', async () => {
    const answers = fc.sample(text, { numRuns: 90, seed: 20260501 });
    const records: unknown[] = answers.map((answer, i) => ({ id: `w${i}`, answer, rubric: RUBRICS[i % RUBRICS.length], ...(i % 3 ? {} : { question: 'How would you measure success?' }) }));
    // Records that cannot be scored must come back as the same error rows in the same places.
    records.splice(7, 0, { id: 'blank', answer: '   \n\t' });
    records.splice(30, 0, { id: 'number', answer: 42 });
    records.splice(50, 0, { id: 'long', answer: 'x '.repeat(30_000) });
    records.splice(60, 0, { id: 'no-rubric', answer: 'fine', rubric: 'ai-pm/nope' });

    const collect = async (options: object) => {
      const rows: string[] = [];
      let mode = '';
      for await (const row of evaluateMany(records, { ...options, onStart: (i: { mode: string }) => (mode = i.mode) })) rows.push(JSON.stringify(row));
      return { rows, mode };
    };
    const here = await collect({ concurrency: 1, rubric: 'ai-pm/execution' });
    const pooled = await collect({ concurrency: 2, minWorkerBatch: 0, chunkSize: 4, rubric: 'ai-pm/execution', workerUrl: worker.url });
    expect(here.mode).toBe('in-process');
    expect(pooled.mode).toBe('workers');
    expect(pooled.rows.length).toBe(records.length);
    expect(pooled.rows).toEqual(here.rows);
    const errors = here.rows.map((r) => JSON.parse(r)).filter((r) => r.error);
    expect(errors.map((r) => [r.id, r.error.code])).toEqual(
      expect.arrayContaining([
        ['blank', 'INPUT_EMPTY'],
        ['number', 'INPUT_TYPE'],
        ['long', 'INPUT_TOO_LONG'],
        ['no-rubric', 'RUBRIC_NOT_FOUND'],
      ]),
    );
  }, 60_000);
});
