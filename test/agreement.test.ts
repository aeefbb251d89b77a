import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { agreement, InputError } from '../src/index.js';
import { fitCutPoints, gradeScale, toScale } from '../src/calibrate/cut-points.js';
import {
  averageRanks,
  kendallTauB,
  pairwiseAccuracy,
  pearson,
  quadraticWeightedKappa,
  spearman,
  standardizedMeanDifference,
} from '../src/calibrate/stats.js';

// Reference figures computed with scipy.stats (spearmanr, pearsonr, kendalltau: tau-b) and a
// numpy implementation of quadratic weighted kappa on the same data.
const SCORES = [12.5, 30, 30, 47.2, 55, 61.3, 61.3, 70, 82.4, 90.1, 41.0, 41.0];
const GRADES = [1, 2, 1, 3, 3, 4, 3, 4, 5, 5, 2, 3];

describe('correlations against reference values (tied data)', () => {
  it.each([
    ['spearman', spearman, 0.9515382638409888],
    ['pearson', pearson, 0.9507643978955684],
    ['kendall tau-b', kendallTauB, 0.8923014143544528],
  ] as const)('%s', (_name, fn, expected) => {
    expect(fn(SCORES, GRADES)).toBeCloseTo(expected, 10);
  });

  it('gives tied values the average of their ranks', () => {
    expect(averageRanks([30, 10, 30, 20, 30])).toEqual([4, 1, 4, 2, 4]);
  });

  it.each([
    ['a constant series', [3, 3, 3, 3], [1, 2, 3, 4]],
    ['fewer than two items', [1], [1]],
  ])('is undefined (NaN) for %s', (_name, a, b) => {
    expect(spearman(a, b)).toBeNaN();
    expect(pearson(a, b)).toBeNaN();
    expect(kendallTauB(a, b)).toBeNaN();
  });

  it('counts Kendall tau-b in O(n log n) exactly as the pair-by-pair definition', () => {
    const bruteForce = (a: number[], b: number[]) => {
      let c = 0;
      let d = 0;
      let ta = 0;
      let tb = 0;
      for (let i = 0; i < a.length; i++)
        for (let j = i + 1; j < a.length; j++) {
          const x = Math.sign(a[i] - a[j]);
          const y = Math.sign(b[i] - b[j]);
          if (x === 0 && y === 0) continue;
          if (x === 0) ta++;
          else if (y === 0) tb++;
          else if (x === y) c++;
          else d++;
        }
      const den = Math.sqrt((c + d + ta) * (c + d + tb));
      return den > 0 ? (c - d) / den : NaN;
    };
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 1, max: 5 })), { minLength: 2, maxLength: 60 }),
        (pairs) => {
          const a = pairs.map((p) => p[0]);
          const b = pairs.map((p) => p[1]);
          const fast = kendallTauB(a, b);
          const slow = bruteForce(a, b);
          if (Number.isNaN(slow)) return Number.isNaN(fast);
          return Math.abs(fast - slow) < 1e-12;
        },
      ),
      { seed: 7, numRuns: 300 },
    );
  });
});

describe('grade-scale figures', () => {
  it.each([
    ['reference data', [1, 2, 3, 4, 5, 3, 2, 4], [1, 3, 3, 5, 4, 2, 2, 4], 0.8333333333333334],
    ['perfect agreement', [1, 2, 3, 4, 5], [1, 2, 3, 4, 5], 1],
    ['a fully reversed rating', [1, 5], [5, 1], -1],
  ])('quadratic weighted kappa on %s', (_name, a, b, expected) => {
    expect(quadraticWeightedKappa(a, b, [1, 2, 3, 4, 5])).toBeCloseTo(expected, 10);
  });

  it('standardized mean difference is positive when the machine grades higher (0.3 here, by numpy)', () => {
    expect(standardizedMeanDifference([2, 3, 3, 5, 5, 3, 2, 4], [1, 3, 3, 5, 4, 2, 2, 4])).toBeCloseTo(0.3, 10);
  });

  it('fills gaps in a whole-number scale and keeps other scales as seen', () => {
    expect(gradeScale([5, 1, 2, 2])).toEqual([1, 2, 3, 4, 5]);
    expect(gradeScale([0.5, 1.5, 1])).toEqual([0.5, 1, 1.5]);
  });
});

describe('pairwise order accuracy', () => {
  const scores = [80, 60, 40, 90, 20, 50];
  const grades = [5, 3, 1, 2, 1, 4];
  const questions = ['q1', 'q1', 'q1', 'q2', 'q2', 'q2'];

  it.each([
    // q1: (80,5)>(60,3)>(40,1): 3 pairs right. q2: (90,2) vs (20,1) right, (90,2) vs (50,4) wrong,
    // (20,1) vs (50,4) right → 5 of 6.
    ['within questions', questions, 1, 5 / 6, 6],
    // Gap of 2+: q1 (5,3),(5,1),(3,1) all right; q2 (2,4) wrong, (1,4) right → 4 of 5.
    ['within questions, grade gap of 2 or more', questions, 2, 4 / 5, 5],
  ])('%s', (_name, groups, minGap, value, pairs) => {
    expect(pairwiseAccuracy(scores, grades, groups, minGap)).toEqual({ value, pairs });
  });

  it('counts a tied score as half right and skips pairs with equal grades', () => {
    expect(pairwiseAccuracy([50, 50, 10], [4, 2, 2])).toEqual({ value: 0.75, pairs: 2 });
  });
});

describe('cut points', () => {
  it.each([
    ['an even spread', [10, 20, 30, 40, 50, 60, 70, 80, 90, 100], [1, 1, 2, 2, 3, 3, 4, 4, 5, 5], [25, 45, 65, 85]],
    // Two grade-1 answers but three answers tie at 10: the nearest count below a cut is 0 or 3;
    // 3 is 1 away from 2, 0 is 2 away, so the cut goes above the ties.
    ['tied scores', [10, 10, 10, 40, 70, 90], [1, 1, 2, 2, 3, 3], [25, 55]],
  ])('map scores onto grades as often as the graders used each grade: %s', (_name, scores, grades, expected) => {
    const scale = gradeScale(grades);
    const cuts = fitCutPoints(scores, grades, scale);
    expect(cuts).toEqual(expected);
    const mapped = toScale(scores, cuts, scale);
    for (const g of scale) expect(Math.abs(mapped.filter((m) => m === g).length - grades.filter((x) => x === g).length)).toBeLessThanOrEqual(1);
  });

  it('places a grade nobody got above every observed score', () => {
    const cuts = fitCutPoints([10, 20, 30, 40], [1, 2, 3, 4], [1, 2, 3, 4, 5]);
    expect(cuts.slice(0, 3)).toEqual([15, 25, 35]);
    expect(cuts[3]).toBeGreaterThan(40);
  });
});

describe('agreement()', () => {
  it('reports every figure with its n and a seeded bootstrap interval that holds the value', () => {
    const r = agreement(SCORES, GRADES, { seed: 3 });
    expect(r.n).toBe(12);
    expect(r.spearman).toBeCloseTo(0.9515382638409888, 10);
    expect(r.kendall).toBeCloseTo(0.8923014143544528, 10);
    for (const m of ['spearman', 'pearson', 'kendall', 'qwk', 'exact', 'adjacent', 'pairwise'] as const) {
      const f = r.figures[m];
      expect(f.value).toBe(r[m]);
      expect(f.ci95).not.toBeNull();
      expect(f.ci95![0]).toBeLessThanOrEqual(f.value! + 1e-9);
      expect(f.ci95![1]).toBeGreaterThanOrEqual(f.value! - 1e-9);
    }
    expect(r.figures.spearman.n).toBe(12);
    // No questions: every pair with different grades (12 items, grade counts 2,2,4,2,2).
    expect(r.figures.pairwise.n).toBe(66 - (1 + 1 + 6 + 1 + 1));
    expect(r.cutPointSource).toBe('fitted');
    expect(r.cutPoints).toHaveLength(4);
  });

  it('gives the same intervals for the same seed and different ones for another seed', () => {
    const a = agreement(SCORES, GRADES, { seed: 11, bootstrap: 300 });
    const b = agreement(SCORES, GRADES, { seed: 11, bootstrap: 300 });
    const c = agreement(SCORES, GRADES, { seed: 12, bootstrap: 300 });
    expect(a.figures).toEqual(b.figures);
    expect(c.figures.pearson.ci95).not.toEqual(a.figures.pearson.ci95);
  });

  it('uses given cut points (e.g. a calibrated rubric\'s) and then measures a real mean difference', () => {
    const r = agreement([20, 40, 60, 80], [1, 2, 3, 4], { cutPoints: [10, 30, 50], scale: [1, 2, 3, 4], bootstrap: 0 });
    expect(r.cutPointSource).toBe('given');
    expect(r.machineGrades).toEqual([2, 3, 4, 4]);
    expect(r.exact).toBe(0.25);
    expect(r.adjacent).toBe(1);
    expect(r.smd!).toBeGreaterThan(0.5);
    expect(r.checks.find((c) => c.id === 'smd')).toMatchObject({ pass: false, threshold: 0.15 });
    expect(r.figures.qwk.ci95).toBeNull();
  });

  it('marks the acceptance checks pass or fail', () => {
    const good = agreement([10, 25, 35, 50, 62, 70, 85, 95], [1, 1, 2, 2, 3, 3, 4, 4], { bootstrap: 0 });
    expect(good.checks.map((c) => [c.id, c.pass])).toEqual([
      ['qwk', true],
      ['pearson', true],
      ['smd', true],
    ]);
    const poor = agreement([50, 10, 80, 20, 60, 90, 30, 40], [1, 1, 2, 2, 3, 3, 4, 4], { bootstrap: 0 });
    expect(poor.checks.find((c) => c.id === 'qwk')!.pass).toBe(false);
    expect(poor.checks.find((c) => c.id === 'pearson')!.pass).toBe(false);
  });

  it('reports undefined figures as null and their checks as neither pass nor fail', () => {
    const r = agreement([50, 50, 50, 50], [1, 2, 3, 4], { bootstrap: 50 });
    expect(r.spearman).toBeNull();
    expect(r.figures.spearman).toEqual({ value: null, n: 4, ci95: null });
    expect(r.checks.find((c) => c.id === 'pearson')!.pass).toBeNull();
  });

  describe('with a second human grade', () => {
    // Machine tracks grader 1 a little worse than grader 2 does.
    const scores = [15, 22, 38, 41, 55, 58, 71, 69, 88, 93, 30, 64];
    const g1 = [1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 2, 3];
    const g2 = [1, 2, 2, 2, 3, 4, 4, 4, 5, 5, null, 3];

    it('adds human-human figures on the doubly graded answers and the degradation', () => {
      const r = agreement(scores, g1, { grades2: g2, bootstrap: 200 });
      expect(r.human!.n).toBe(11);
      expect(r.machineOnDoubleGraded!.n).toBe(11);
      for (const m of ['spearman', 'pearson', 'kendall', 'qwk', 'exact', 'adjacent', 'pairwise'] as const) {
        expect(r.degradation![m]).toBeCloseTo(r.human![m]! - r.machineOnDoubleGraded![m]!, 12);
      }
      expect(r.degradation!.smd).toBeNull();
      expect(r.checks.map((c) => c.id)).toEqual(['qwk', 'pearson', 'smd', 'degradation-qwk', 'degradation-pearson']);
      const dq = r.checks.find((c) => c.id === 'degradation-qwk')!;
      expect(dq.pass).toBe(dq.value! <= 0.1);
    });

    it('fails the degradation check when the machine agrees far less than a second grader', () => {
      const shuffled = [55, 93, 15, 71, 22, 88, 38, 41, 58, 30, 69, 64];
      const r = agreement(shuffled, g1, { grades2: g2, bootstrap: 0 });
      expect(r.degradation!.qwk!).toBeGreaterThan(0.1);
      expect(r.checks.find((c) => c.id === 'degradation-qwk')!.pass).toBe(false);
    });
  });

  it.each([
    ['arrays of different lengths', () => agreement([1, 2, 3], [1, 2]), 'INPUT_TYPE'],
    ['a score that is not a number', () => agreement([1, Number.NaN, 3], [1, 2, 3]), 'INPUT_TYPE'],
    ['a grade given as text', () => agreement([1, 2, 3], [1, '2' as unknown as number, 3]), 'INPUT_TYPE'],
    ['a single answer', () => agreement([1], [1]), 'INPUT_EMPTY'],
    ['one grade only', () => agreement([1, 2, 3], [4, 4, 4]), 'INPUT_TYPE'],
    ['cut points that do not fit the scale', () => agreement([1, 2, 3], [1, 2, 3], { cutPoints: [1] }), 'INPUT_TYPE'],
  ])('refuses %s with a typed error', (_name, call, code) => {
    expect(call).toThrow(InputError);
    try {
      call();
    } catch (e) {
      expect((e as InputError).code).toBe(code);
    }
  });
});
