import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import {
  AnswerEvalError,
  InputError,
  RubricValidationError,
  analyze,
  compilePattern,
  createEvaluator,
  defineScorer,
  getBuiltinRubric,
  loadLexicon,
  loadRubricFile,
  readRecords,
  type ErrorCode,
  type RubricInput,
} from '../src/index.js';

// Every error code documented in src/errors.ts has a case here that makes the library throw it
// through the public API, and a message that says what to change. Messages are checked for the
// fix they must name (a field, a limit, an alternative), not for their exact wording.

const ERRORS_TS = readFileSync(join(__dirname, '../src/errors.ts'), 'utf8');
const DOCUMENTED = [...(/export type ErrorCode =([^;]+);/.exec(ERRORS_TS)?.[1] ?? '').matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]).sort();

/**
 * Codes in the ErrorCode union that nothing throws, awaiting a decision by the core owner (throw
 * them or drop them). The test below checks that they are still unused, so this list only shrinks.
 */
const UNUSED: Record<string, string> = {};

const tmp = mkdtempSync(join(tmpdir(), 'answer-eval-errors-'));
const file = (name: string, text: string) => {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
};

const rubric = (criteria: unknown[]): RubricInput => ({ id: 'acme/errors', version: '1.0.0', title: 'Errors', criteria }) as RubricInput;
const thrower = defineScorer({
  id: 'throws-always',
  description: 'Throws on every answer, like a buggy custom scorer.',
  options: z.strictObject({}),
  messages: {},
  score: () => {
    throw new RangeError('index 7 is out of range');
  },
});
const asyncScorer = (id: string, ms: number | null) =>
  defineScorer({
    id,
    description: 'Resolves after a delay (or never), like a scorer that calls a service.',
    options: z.strictObject({}),
    messages: {},
    score: () => new Promise((resolve) => (ms === null ? undefined : setTimeout(() => resolve({ score: 1, evidence: [], feedback: [] }), ms))),
  });

interface Case {
  code: ErrorCode;
  what: string;
  run: () => unknown | Promise<unknown>;
  /** The message must name the fix: each pattern must match. */
  fix: RegExp[];
  type?: new (...args: never[]) => AnswerEvalError;
}

const CASES: Case[] = [
  { code: 'INPUT_TYPE', what: 'an answer that is not a string', run: () => analyze(42), fix: [/must be a string/, /got number/] },
  { code: 'INPUT_TYPE', what: 'a record without an answer field', run: () => createEvaluator('ai-pm/execution').evaluate({ id: 'a1' } as never), fix: [/"answer" field/] },
  { code: 'INPUT_EMPTY', what: 'a blank answer', run: () => analyze(' \n\t '), fix: [/empty/] },
  { code: 'INPUT_TOO_LONG', what: 'an answer over the size limit', run: () => analyze('word '.repeat(10_001)), fix: [/50005 characters/, /50000/, /maxLength/], type: InputError },
  {
    code: 'RUBRIC_INVALID',
    what: 'a rubric with a negative weight and a criterion without a title',
    run: () => createEvaluator(rubric([{ id: 'a', title: 'A', scorer: 'tradeoff', weight: -1 }, { id: 'b', scorer: 'structure', weight: 1 }])),
    fix: [/2 problems/, /criteria\[0\]\.weight/, /criteria\[1\]\.title/],
    type: RubricValidationError,
  },
  {
    code: 'RUBRIC_INVALID',
    what: 'a rubric naming a scorer that does not exist',
    run: () => createEvaluator(rubric([{ id: 'a', title: 'A', scorer: 'tradeof', weight: 1 }])),
    fix: [/criteria\[0\]\.scorer/, /unknown scorer "tradeof"; expected one of .*\btradeoff\b/],
    type: RubricValidationError,
  },
  { code: 'RUBRIC_NOT_FOUND', what: 'an unknown built-in rubric id', run: () => getBuiltinRubric('ai-pm/product-sens'), fix: [/Unknown rubric "ai-pm\/product-sens"/, /ai-pm\/product-sense/] },
  {
    code: 'SCORER_INVALID',
    what: 'a custom scorer with a bad id and no score function',
    run: () => defineScorer({ id: 'My Scorer', description: 'x', options: z.strictObject({}), messages: {} } as never),
    fix: [/id must be kebab-case/, /score must be a function/],
  },
  {
    code: 'SCORER_FAILED',
    what: 'a custom scorer that throws',
    run: () => createEvaluator(rubric([{ id: 'buggy', title: 'Buggy', scorer: 'throws-always', weight: 1 }]), { scorers: [thrower] }).evaluate('We cut churn.'),
    fix: [/Scorer "throws-always"/, /criterion "buggy"/, /index 7 is out of range/],
  },
  {
    code: 'SCORER_TIMEOUT',
    what: 'an async scorer that never settles',
    run: () => createEvaluator(rubric([{ id: 'slow', title: 'Slow', scorer: 'never-settles', weight: 1 }]), { scorers: [asyncScorer('never-settles', null)], timeoutMs: 30 }).evaluateAsync('We cut churn.'),
    fix: [/took longer than 30 ms/, /still running: .*never-settles|still running: .*slow/],
  },
  {
    code: 'ASYNC_REQUIRED',
    what: 'evaluate() on a rubric with an async scorer',
    run: () => createEvaluator(rubric([{ id: 'remote', title: 'Remote', scorer: 'calls-a-service', weight: 1 }]), { scorers: [asyncScorer('calls-a-service', 1)] }).evaluate('We cut churn.'),
    fix: [/evaluateAsync\(\)/],
  },
  { code: 'PATTERN_UNSAFE', what: 'a pattern with a backreference', run: () => compilePattern('(churn)\\s+\\1'), fix: [/"\(churn\)\\\\s\+\\\\1"/, /backreferences are not supported/] },
  { code: 'PATTERN_UNSAFE', what: 'a pattern that matches the empty string', run: () => compilePattern('(churn)?'), fix: [/matches the empty string/] },
  {
    code: 'LEXICON_INVALID',
    what: 'a lexicon entry without a note',
    run: () => loadLexicon({ id: 'x', title: 'X', description: 'd', entries: [{ id: 'Bad Id', variants: [] }] }, 'lexicons/x.json'),
    fix: [/lexicons\/x\.json/, /entries\[0\]\.id: kebab-case id/, /entries\[0\]\.note/, /entries\[0\]\.variants/],
    type: RubricValidationError,
  },
  { code: 'FILE_READ', what: 'a rubric file that does not exist', run: () => loadRubricFile(join(tmp, 'missing.yaml')), fix: [/Cannot read rubric file/, /missing\.yaml/] },
  { code: 'PARSE', what: 'a rubric file that is not valid JSON', run: () => loadRubricFile(file('broken.json', '{\n  "id": "acme/x",\n  "version": 1.0.0\n}\n')), fix: [/broken\.json/, /not valid JSON/] },
  { code: 'PARSE', what: 'a rubric file that is not valid YAML', run: () => loadRubricFile(file('broken.yaml', 'id: acme/x\ncriteria: [\n  - a\n')), fix: [/broken\.yaml:\d+:\d+/, /not valid YAML/] },
  {
    code: 'USAGE',
    what: 'reading stdin twice in one batch',
    run: async () => {
      for await (const _ of readRecords(['-', '-'])) void _;
    },
    fix: [/stdin \(-\) can be read only once/],
  },
];

async function thrown(run: () => unknown): Promise<unknown> {
  try {
    await run();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('documented error codes', () => {
  it('lists the codes of src/errors.ts', () => {
    expect(DOCUMENTED.length).toBeGreaterThanOrEqual(14);
    expect(DOCUMENTED).toContain('INPUT_TOO_LONG');
  });

  it('has a case for every documented code that something throws', () => {
    const covered = new Set(CASES.map((c) => c.code));
    expect(DOCUMENTED.filter((c) => !covered.has(c as ErrorCode) && !UNUSED[c])).toEqual([]);
  });

  it('keeps the list of unused codes honest', () => {
    const sources = readFileSync(join(__dirname, '../src/rubric/evaluate.ts'), 'utf8');
    for (const code of Object.keys(UNUSED)) {
      expect(DOCUMENTED).toContain(code);
      expect(sources.includes(`'${code}'`)).toBe(false);
    }
  });

  it.each(CASES.map((c) => [c.code, c.what, c] as const))('%s: %s', async (_code, _what, c) => {
    const e = await thrown(c.run);
    expect(e).toBeInstanceOf(c.type ?? AnswerEvalError);
    const err = e as AnswerEvalError;
    expect(err.code).toBe(c.code);
    // A message a user can act on: it names the fix, reads as text, and carries no stack or dump.
    for (const re of c.fix) expect(err.message).toMatch(re);
    expect(err.message.length).toBeGreaterThan(15);
    expect(err.message).not.toMatch(/\[object Object\]|^\s*at .+:\d+:\d+\)?$/m);
    expect(err.name).toMatch(/Error$/);
  });

  it('keeps the original error as the cause of SCORER_FAILED', async () => {
    const e = (await thrown(CASES.find((c) => c.code === 'SCORER_FAILED')!.run)) as AnswerEvalError;
    expect(e.cause).toBeInstanceOf(RangeError);
  });

  it('gives RUBRIC_INVALID every problem with its path, not only the first', async () => {
    const e = (await thrown(CASES.find((c) => c.code === 'RUBRIC_INVALID')!.run)) as RubricValidationError;
    expect(e.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['criteria.0.weight', 'criteria.1.title']));
  });
});
