import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { agreement, calibrate, createEvaluator, defineScorer, getBuiltinRubric, InputError, parseRubric, type LabeledAnswer, type RubricInput } from '../src/index.js';
import { parseLabeledAnswers } from '../src/calibrate/labeled.js';
import { allowanceFactor, totalCap, totalScore } from '../src/rubric/aggregate.js';

const read = (f: string) => parseLabeledAnswers(readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8'), f);
const ALL = [...read('ai-pm/execution.jsonl'), ...read('ai-pm/leadership.jsonl'), ...read('contrasts.jsonl')];
const EXECUTION = ALL.filter((r) => r.rubric === 'ai-pm/execution');

/**
 * Synthetic answers whose criterion scores are written in the text ("a=0.80 b=0.10 c=0.55"), so
 * the fit can be checked against a known truth: the grade follows `a` and a little `b`; `c` is noise.
 */
const readValue = defineScorer({
  id: 'read-value',
  description: 'Reads "<key>=<0..1>" from the answer (tests only); "<key>=na" means not applicable.',
  options: z.object({ key: z.string() }),
  messages: {},
  score(doc, o) {
    const m = new RegExp(`\\b${o.key}=(na|[01](?:\\.\\d+)?)`).exec(doc.text);
    const flags = /\bOFFTOPIC\b/.test(doc.text) ? [{ id: 'off-topic', message: 'answers another question' }] : [];
    return { score: !m || m[1] === 'na' ? null : Number(m[1]), evidence: [], feedback: [], flags };
  },
});

const SYNTHETIC_RUBRIC: RubricInput = {
  id: 'test/synthetic',
  version: '2.3.1',
  title: 'Synthetic rubric',
  criteria: ['a', 'b', 'c'].map((key) => ({ id: key, title: key, scorer: 'read-value', weight: 1, options: { key } })),
};

function synthetic(n: number, seed: number): LabeledAnswer[] {
  let t = seed;
  const rand = () => {
    t = (t * 1103515245 + 12345) % 2147483648;
    return t / 2147483648;
  };
  return Array.from({ length: n }, (_, i) => {
    const a = rand();
    const b = rand();
    const c = rand();
    const latent = 0.8 * a + 0.2 * b + (rand() - 0.5) * 0.1;
    const grade = Math.min(5, 1 + Math.floor(latent * 5));
    return { id: `s${i}`, question: `question ${i % 7}`, answer: `Answer ${i}: a=${a.toFixed(2)} b=${b.toFixed(2)} c=${c.toFixed(2)}.`, grade };
  });
}

describe('the aggregate helpers calibration refits with', () => {
  it('reproduce every reported total from criterion scores and flags', () => {
    for (const id of ['ai-pm/execution', 'ai-pm/leadership', 'ai-pm/product-sense']) {
      const ev = createEvaluator(id);
      for (const r of ALL.filter((x) => x.rubric === id)) {
        const e = ev.evaluate({ id: r.id, question: r.question, answer: r.answer });
        expect(totalScore(e.criteria, totalCap(ev.rubric, e.flags), ev.rubric.scoreExponent, allowanceFactor(ev.rubric, e.stats.words)), r.id).toBe(e.score);
      }
    }
  });

  it('cap the total at the lowest cap of an answer-level flag, but not for a criterion-level stuffing flag', () => {
    const rubric = getBuiltinRubric('ai-pm/execution');
    expect(totalCap(rubric, [])).toBe(100);
    expect(totalCap(rubric, [{ id: 'off-topic', message: '' }, { id: 'unsafe-judgement', message: '' }])).toBe(30);
    expect(totalCap(rubric, [{ id: 'keyword-stuffing', message: '', criterion: 'tradeoff' }])).toBe(100);
    expect(totalCap(rubric, [{ id: 'keyword-stuffing', message: '' }])).toBe(40);
    expect(totalScore([{ weight: 2, score: 1 }, { weight: 1, score: null }, { weight: 2, score: 0.5 }], 100)).toBe(75);
    // With an exponent below 1, partial credit counts for more: (1 + 0.25^0.5) / 2 = 0.75.
    expect(totalScore([{ weight: 1, score: 1 }, { weight: 1, score: 0.25 }], 100, 0.5)).toBe(75);
    expect(totalScore([{ weight: 1, score: null }], 100)).toBe(0);
  });
});

describe('calibrate() on the project fixtures', () => {
  const result = calibrate('ai-pm/execution', ALL, { date: '2025-06-01', bootstrap: 200 });

  it('uses only the records of the rubric and returns a valid new rubric version', () => {
    expect(result.n).toBe(EXECUTION.length);
    expect(result.ignored).toBe(ALL.length - EXECUTION.length);
    const r = result.rubric;
    expect(() => parseRubric(JSON.parse(JSON.stringify(r)))).not.toThrow();
    expect(r.id).toBe('ai-pm/execution');
    const [major, minor] = getBuiltinRubric('ai-pm/execution').version.split('.').map(Number);
    expect(r.version).toMatch(new RegExp(`^${major}\\.${minor + 1}\\.0\\+cal\\.[0-9a-f]{8}$`));
    expect(r.calibration).toMatchObject({ n: EXECUTION.length, date: '2025-06-01', folds: 5, grades: [1, 2, 3, 4, 5] });
    expect(r.calibration!.dataHash).toMatch(/^[0-9a-f]{16}$/);
    expect(r.version.endsWith(r.calibration!.dataHash.slice(0, 8))).toBe(true);
    const cuts = r.calibration!.cutPoints!;
    expect(cuts).toHaveLength(4);
    expect([...cuts].sort((a, b) => a - b)).toEqual(cuts);
    expect(Object.keys(r.calibration!.after!)).toEqual(expect.arrayContaining(['n', 'spearman', 'qwk', 'pairwise']));
    // A calibrated rubric is accepted by the evaluator like any other.
    expect(createEvaluator(r).evaluate({ answer: EXECUTION[0].answer, question: EXECUTION[0].question }).rubric.version).toBe(r.version);
  });

  it('reports held-out figures only: the rubric\'s own weights rank exactly as they do in-sample, the cut points are cross-validated', () => {
    const ev = createEvaluator('ai-pm/execution');
    const scores = EXECUTION.map((r) => ev.evaluate({ question: r.question, answer: r.answer }).score);
    const inSample = agreement(scores, EXECUTION.map((r) => r.grade), { bootstrap: 0 });
    expect(result.before.spearman).toBeCloseTo(inSample.spearman!, 12);
    expect(result.before.cutPointSource).toBe('cross-validated');
    expect(result.after).toBe(result.adopted ? result.fitted : result.before);
    expect(result.rubric.calibration!.before!.spearman).toBeCloseTo(result.before.spearman!, 4);
  });

  it('keeps weights close to the rubric\'s own on a small set (strong shrinkage)', () => {
    for (const w of result.weights) {
      expect(w.fitted).toBeGreaterThan(0);
      expect(Math.abs(Math.log(w.fitted / w.before))).toBeLessThan(Math.log(1.5));
    }
  });

  it('is deterministic: the same data give the same rubric, byte for byte', () => {
    const again = calibrate('ai-pm/execution', ALL, { date: '2025-06-01', bootstrap: 200 });
    expect(JSON.stringify(again.rubric)).toBe(JSON.stringify(result.rubric));
  });

  it('moves weights only within the bound even when the grades contradict the rubric', () => {
    const reversed = EXECUTION.slice(0, 8).map((r) => ({ ...r, grade: 6 - r.grade }));
    const res = calibrate('ai-pm/execution', reversed, { date: '2025-06-01', shrinkage: 0, maxFactor: 2, bootstrap: 0 });
    // No pull toward the rubric's weights: the fit goes as far as the bound lets it.
    expect(res.weights.some((w) => Math.abs(w.fitted / w.before - 1) > 0.2)).toBe(true);
    for (const w of res.weights) {
      expect(w.fitted).toBeGreaterThan(0);
      // 3-decimal rounding aside, no weight leaves [w0 / 2, 2 * w0].
      expect(w.fitted / w.before).toBeLessThanOrEqual(2 + 1e-3);
      expect(w.fitted / w.before).toBeGreaterThanOrEqual(1 / 2 - 1e-3);
    }
  });
});

describe('calibrate() on answers with a known truth', () => {
  const data = synthetic(140, 42);
  const opts = { scorers: [readValue], date: '2025-06-01', bootstrap: 0 };

  it('shifts weight to the criterion that predicts the grade and away from noise, and improves held-out agreement', () => {
    const res = calibrate(SYNTHETIC_RUBRIC, data, opts);
    const w = Object.fromEntries(res.weights.map((x) => [x.id, x.after]));
    expect(res.foldsBy).toBe('question');
    expect(w.a).toBeGreaterThan(w.b);
    expect(w.b).toBeGreaterThan(w.c);
    expect(w.a + w.b + w.c).toBeCloseTo(3, 2);
    expect(res.adopted).toBe(true);
    expect(res.after.spearman!).toBeGreaterThan(res.before.spearman! + 0.05);
    expect(res.rubric.version).toMatch(/^2\.4\.0\+cal\./);
  });

  it('moves the weights less the stronger the shrinkage and the fewer the answers', () => {
    const spread = (res: ReturnType<typeof calibrate>) => Math.max(...res.weights.map((x) => Math.abs(Math.log(x.fitted / x.before))));
    const weak = spread(calibrate(SYNTHETIC_RUBRIC, data, { ...opts, shrinkage: 1 }));
    const strong = spread(calibrate(SYNTHETIC_RUBRIC, data, { ...opts, shrinkage: 50 }));
    const few = spread(calibrate(SYNTHETIC_RUBRIC, data.slice(0, 12), opts));
    expect(strong).toBeLessThan(weak);
    expect(few).toBeLessThan(spread(calibrate(SYNTHETIC_RUBRIC, data, opts)));
    expect(few).toBeLessThan(0.2);
  });

  it('refits with flag caps and not-applicable criteria as the evaluator scores them', () => {
    const withCaps = data.map((r, i) => (i % 9 === 0 ? { ...r, answer: `${r.answer} OFFTOPIC`, grade: 1 } : i % 5 === 0 ? { ...r, answer: r.answer.replace(/c=[\d.]+/, 'c=na') } : r));
    const res = calibrate(SYNTHETIC_RUBRIC, withCaps, opts);
    const ev = createEvaluator(res.rubric, { scorers: [readValue] });
    const capped = ev.evaluate(withCaps[0].answer);
    expect(capped.score).toBeLessThanOrEqual(30);
    expect(capped.flags.map((f) => f.id)).toContain('off-topic');
    const na = ev.evaluate(withCaps[5].answer);
    expect(na.criteria.find((c) => c.id === 'c')!.score).toBeNull();
    expect(res.after.spearman!).toBeGreaterThan(res.before.spearman!);
  });

  it('keeps the rubric\'s own weights when the fitted ones do worse held-out', () => {
    // Grades unrelated to any criterion: whatever is fitted does not carry to held-out answers.
    const noise = data.slice(0, 30).map((r, i) => ({ ...r, grade: 1 + ((i * 7) % 5) }));
    const res = calibrate(SYNTHETIC_RUBRIC, noise, { ...opts, shrinkage: 0.01 });
    expect(res.fitted.spearman!).toBeLessThan(res.before.spearman!);
    expect(res.adopted).toBe(false);
    expect(res.weights.every((w) => w.after === w.before)).toBe(true);
    expect(res.rubric.criteria.map((c) => c.weight)).toEqual([1, 1, 1]);
    expect(res.after).toBe(res.before);
    expect(res.rubric.calibration!.after!.spearman).toBeCloseTo(res.after.spearman!, 4);
  });
});

describe('calibrate() refuses unusable input with typed errors', () => {
  it.each([
    ['fewer than four graded answers', () => calibrate('ai-pm/execution', EXECUTION.slice(0, 3)), 'INPUT_EMPTY'],
    ['answers all of one grade', () => calibrate('ai-pm/execution', EXECUTION.map((r) => ({ ...r, grade: 3 }))), 'INPUT_EMPTY'],
    ['only answers of other rubrics', () => calibrate('ai-pm/technical-depth', EXECUTION), 'INPUT_EMPTY'],
    ['one fold', () => calibrate('ai-pm/execution', EXECUTION, { folds: 1 }), 'INPUT_TYPE'],
    ['a grade scale that is not ascending', () => calibrate('ai-pm/execution', EXECUTION, { scale: [5, 4, 3, 2, 1] }), 'INPUT_TYPE'],
    ['a record without a grade', () => calibrate('ai-pm/execution', [...EXECUTION, { answer: 'x' } as LabeledAnswer]), 'INPUT_TYPE'],
  ])('%s', (_name, call, code) => {
    let err: unknown;
    try {
      call();
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).code).toBe(code);
  });
});

describe('parseLabeledAnswers()', () => {
  it('reads JSONL and JSON arrays, accepts quoted grades and keeps line numbers', () => {
    const jsonl = '{"id":"a","answer":"x","grade":4}\n\n{"id":2,"answer":"y","grade":"2","grade2":3,"round":"execution"}\n';
    expect(parseLabeledAnswers(jsonl)).toEqual([
      { id: 'a', answer: 'x', grade: 4, line: 1 },
      { id: '2', answer: 'y', grade: 2, grade2: 3, round: 'execution', line: 3 },
    ]);
    expect(parseLabeledAnswers('[{"answer":"x","grade":1,"rubric":"ai-pm/execution"}]')).toEqual([{ answer: 'x', grade: 1, rubric: 'ai-pm/execution', line: 1 }]);
    expect(parseLabeledAnswers('{"answer":"x","grade":1,"rubric":"","round":""}')).toEqual([{ answer: 'x', grade: 1, line: 1 }]);
  });

  it.each([
    ['a broken JSON line', '{"answer":"x","grade":1}\n{"answer":', /line 2/, 'PARSE'],
    ['a missing grade', '{"answer":"x","grade":1}\n{"answer":"y"}', /line 2: no "grade"/, 'INPUT_TYPE'],
    ['a grade that is not a number', '{"answer":"x","grade":"good"}', /line 1: "grade" must be a number/, 'INPUT_TYPE'],
    ['an answer that is not text', '{"answer":42,"grade":3}', /line 1: "answer" must be a string/, 'INPUT_TYPE'],
    ['an empty file', '\n\n', /no graded answers/, 'INPUT_EMPTY'],
  ])('names the line of %s', (_name, text, message, code) => {
    let err: unknown;
    try {
      parseLabeledAnswers(text, 'grades.jsonl');
    } catch (e) {
      err = e;
    }
    expect((err as { code?: string }).code).toBe(code);
    expect((err as Error).message).toMatch(message);
    expect((err as Error).message).toMatch(/^grades\.jsonl: /);
  });
});
