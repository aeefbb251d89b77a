import { createHash } from 'node:crypto';
import { InputError } from '../errors.js';
import { allowanceFactor, totalCap, totalScore } from '../rubric/aggregate.js';
import { getBuiltinRubric } from '../rubric/builtin.js';
import { createEvaluator, type EvaluatorOptions } from '../rubric/evaluate.js';
import { parseRubric } from '../rubric/parse.js';
import type { Rubric, RubricInput } from '../rubric/schema.js';
import { AGREEMENT_METRICS, buildReport, type AgreementFigures, type AgreementReport } from './agreement.js';
import { fitCutPoints, gradeScale, toScale } from './cut-points.js';
import { scoreLabeled, toLabeledAnswer, type LabeledAnswer, type SkippedAnswer } from './labeled.js';
import { seededRandom, sd } from './stats.js';

export interface CalibrateOptions {
  /** Cross-validation folds (default 5; fewer when there are fewer answers). */
  folds?: number;
  /** Seed for fold assignment, pair sampling and bootstrap intervals (default 1). */
  seed?: number;
  /**
   * Pull toward the rubric's own weights (default 10). It is weighed against a data term that
   * grows with the number of answers, so a handful of grades moves the weights only a little.
   */
  shrinkage?: number;
  /** Largest factor by which any weight may move, up or down (default 3). */
  maxFactor?: number;
  /** Date written into the calibration block (default: today, YYYY-MM-DD). */
  date?: string;
  /** The grade scale (default: the grades seen, whole-number gaps filled). */
  scale?: readonly number[];
  /** Bootstrap resamples for the intervals of the before/after reports (default 1000). */
  bootstrap?: number;
  /** Custom scorers the rubric needs, as for createEvaluator. */
  scorers?: EvaluatorOptions['scorers'];
}

export interface CalibratedWeight {
  id: string;
  /** The rubric's own weight. */
  before: number;
  /** The weight fitted on all the answers, whether adopted or not. */
  fitted: number;
  /** The weight in the returned rubric: `fitted` when adopted, else `before`. */
  after: number;
}

export interface CalibrationResult {
  /** The new rubric version: fitted weights (when adopted), cut points and a `calibration` block. */
  rubric: Rubric;
  /** Answers used. */
  n: number;
  /** Records left out because they belong to another rubric. */
  ignored: number;
  /** Answers the evaluator refused (empty, too long), with the reason. */
  skipped: SkippedAnswer[];
  folds: number;
  /** "question": whole questions were held out together; "answer": answers were split, stratified by grade. */
  foldsBy: 'question' | 'answer';
  weights: CalibratedWeight[];
  /**
   * Whether the fitted weights replaced the rubric's own. They are kept only when their held-out
   * Spearman is no lower than the rubric's own weights'; otherwise only the cut points are new.
   */
  adopted: boolean;
  /** Held-out agreement of the rubric's own weights (cut points fitted without the held-out fold). */
  before: AgreementReport;
  /** Held-out agreement of the weights fitted without each fold. */
  fitted: AgreementReport;
  /** Held-out agreement of what the returned rubric does: `fitted` when adopted, else `before`. */
  after: AgreementReport;
}

/** One answer as the fit sees it: criterion scores (NaN = not applicable), the cap, the grade. */
interface Design {
  n: number;
  k: number;
  scores: Float64Array;
  caps: Float64Array;
  grades: number[];
}

const round = (x: number, d: number) => {
  const f = 10 ** d;
  return Math.round(x * f) / f;
};

/** Sum of weight × score and of weights over one answer's applicable criteria (NaN = not applicable). */
function weightedSums(d: Design, w: readonly number[], i: number): { num: number; den: number } {
  let num = 0;
  let den = 0;
  for (let c = 0; c < d.k; c++) {
    const s = d.scores[i * d.k + c];
    if (Number.isNaN(s) || !(w[c] > 0)) continue;
    num += w[c] * s;
    den += w[c];
  }
  return { num, den };
}

/**
 * The totals the fit optimizes: aggregate's weighted mean and cap, but unrounded, since the
 * one-decimal rounding of reported totals would flatten the gradient. Predictions use
 * reportedTotals, which is aggregate's own arithmetic.
 */
function rawTotals(d: Design, w: readonly number[], rows: readonly number[]): number[] {
  return rows.map((i) => {
    const { num, den } = weightedSums(d, w, i);
    return den > 0 ? Math.min((100 * num) / den, d.caps[i]) : 0;
  });
}

/** Totals exactly as an evaluation with weights `w` reports them (aggregate's own arithmetic). */
function reportedTotals(d: Design, w: readonly number[], rows: readonly number[]): number[] {
  return rows.map((i) => {
    const criteria = w.map((weight, c) => {
      const s = d.scores[i * d.k + c];
      return { weight, score: Number.isNaN(s) ? null : s };
    });
    return totalScore(criteria, d.caps[i]);
  });
}

interface FitSettings {
  shrinkage: number;
  maxFactor: number;
  seed: number;
}

const MAX_PAIRS = 20_000;

/**
 * Fits weights w = w0 * exp(theta) on `rows`: a logistic loss on every pair of answers with
 * different grades (weighted by the grade gap) for the ordering the graders gave, plus
 * shrinkage * |theta|² toward the rubric's weights, theta bounded by log(maxFactor). The pair loss
 * is scaled to the number of answers, so the data outweigh the pull only as they accumulate.
 * Projected gradient descent with backtracking; deterministic.
 */
function fitWeights(d: Design, w0: readonly number[], rows: readonly number[], st: FitSettings): number[] {
  const free = w0.map((w) => w > 0);
  const bound = Math.log(Math.max(1, st.maxFactor));
  // [position in rows of the better answer, of the worse one, grade gap]
  let pairs: [number, number, number][] = [];
  rows.forEach((a, x) => rows.forEach((b, y) => {
    if (d.grades[a] > d.grades[b]) pairs.push([x, y, d.grades[a] - d.grades[b]]);
  }));
  if (!pairs.length || bound === 0) return [...w0];
  if (pairs.length > MAX_PAIRS) {
    const rand = seededRandom(st.seed ^ 0x5bd1e995);
    for (let i = pairs.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
    }
    pairs = pairs.slice(0, MAX_PAIRS);
  }
  const gapSum = pairs.reduce((s, p) => s + p[2], 0);
  const dataScale = rows.length / gapSum;
  // Temperature in score points: a quarter of the spread, so the loss is neither a step nor flat.
  const tau = Math.max(2, sd(rawTotals(d, w0, rows)) / 4);

  const objective = (theta: readonly number[], wantGrad: boolean): { value: number; grad: number[] } => {
    const w = w0.map((x, c) => (free[c] ? x * Math.exp(theta[c]) : 0));
    const totals = rawTotals(d, w, rows);
    const dT = new Float64Array(rows.length);
    let value = 0;
    for (const [a, b, gap] of pairs) {
      const z = (totals[a] - totals[b]) / tau;
      // softplus(-z), computed stably
      value += gap * (z > 0 ? Math.log1p(Math.exp(-z)) : -z + Math.log1p(Math.exp(z)));
      if (wantGrad) {
        const sig = 1 / (1 + Math.exp(z));
        dT[a] -= (gap * sig) / tau;
        dT[b] += (gap * sig) / tau;
      }
    }
    value *= dataScale;
    const grad = theta.map((t) => 2 * st.shrinkage * t);
    for (let c = 0; c < d.k; c++) if (free[c]) value += st.shrinkage * theta[c] * theta[c];
    if (wantGrad) {
      rows.forEach((i, ri) => {
        if (dT[ri] === 0) return;
        const { num, den } = weightedSums(d, w, i);
        if (!(den > 0)) return;
        const t = (100 * num) / den;
        if (t > d.caps[i]) return; // capped: the weights do not move this total
        for (let c = 0; c < d.k; c++) {
          const s = d.scores[i * d.k + c];
          if (Number.isNaN(s) || !(w[c] > 0)) continue;
          grad[c] += dataScale * dT[ri] * ((w[c] * (100 * s - t)) / den);
        }
      });
    }
    return { value, grad: grad.map((g, c) => (free[c] ? g : 0)) };
  };

  const clip = (t: number) => Math.max(-bound, Math.min(bound, t));
  let theta = w0.map(() => 0);
  let cur = objective(theta, true);
  let step = 0.1;
  for (let iter = 0; iter < 300; iter++) {
    let accepted = false;
    for (let tries = 0; tries < 40; tries++) {
      const next = theta.map((t, c) => clip(t - step * cur.grad[c]));
      const moved = next.reduce((s, t, c) => s + cur.grad[c] * (theta[c] - t), 0);
      const cand = objective(next, false);
      if (cand.value <= cur.value - 1e-4 * moved) {
        const improvement = cur.value - cand.value;
        theta = next;
        cur = objective(theta, true);
        step *= 1.5;
        accepted = improvement > 1e-10;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
  }
  return w0.map((x, c) => (free[c] ? x * Math.exp(theta[c]) : 0));
}

/**
 * Scales weights back to the rubric's total (only their ratios matter), holds each within maxFactor
 * of the rubric's own once more (rescaling can stretch the bound the fit kept), and rounds them for
 * the file; a weight never rounds to 0.
 */
function tidyWeights(w: readonly number[], w0: readonly number[], maxFactor: number): number[] {
  const sum0 = w0.reduce((s, x) => s + x, 0);
  const sum = w.reduce((s, x) => s + x, 0);
  return w.map((x, c) => {
    if (!(w0[c] > 0)) return 0;
    const scaled = Math.min(w0[c] * maxFactor, Math.max(w0[c] / maxFactor, (x * sum0) / sum));
    return Math.max(0.001, round(scaled, 3));
  });
}

/**
 * Fold of each answer. Whole questions are held out together when there are at least as many
 * questions as folds (the held-out figures then say how the weights carry to new questions);
 * otherwise answers are dealt out in grade order so each fold sees every grade.
 */
function assignFolds(records: readonly LabeledAnswer[], folds: number, seed: number): { fold: number[]; by: 'question' | 'answer' } {
  const rand = seededRandom(seed);
  const questions = [...new Set(records.map((r) => r.question).filter((q): q is string => !!q))];
  if (questions.length >= folds && records.every((r) => r.question)) {
    const keyed = questions.map((q) => ({ q, key: rand() })).sort((a, b) => a.key - b.key);
    const foldOf = new Map(keyed.map((x, i) => [x.q, i % folds]));
    return { fold: records.map((r) => foldOf.get(r.question!)!), by: 'question' };
  }
  const order = records.map((r, i) => ({ i, g: r.grade, key: rand() })).sort((a, b) => a.g - b.g || a.key - b.key);
  const fold = new Array<number>(records.length);
  const offset = Math.floor(rand() * folds);
  order.forEach((x, j) => (fold[x.i] = (j + offset) % folds));
  return { fold, by: 'answer' };
}

function dataHash(records: readonly LabeledAnswer[]): string {
  const h = createHash('sha256');
  for (const r of records) h.update(JSON.stringify([r.id ?? null, r.question ?? null, r.answer, r.grade, r.grade2 ?? null])).update('\n');
  return h.digest('hex').slice(0, 16);
}

function bumpVersion(version: string, hash: string): string {
  const m = /^(\d+)\.(\d+)\.\d+/.exec(version);
  const [major, minor] = m ? [Number(m[1]), Number(m[2])] : [1, 0];
  return `${major}.${minor + 1}.0+cal.${hash.slice(0, 8)}`;
}

function figuresRecord(f: AgreementFigures): Record<string, number> {
  const out: Record<string, number> = { n: f.n };
  for (const m of AGREEMENT_METRICS) if (f[m] !== null) out[m] = round(f[m]!, 4);
  return out;
}

function belongs(r: LabeledAnswer, rubric: Rubric): boolean {
  if (r.rubric !== undefined) return r.rubric === rubric.id;
  if (r.round !== undefined && rubric.round !== undefined) return r.round === rubric.round;
  return true;
}

/**
 * Fits non-negative criterion weights and grade cut points to human grades, with k-fold
 * cross-validation and shrinkage toward the rubric's own weights. Each answer is evaluated once;
 * weights are refitted on the criterion scores, with not-applicable criteria renormalized and the
 * flag caps applied as aggregate does. Returns a new rubric version with a `calibration` block and
 * the held-out agreement before and after.
 */
export function calibrate(rubric: RubricInput | Rubric | string, labeled: readonly LabeledAnswer[], options: CalibrateOptions = {}): CalibrationResult {
  const base = typeof rubric === 'string' ? getBuiltinRubric(rubric) : parseRubric(rubric);
  if (!Array.isArray(labeled)) throw new InputError('INPUT_TYPE', 'calibrate() takes an array of graded answers { id, answer, question?, rubric?, grade, grade2? }.');
  const records: LabeledAnswer[] = [];
  let ignored = 0;
  labeled.forEach((raw, i) => {
    const r = toLabeledAnswer(raw, (raw as LabeledAnswer)?.line ?? i + 1);
    if (typeof r === 'string') throw new InputError('INPUT_TYPE', `Graded answer ${i + 1}: ${r}.`);
    if (belongs(r, base)) records.push(r);
    else ignored++;
  });
  const evaluator = createEvaluator(base, { scorers: options.scorers });
  const { scored, skipped } = scoreLabeled(records, () => evaluator);
  const used = scored.map((s) => s.record);
  const n = used.length;
  if (n < 4 || new Set(used.map((r) => r.grade)).size < 2) {
    throw new InputError('INPUT_EMPTY', `Calibrating "${base.id}" needs at least 4 graded answers with two different grades; got ${n}${ignored ? ` (${ignored} records of other rubrics ignored)` : ''}.`);
  }
  const requested = options.folds ?? 5;
  if (!Number.isInteger(requested) || requested < 2) throw new InputError('INPUT_TYPE', `folds must be a whole number of at least 2, got ${requested}.`);
  const folds = Math.min(requested, n);
  const seed = options.seed ?? 1;
  const settings: FitSettings = { shrinkage: options.shrinkage ?? 10, maxFactor: options.maxFactor ?? 3, seed };
  if (!(settings.shrinkage >= 0) || !(settings.maxFactor >= 1)) throw new InputError('INPUT_TYPE', 'shrinkage must be >= 0 and maxFactor >= 1.');

  const k = base.criteria.length;
  const exponent = base.scoreExponent ?? 1;
  const design: Design = { n, k, scores: new Float64Array(n * k), caps: new Float64Array(n), grades: used.map((r) => r.grade) };
  scored.forEach(({ evaluation }, i) => {
    const factor = allowanceFactor(base, evaluation.stats.words);
    base.criteria.forEach((c, ci) => {
      const s = evaluation.criteria.find((x) => x.id === c.id)?.score ?? null;
      // The fit works on what the total averages: each score, with the short-answer allowance,
      // raised to the rubric's exponent.
      design.scores[i * k + ci] = s === null ? NaN : Math.min(1, s * factor) ** exponent;
    });
    design.caps[i] = totalCap(base, evaluation.flags);
  });
  const w0 = base.criteria.map((c) => c.weight);
  const scale = options.scale ? [...options.scale] : gradeScale(used.flatMap((r) => (r.grade2 != null ? [r.grade, r.grade2] : [r.grade])));
  if (scale.length < 2 || scale.some((v, i) => !Number.isFinite(v) || (i > 0 && v <= scale[i - 1]))) {
    throw new InputError('INPUT_TYPE', `The grade scale needs at least two ascending steps, got [${scale.join(', ')}].`);
  }

  // Cross-validation: every answer gets a total and a grade from a fit that never saw it.
  const { fold, by } = assignFolds(used, folds, seed);
  const heldBefore = new Array<number>(n);
  const heldBeforeGrade = new Array<number>(n);
  const heldAfter = new Array<number>(n);
  const heldAfterGrade = new Array<number>(n);
  const all = used.map((_, i) => i);
  for (let f = 0; f < folds; f++) {
    const train = all.filter((i) => fold[i] !== f);
    const test = all.filter((i) => fold[i] === f);
    if (!test.length) continue;
    const trainGrades = train.map((i) => design.grades[i]);
    const wf = fitWeights(design, w0, train, { ...settings, seed: seed + f });
    for (const [w, totals, mapped] of [
      [w0, heldBefore, heldBeforeGrade],
      [wf, heldAfter, heldAfterGrade],
    ] as const) {
      const cuts = fitCutPoints(reportedTotals(design, w, train), trainGrades, scale);
      const t = reportedTotals(design, w, test);
      const m = toScale(t, cuts, scale);
      test.forEach((i, j) => {
        totals[i] = t[j];
        mapped[i] = m[j];
      });
    }
  }

  const fittedAll = tidyWeights(fitWeights(design, w0, all, settings), w0, settings.maxFactor);
  const report = (totals: number[], mapped: number[], w: readonly number[]) =>
    buildReport(totals, design.grades, mapped, {
      scale,
      cutPoints: fitCutPoints(reportedTotals(design, w, all), design.grades, scale).map((c) => round(c, 2)),
      cutPointSource: 'cross-validated',
      second: used.some((r) => r.grade2 != null) ? used.map((r) => r.grade2 ?? null) : undefined,
      groups: used.some((r) => r.question) ? used.map((r) => r.question) : undefined,
    }, { bootstrap: options.bootstrap, seed });
  const before = report(heldBefore, heldBeforeGrade, w0);
  const fitted = report(heldAfter, heldAfterGrade, fittedAll);
  const adopted = (fitted.spearman ?? -Infinity) >= (before.spearman ?? -Infinity);
  const after = adopted ? fitted : before;
  const weights = adopted ? fittedAll : [...w0];

  const hash = dataHash(used);
  const { $schema: _schema, calibration: _previous, ...rest } = base;
  const out = parseRubric({
    ...rest,
    version: bumpVersion(base.version, hash),
    criteria: base.criteria.map((c, i) => ({ ...c, weight: weights[i] })),
    calibration: {
      dataHash: hash,
      n,
      date: options.date ?? new Date().toISOString().slice(0, 10),
      folds,
      cutPoints: after.cutPoints,
      grades: scale,
      before: figuresRecord(before),
      after: figuresRecord(after),
    },
  });
  return {
    rubric: out,
    n,
    ignored,
    skipped,
    folds,
    foldsBy: by,
    weights: base.criteria.map((c, i) => ({ id: c.id, before: c.weight, fitted: fittedAll[i], after: weights[i] })),
    adopted,
    before,
    fitted,
    after,
  };
}
