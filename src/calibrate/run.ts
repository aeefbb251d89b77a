import { AnswerEvalError } from '../errors.js';
import { getBuiltinRubric, isBuiltinRubric } from '../rubric/builtin.js';
import { createEvaluator, type Evaluator, type EvaluatorOptions } from '../rubric/evaluate.js';
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

/**
 * Scores graded answers (each once) and measures agreement with the grades, overall and per rubric.
 * Each record's rubric: its own `rubric` field, else the `rubric` option, else `fallback`.
 */
export function runAgreement(records: readonly LabeledAnswer[], options: AgreementRunOptions = {}): AgreementRun {
  const explicit = typeof options.rubric === 'string' ? getBuiltinRubric(options.rubric) : options.rubric;
  const evaluators = new Map<string, Evaluator>();
  const idOf = (r: LabeledAnswer): string => {
    const id = r.rubric ?? explicit?.id ?? options.fallback?.(r);
    if (!id) throw new AnswerEvalError('USAGE', `The answer on line ${r.line ?? '?'} names no rubric: add a "rubric" field or pass --rubric.`);
    return id;
  };
  const evaluatorFor = (r: LabeledAnswer): Evaluator => {
    const id = idOf(r);
    let e = evaluators.get(id);
    if (!e) {
      e = createEvaluator(explicit && explicit.id === id ? explicit : id, { scorers: options.scorers });
      evaluators.set(id, e);
    }
    return e;
  };
  const { scored, skipped } = scoreLabeled(records, evaluatorFor);
  if (scored.length < 2) throw new AnswerEvalError('INPUT_EMPTY', `Agreement needs at least 2 scored answers, got ${scored.length}.`);
  const rubricIds = scored.map((s) => idOf(s.record));
  const calibrated = (ids: readonly string[]): Pick<AgreementOptions, 'cutPoints' | 'scale'> => {
    // A calibrated rubric's own cut points map its scores, when every answer was scored with it.
    const only = new Set(ids);
    if (only.size !== 1) return {};
    const cal = evaluators.get([...only][0])?.rubric.calibration;
    return cal?.cutPoints && cal.grades && cal.cutPoints.length === cal.grades.length - 1 && !options.scale ? { cutPoints: cal.cutPoints, scale: cal.grades } : {};
  };
  const measure = (rows: number[]): AgreementReport => {
    const pick = <T>(f: (i: number) => T) => rows.map(f);
    const hasSecond = rows.some((i) => scored[i].record.grade2 != null);
    const hasQuestions = rows.some((i) => scored[i].record.question);
    return agreement(
      pick((i) => scored[i].evaluation.score),
      pick((i) => scored[i].record.grade),
      {
        scale: options.scale,
        ...calibrated(pick((i) => rubricIds[i])),
        grades2: hasSecond ? pick((i) => scored[i].record.grade2 ?? null) : undefined,
        questions: hasQuestions ? pick((i) => scored[i].record.question) : undefined,
        bootstrap: options.bootstrap,
        seed: options.seed,
        minGap: options.minGap,
      },
    );
  };
  const all = scored.map((_, i) => i);
  const report = measure(all);
  const byRubric: Record<string, AgreementReport> = {};
  const ids = [...new Set(rubricIds)];
  if (ids.length > 1) {
    for (const id of ids.sort()) {
      const rows = all.filter((i) => rubricIds[i] === id);
      const grades = new Set(rows.map((i) => scored[i].record.grade));
      if (rows.length >= 2 && grades.size >= 2) byRubric[id] = measure(rows);
    }
  }
  const items: GradedItem[] = scored.map(({ record, evaluation }, i) => {
    const item: GradedItem = { rubric: rubricIds[i], score: evaluation.score, grade: record.grade, machineGrade: report.machineGrades[i] };
    if (record.id !== undefined) item.id = record.id;
    if (record.line !== undefined) item.line = record.line;
    if (record.question !== undefined) item.question = record.question;
    if (record.grade2 != null) item.grade2 = record.grade2;
    return item;
  });
  return { report, byRubric, items, skipped };
}
