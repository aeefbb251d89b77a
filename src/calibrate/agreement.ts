import { InputError } from '../errors.js';
import { fitCutPoints, gradeScale, toScale } from './cut-points.js';
import {
  agreementRate,
  kendallTauB,
  pairwiseAccuracy,
  pearson,
  quadraticWeightedKappa,
  quantileSorted,
  seededRandom,
  spearman,
  standardizedMeanDifference,
} from './stats.js';

/** The figures of an agreement report, under the keys `--format json` promises. */
export const AGREEMENT_METRICS = ['spearman', 'pearson', 'kendall', 'qwk', 'exact', 'adjacent', 'pairwise', 'smd'] as const;
export type AgreementMetric = (typeof AGREEMENT_METRICS)[number];

export interface AgreementFigure {
  /** null when the figure is undefined for these data (a constant series, no comparable pair). */
  value: number | null;
  /** Items it rests on; for `pairwise`, the number of pairs. */
  n: number;
  /** Percentile bootstrap 95% interval over resampled answers; null when not computed. */
  ci95: [number, number] | null;
}

export type AgreementFigures = { n: number } & Record<AgreementMetric, number | null> & {
  figures: Record<AgreementMetric, AgreementFigure>;
};

export interface AcceptanceCheck {
  id: 'qwk' | 'pearson' | 'smd' | 'degradation-qwk' | 'degradation-pearson';
  /** e.g. "QWK >= 0.70" */
  label: string;
  value: number | null;
  threshold: number;
  /** null when the figure could not be computed. */
  pass: boolean | null;
}

export interface AgreementOptions {
  /** A second human grade per item (null/undefined where only one grader graded). */
  grades2?: readonly (number | null | undefined)[];
  /** The question (or any group key) per item: pairwise accuracy only compares answers to the same question. */
  questions?: readonly (string | null | undefined)[];
  /** The grade scale, ascending (default: the grades seen, whole-number gaps filled). */
  scale?: readonly number[];
  /** Score thresholds between grades (scale.length - 1, ascending); default: fitted on these data. */
  cutPoints?: readonly number[];
  /** Smallest grade gap for a pair to count in `pairwise` (default 1). */
  minGap?: number;
  /** Bootstrap resamples for the 95% intervals (default 1000; 0 turns them off). */
  bootstrap?: number;
  /** Seed of the resampling, so the intervals are the same on every run (default 1). */
  seed?: number;
}

export interface AgreementReport extends AgreementFigures {
  scale: number[];
  cutPoints: number[];
  /**
   * "fitted": fitted on these data, which makes `smd` near 0 by construction; "given": passed in
   * (e.g. from a calibrated rubric); "cross-validated": each answer mapped by cut points fitted
   * without it (`cutPoints` then shows the ones fitted on all the data).
   */
  cutPointSource: 'given' | 'fitted' | 'cross-validated';
  /** The machine's scores mapped onto the grade scale, in input order. */
  machineGrades: number[];
  /** With grade2: the two humans against each other, on the items both graded. */
  human?: AgreementFigures;
  /** With grade2: the machine against the first human on the same items. */
  machineOnDoubleGraded?: AgreementFigures;
  /** With grade2: human-human minus machine-human (positive: the machine agrees less than a second grader). */
  degradation?: Omit<AgreementFigures, 'smd'> & { smd: null };
  checks: AcceptanceCheck[];
}

const THRESHOLDS = { qwk: 0.7, pearson: 0.7, smd: 0.15, degradation: 0.1 };

function requireFinite(xs: readonly unknown[], what: string): number[] {
  return xs.map((x, i) => {
    if (typeof x !== 'number' || !Number.isFinite(x)) throw new InputError('INPUT_TYPE', `${what}[${i}] is ${JSON.stringify(x) ?? String(x)}, not a finite number.`);
    return x;
  });
}

const clean = (x: number): number | null => (Number.isFinite(x) ? x : null);

type Computer = (idx: readonly number[]) => Record<AgreementMetric, number>;

/**
 * Figures from `compute` on all items, and percentile bootstrap intervals from resampling the items
 * with replacement (the same seeded resamples for every figure, so they stay comparable).
 */
function withIntervals(count: number, compute: Computer, pairsOf: (idx: readonly number[]) => number, bootstrap: number, seed: number): AgreementFigures {
  const all = Array.from({ length: count }, (_, i) => i);
  const point = compute(all);
  const samples: Record<AgreementMetric, number[]> = Object.fromEntries(AGREEMENT_METRICS.map((m) => [m, []])) as never;
  if (bootstrap > 0 && count >= 2) {
    const rand = seededRandom(seed);
    const idx = new Array<number>(count);
    for (let b = 0; b < bootstrap; b++) {
      for (let i = 0; i < count; i++) idx[i] = Math.floor(rand() * count);
      const r = compute(idx);
      for (const m of AGREEMENT_METRICS) if (Number.isFinite(r[m])) samples[m].push(r[m]);
    }
  }
  const figures = {} as Record<AgreementMetric, AgreementFigure>;
  const out = { n: count } as AgreementFigures;
  for (const m of AGREEMENT_METRICS) {
    const s = samples[m].sort((a, b) => a - b);
    // An interval from a minority of resamples (most were degenerate) would mislead.
    const ci: [number, number] | null = Number.isFinite(point[m]) && s.length >= Math.max(2, bootstrap / 2) ? [quantileSorted(s, 0.025), quantileSorted(s, 0.975)] : null;
    figures[m] = { value: clean(point[m]), n: m === 'pairwise' ? pairsOf(all) : count, ci95: ci };
    out[m] = figures[m].value;
  }
  out.figures = figures;
  return out;
}

/** All figures between machine scores (raw and mapped onto the scale) and human grades, on a subset. */
function figuresFor(raw: readonly number[], mapped: readonly number[], human: readonly number[], scale: readonly number[], groups: readonly (string | undefined)[] | undefined, minGap: number): Computer {
  return (idx) => {
    const r = idx.map((i) => raw[i]);
    const m = idx.map((i) => mapped[i]);
    const h = idx.map((i) => human[i]);
    const g = groups ? idx.map((i) => groups[i]) : undefined;
    return {
      spearman: spearman(r, h),
      pearson: pearson(r, h),
      kendall: kendallTauB(r, h),
      qwk: quadraticWeightedKappa(m, h, scale),
      exact: agreementRate(m, h, 0),
      adjacent: agreementRate(m, h, stepOf(scale)),
      pairwise: pairwiseAccuracy(r, h, g, minGap).value,
      smd: standardizedMeanDifference(m, h),
    };
  };
}

/** One step of the scale (adjacent agreement allows a difference of one step). */
function stepOf(scale: readonly number[]): number {
  let step = Infinity;
  for (let i = 1; i < scale.length; i++) step = Math.min(step, scale[i] - scale[i - 1]);
  return Number.isFinite(step) ? step : 1;
}

/**
 * How well machine scores agree with human grades: rank correlations on the raw scores (Spearman,
 * Pearson, Kendall tau-b), and after mapping the scores onto the grade scale with cut points,
 * quadratic weighted kappa, exact and adjacent agreement and the standardized mean difference;
 * pairwise order accuracy within each question. Every figure carries its n and a seeded bootstrap
 * 95% interval (cut points are held fixed across resamples). With a second grade, the same figures
 * between the two humans and the machine's degradation from them.
 */
export function agreement(scores: readonly number[], grades: readonly number[], options: AgreementOptions = {}): AgreementReport {
  if (!Array.isArray(scores) || !Array.isArray(grades)) throw new InputError('INPUT_TYPE', 'agreement() takes two arrays: machine scores and human grades.');
  if (scores.length !== grades.length) throw new InputError('INPUT_TYPE', `agreement() got ${scores.length} scores but ${grades.length} grades.`);
  if (scores.length < 2) throw new InputError('INPUT_EMPTY', `agreement() needs at least 2 graded answers, got ${scores.length}.`);
  const s = requireFinite(scores, 'scores');
  const g = requireFinite(grades, 'grades');
  const g2 = options.grades2;
  if (g2 && g2.length !== g.length) throw new InputError('INPUT_TYPE', `agreement() got ${g.length} grades but ${g2.length} second grades.`);
  const groups = options.questions ? options.questions.map((q) => (q == null ? undefined : String(q))) : undefined;
  if (groups && groups.length !== g.length) throw new InputError('INPUT_TYPE', `agreement() got ${g.length} grades but ${groups.length} questions.`);
  const second = g2 ? g2.map((x, i) => (x == null ? null : requireFinite([x], `grades2[${i}]`)[0])) : undefined;

  const scale = options.scale ? requireFinite(options.scale, 'scale') : gradeScale([...g, ...((second ?? []).filter((x) => x !== null) as number[])]);
  if (scale.length < 2 || scale.some((v, i) => i > 0 && v <= scale[i - 1])) {
    throw new InputError('INPUT_TYPE', `The grade scale needs at least two ascending steps, got [${scale.join(', ')}].`);
  }
  let cutPoints: number[];
  let cutPointSource: AgreementReport['cutPointSource'];
  if (options.cutPoints) {
    cutPoints = requireFinite(options.cutPoints, 'cutPoints');
    if (cutPoints.length !== scale.length - 1 || cutPoints.some((c, i) => i > 0 && c < cutPoints[i - 1])) {
      throw new InputError('INPUT_TYPE', `cutPoints must be ${scale.length - 1} ascending thresholds for the scale [${scale.join(', ')}].`);
    }
    cutPointSource = 'given';
  } else {
    cutPoints = fitCutPoints(s, g, scale);
    cutPointSource = 'fitted';
  }
  return buildReport(s, g, toScale(s, cutPoints, scale), { scale, cutPoints, cutPointSource, second, groups }, options);
}

/**
 * The report once the scores are mapped onto the scale. Calibration calls it directly with
 * held-out mappings, whose cut points differ from fold to fold.
 */
export function buildReport(
  s: readonly number[],
  g: readonly number[],
  mapped: readonly number[],
  ctx: { scale: number[]; cutPoints: number[]; cutPointSource: AgreementReport['cutPointSource']; second?: (number | null)[]; groups?: (string | undefined)[] },
  options: Pick<AgreementOptions, 'minGap' | 'bootstrap' | 'seed'> = {},
): AgreementReport {
  const { scale, cutPoints, cutPointSource, second, groups } = ctx;
  const minGap = options.minGap ?? 1;
  const bootstrap = Math.max(0, Math.floor(options.bootstrap ?? 1000));
  const seed = options.seed ?? 1;
  const pairsOf = (raw: readonly number[], human: readonly number[], grp?: readonly (string | undefined)[]) => (idx: readonly number[]) =>
    pairwiseAccuracy(idx.map((i) => raw[i]), idx.map((i) => human[i]), grp ? idx.map((i) => grp[i]) : undefined, minGap).pairs;

  const main = withIntervals(s.length, figuresFor(s, mapped, g, scale, groups, minGap), pairsOf(s, g, groups), bootstrap, seed);
  const report: AgreementReport = { ...main, scale, cutPoints, cutPointSource, machineGrades: [...mapped], checks: [] };

  if (second) {
    const both = second.map((x, i) => (x === null ? -1 : i)).filter((i) => i >= 0);
    if (both.length >= 2) {
      const pick = <T>(xs: readonly T[]) => both.map((i) => xs[i]);
      const h1 = pick(g);
      const h2 = pick(second as number[]);
      const grp = groups ? pick(groups) : undefined;
      const rawSub = pick(s);
      const mappedSub = pick(mapped);
      // The second grader is already on the scale: their grades are both "raw" and "mapped".
      const humanFn = figuresFor(h2, h2, h1, scale, grp, minGap);
      const machineFn = figuresFor(rawSub, mappedSub, h1, scale, grp, minGap);
      report.human = withIntervals(both.length, humanFn, pairsOf(h2, h1, grp), bootstrap, seed + 1);
      report.machineOnDoubleGraded = withIntervals(both.length, machineFn, pairsOf(rawSub, h1, grp), bootstrap, seed + 1);
      const diff: Computer = (idx) => {
        const h = humanFn(idx);
        const m = machineFn(idx);
        return Object.fromEntries(AGREEMENT_METRICS.map((k) => [k, k === 'smd' ? NaN : h[k] - m[k]])) as Record<AgreementMetric, number>;
      };
      report.degradation = withIntervals(both.length, diff, pairsOf(rawSub, h1, grp), bootstrap, seed + 1) as AgreementReport['degradation'];
    }
  }
  report.checks = acceptanceChecks(report);
  return report;
}

function acceptanceChecks(r: AgreementReport): AcceptanceCheck[] {
  const check = (id: AcceptanceCheck['id'], label: string, value: number | null, threshold: number, ok: (v: number) => boolean): AcceptanceCheck => ({
    id,
    label,
    value,
    threshold,
    pass: value === null ? null : ok(value),
  });
  const out = [
    check('qwk', `QWK >= ${THRESHOLDS.qwk.toFixed(2)}`, r.qwk, THRESHOLDS.qwk, (v) => v >= THRESHOLDS.qwk),
    check('pearson', `Pearson >= ${THRESHOLDS.pearson.toFixed(2)}`, r.pearson, THRESHOLDS.pearson, (v) => v >= THRESHOLDS.pearson),
    check('smd', `|SMD| <= ${THRESHOLDS.smd.toFixed(2)}`, r.smd, THRESHOLDS.smd, (v) => Math.abs(v) <= THRESHOLDS.smd),
  ];
  if (r.degradation) {
    out.push(
      check('degradation-qwk', `QWK degradation <= ${THRESHOLDS.degradation.toFixed(2)}`, r.degradation.qwk, THRESHOLDS.degradation, (v) => v <= THRESHOLDS.degradation),
      check('degradation-pearson', `Pearson degradation <= ${THRESHOLDS.degradation.toFixed(2)}`, r.degradation.pearson, THRESHOLDS.degradation, (v) => v <= THRESHOLDS.degradation),
    );
  }
  return out;
}
