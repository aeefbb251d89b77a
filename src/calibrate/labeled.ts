import { AnswerEvalError, InputError } from '../errors.js';
import type { Evaluation, Evaluator } from '../rubric/evaluate.js';

/** One human-graded answer: `{ id, answer, question?, rubric?, grade, grade2? }`. */
export interface LabeledAnswer {
  id?: string;
  answer: string;
  question?: string;
  /** Rubric id the answer was graded against; records of other rubrics are left out of calibration. */
  rubric?: string;
  /** The interview round, as in the project's graded sets (maps to the built-in rubric "ai-pm/<round>"). */
  round?: string;
  grade: number;
  /** A second, independent human grade. */
  grade2?: number | null;
  /** Line (JSONL) or 1-based index (JSON array) in the input file, for messages. */
  line?: number;
  /** The input file, when read from one. */
  file?: string;
}

const MAX_LISTED = 5;

function gradeOf(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  // Spreadsheet exports often quote numbers.
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

/**
 * Checks one raw record and returns it as a LabeledAnswer, or the reason it cannot be used.
 * Grades must be numbers; an answer must be a string.
 */
export function toLabeledAnswer(raw: unknown, line?: number): LabeledAnswer | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'not a JSON object';
  const r = raw as Record<string, unknown>;
  if (typeof r.answer !== 'string') return '"answer" must be a string';
  const grade = gradeOf(r.grade);
  if (grade === undefined) return r.grade === undefined ? 'no "grade"' : `"grade" must be a number, got ${JSON.stringify(r.grade)}`;
  const out: LabeledAnswer = { answer: r.answer, grade };
  if (r.id !== undefined && r.id !== null) out.id = String(r.id);
  for (const k of ['question', 'rubric', 'round'] as const) {
    const v = r[k];
    // An empty cell (CSV, spreadsheets) means "none", as `score` reads an empty rubric.
    if (v === undefined || v === null || (v === '' && k !== 'question')) continue;
    if (typeof v !== 'string') return `"${k}" must be a string`;
    out[k] = v;
  }
  if (r.grade2 !== undefined && r.grade2 !== null && r.grade2 !== '') {
    const g2 = gradeOf(r.grade2);
    if (g2 === undefined) return `"grade2" must be a number, got ${JSON.stringify(r.grade2)}`;
    out.grade2 = g2;
  }
  if (line !== undefined) out.line = line;
  return out;
}

/**
 * Parses graded answers from JSONL (one object a line) or a JSON array. Every unusable record is
 * reported with its line, in one error, so a file can be fixed in one pass.
 */
export function parseLabeledAnswers(text: string, file = 'input'): LabeledAnswer[] {
  const raws: { raw: unknown; line: number }[] = [];
  const trimmed = text.replace(/^\uFEFF/, '').trimStart();
  if (trimmed.startsWith('[')) {
    let arr: unknown;
    try {
      arr = JSON.parse(trimmed);
    } catch (e) {
      throw new AnswerEvalError('PARSE', `${file}: not valid JSON (${(e as Error).message}).`);
    }
    if (!Array.isArray(arr)) throw new AnswerEvalError('PARSE', `${file}: expected a JSON array of records.`);
    arr.forEach((raw, i) => raws.push({ raw, line: i + 1 }));
  } else {
    const lines = text.split(/\r?\n/);
    const bad: string[] = [];
    lines.forEach((l, i) => {
      const t = i === 0 ? l.replace(/^\uFEFF/, '') : l;
      if (!t.trim()) return;
      try {
        raws.push({ raw: JSON.parse(t), line: i + 1 });
      } catch (e) {
        bad.push(`line ${i + 1}: ${(e as Error).message}`);
      }
    });
    if (bad.length) throw new AnswerEvalError('PARSE', `${file}: ${bad.length} line${bad.length === 1 ? ' is' : 's are'} not valid JSON:\n  ${bad.slice(0, MAX_LISTED).join('\n  ')}${bad.length > MAX_LISTED ? '\n  ...' : ''}`);
  }
  const out: LabeledAnswer[] = [];
  const problems: string[] = [];
  for (const { raw, line } of raws) {
    const rec = toLabeledAnswer(raw, line);
    if (typeof rec === 'string') problems.push(`line ${line}: ${rec}`);
    else out.push(rec);
  }
  if (problems.length) {
    throw new InputError('INPUT_TYPE', `${file}: ${problems.length} record${problems.length === 1 ? '' : 's'} cannot be used:\n  ${problems.slice(0, MAX_LISTED).join('\n  ')}${problems.length > MAX_LISTED ? `\n  ... and ${problems.length - MAX_LISTED} more` : ''}`);
  }
  if (!out.length) throw new InputError('INPUT_EMPTY', `${file}: no graded answers.`);
  return out;
}

export interface ScoredAnswer {
  record: LabeledAnswer;
  evaluation: Evaluation;
}

export interface SkippedAnswer {
  record: LabeledAnswer;
  code: string;
  message: string;
}

/**
 * Evaluates each answer once with the evaluator `pick` returns for it. An answer the evaluator
 * refuses (empty, too long) is skipped with its reason rather than ending the run; programming
 * errors still throw.
 */
export function scoreLabeled(records: readonly LabeledAnswer[], pick: (r: LabeledAnswer) => Evaluator): { scored: ScoredAnswer[]; skipped: SkippedAnswer[] } {
  const scored: ScoredAnswer[] = [];
  const skipped: SkippedAnswer[] = [];
  for (const record of records) {
    try {
      const evaluation = pick(record).evaluate({ id: record.id, question: record.question, answer: record.answer });
      scored.push({ record, evaluation });
    } catch (e) {
      if (e instanceof InputError) skipped.push({ record, code: e.code, message: e.message });
      else throw e;
    }
  }
  return { scored, skipped };
}
