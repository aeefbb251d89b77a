import { AnswerEvalError } from '../errors.js';
import { getBuiltinRubric, isBuiltinRubric } from '../rubric/builtin.js';
import { createEvaluator, type Evaluator, type EvaluatorOptions } from '../rubric/evaluate.js';
import { rubricHash } from '../rubric/parse.js';
import type { Rubric } from '../rubric/schema.js';
import { agreement, type AgreementOptions, type AgreementReport } from './agreement.js';
import { scoreLabeled, type LabeledAnswer, type SkippedAnswer } from './labeled.js';

export interface GradedItem {
  id?: string;
  line?: number;
  rubric: string;
  question?: string;
  score: number;
  grade: number;
  grade2?: number;
  /** The score mapped onto the grade scale. */
  machineGrade: number;
}

export interface AgreementRun {
  report: AgreementReport;
  /** The same figures per rubric, when the answers span more than one. */
  byRubric: Record<string, AgreementReport>;
  items: GradedItem[];
  skipped: SkippedAnswer[];
}

export interface AgreementRunOptions extends Pick<AgreementOptions, 'bootstrap' | 'seed' | 'minGap' | 'scale'> {
  /**
   * The rubric for records that name none (or that name this rubric's id): a built-in id or a
   * rubric object, e.g. a calibrated rubric whose cut points then map the scores.
   */
  rubric?: Rubric | string;
  /** Rubric for a record with neither `rubric` nor a usable default (e.g. from its `round`). */
  fallback?: (record: LabeledAnswer) => string | undefined;
  scorers?: EvaluatorOptions['scorers'];
}

/** The built-in rubric of a record's interview round ("ai-pm/<round>"), when there is one. */
export function rubricForRound(record: LabeledAnswer): string | undefined {
  const id = record.round ? `ai-pm/${record.round}` : undefined;
  return id && isBuiltinRubric(id) ? id : undefined;
}

/** A graded answer with the machine's score, however it was scored. */
export interface ScoredEntry {
  record: LabeledAnswer;
  score: number;
  /** The rubric that scored it, as an Evaluation reports it. */
  rubric: { id: string; version: string; hash: string };
}

/**
 * Scores graded answers (each once) and measures agreement with the grades, overall and per rubric.
 * Each record's rubric is resolved as `answer-eval score` resolves it: its own `rubric` field (a
 * built-in id), else the `rubric` option, else `fallback`.
 */
export function runAgreement(records: readonly LabeledAnswer[], options: AgreementRunOptions = {}): AgreementRun {
  const explicit = typeof options.rubric === 'string' ? getBuiltinRubric(options.rubric) : options.rubric;
  const evaluators = new Map<string, Evaluator>();
  const evaluatorFor = (r: LabeledAnswer): Evaluator => {
    const ref: Rubric | string | undefined = r.rubric ?? explicit ?? options.fallback?.(r);
    if (!ref) throw new AnswerEvalError('USAGE', `The answer on line ${r.line ?? '?'} names no rubric: add a "rubric" field or pass --rubric.`);
    // A record naming a rubric that is not built in may mean the explicit one.
    const resolved = typeof ref === 'string' && explicit && ref === explicit.id && !isBuiltinRubric(ref) ? explicit : ref;
    const key = typeof resolved === 'string' ? resolved : '\u0000explicit';
    let e = evaluators.get(key);
    if (!e) {
      e = createEvaluator(resolved, { scorers: options.scorers });
      evaluators.set(key, e);
    }
    return e;
  };
  const { scored, skipped } = scoreLabeled(records, evaluatorFor);
  return measureAgreement(
    scored.map(({ record, evaluation }) => ({ record, score: evaluation.score, rubric: evaluation.rubric })),
    skipped,
    { ...options, calibrated: explicit },
  );
}

/**
 * Agreement of already scored answers with their grades, overall and per rubric. When every answer
 * was scored by `calibrated` (the same rubric hash) and it carries fitted cut points, those map
 * the scores onto the grade scale instead of cut points fitted on these data.
 */
export function measureAgreement(
  entries: readonly ScoredEntry[],
  skipped: SkippedAnswer[],
  options: Pick<AgreementRunOptions, 'bootstrap' | 'seed' | 'minGap' | 'scale'> & { calibrated?: Rubric } = {},
): AgreementRun {
  if (entries.length < 2) throw new AnswerEvalError('INPUT_EMPTY', `Agreement needs at least 2 scored answers, got ${entries.length}.`);
  const cal = options.calibrated?.calibration;
  const calHash = options.calibrated ? rubricHash(options.calibrated) : undefined;
  const cutPointsFor = (rows: readonly number[]): Pick<AgreementOptions, 'cutPoints' | 'scale'> =>
    cal?.cutPoints && cal.grades && cal.cutPoints.length === cal.grades.length - 1 && !options.scale && rows.every((i) => entries[i].rubric.hash === calHash)
      ? { cutPoints: cal.cutPoints, scale: cal.grades }
      : {};
  const measure = (rows: number[]): AgreementReport => {
    const pick = <T>(f: (e: ScoredEntry) => T) => rows.map((i) => f(entries[i]));
    const hasSecond = rows.some((i) => entries[i].record.grade2 != null);
    const hasQuestions = rows.some((i) => entries[i].record.question);
    return agreement(
      pick((e) => e.score),
      pick((e) => e.record.grade),
      {
        scale: options.scale,
        ...cutPointsFor(rows),
        grades2: hasSecond ? pick((e) => e.record.grade2 ?? null) : undefined,
        questions: hasQuestions ? pick((e) => e.record.question) : undefined,
        bootstrap: options.bootstrap,
        seed: options.seed,
        minGap: options.minGap,
      },
    );
  };
  const all = entries.map((_, i) => i);
  const report = measure(all);
  const byRubric: Record<string, AgreementReport> = {};
  const ids = [...new Set(entries.map((e) => e.rubric.id))];
  if (ids.length > 1) {
    for (const id of ids.sort()) {
      const rows = all.filter((i) => entries[i].rubric.id === id);
      const grades = new Set(rows.map((i) => entries[i].record.grade));
      if (rows.length >= 2 && grades.size >= 2) byRubric[id] = measure(rows);
    }
  }
  const items: GradedItem[] = entries.map(({ record, score, rubric }, i) => {
    const item: GradedItem = { rubric: rubric.id, score, grade: record.grade, machineGrade: report.machineGrades[i] };
    if (record.id !== undefined) item.id = record.id;
    if (record.line !== undefined) item.line = record.line;
    if (record.question !== undefined) item.question = record.question;
    if (record.grade2 != null) item.grade2 = record.grade2;
    return item;
  });
  return { report, byRubric, items, skipped };
}
