import { AnswerEvalError } from '../errors.js';
import { createEvaluator, type Evaluation, type Evaluator } from '../rubric/evaluate.js';
import type { Scorer } from '../scorers/define-scorer.js';
import { resolveRubricRef, type RubricSpec } from './rubric-ref.js';
import { loadScorerModules } from './scorer-modules.js';
import { isErrorRow, type BatchConfig, type BatchErrorCode, type BatchItem, type BatchRow, type ErrorRow, type ProcessedRow, type ResultRow, type RowBrief } from './types.js';

/**
 * Scoring state of one thread: evaluators compiled once per rubric and reused. The same code runs
 * in the main thread and in every worker, which is what makes the output identical whatever the
 * concurrency.
 */
export interface BatchContext {
  config: BatchConfig;
  scorers: Scorer[];
  specs: Map<string, RubricSpec | AnswerEvalError>;
  evaluators: Map<string, Evaluator | AnswerEvalError>;
  defaultRef: string | undefined;
}

export async function createBatchContext(config: BatchConfig): Promise<BatchContext> {
  const scorers = config.scorerModules?.length ? await loadScorerModules(config.scorerModules, config.cwd) : [];
  const ctx: BatchContext = { config, scorers, specs: new Map(), evaluators: new Map(), defaultRef: undefined };
  if (config.rubric !== undefined) {
    // The default rubric is resolved once here; a bad one is the caller's mistake, not a record's.
    const spec = resolveRubricRef(config.rubric, { cwd: config.cwd, scorers });
    ctx.defaultRef = `\u0000default`;
    ctx.specs.set(ctx.defaultRef, spec);
    // Compiled now so that a default rubric that cannot be compiled fails the run up front
    // instead of turning every record into the same error row.
    const ev = getEvaluator(ctx, ctx.defaultRef);
    if (ev instanceof AnswerEvalError) throw ev;
  }
  return ctx;
}

const MAX_ID_LENGTH = 200;

function errorRow(item: { file: string; line: number }, code: BatchErrorCode, message: string, id?: string): ErrorRow {
  const row: ErrorRow = id === undefined ? ({} as ErrorRow) : ({ id } as ErrorRow);
  row.file = item.file;
  row.line = item.line;
  row.error = { code, message };
  return row;
}

/** Best effort: the id of a line that is not valid JSON, so that the error row can name it. */
function sniffId(text: string): string | undefined {
  const m = /^\s*\{\s*"id"\s*:\s*("(?:[^"\\\n]|\\.){0,200}"|-?\d{1,30})/.exec(text);
  if (!m) return undefined;
  try {
    return String(JSON.parse(m[1]));
  } catch {
    return undefined;
  }
}

function describe(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v;
}

function getEvaluator(ctx: BatchContext, ref: string): Evaluator | AnswerEvalError {
  let spec = ctx.specs.get(ref);
  if (!spec) {
    try {
      spec = resolveRubricRef(ref, { cwd: ctx.config.cwd, scorers: ctx.scorers });
    } catch (e) {
      if (!(e instanceof AnswerEvalError)) throw e;
      spec = e;
    }
    ctx.specs.set(ref, spec);
  }
  if (spec instanceof AnswerEvalError) return spec;
  let ev = ctx.evaluators.get(spec.key);
  if (!ev) {
    try {
      ev = createEvaluator(spec.rubric, { scorers: ctx.scorers, maxLength: ctx.config.maxLength });
    } catch (e) {
      if (!(e instanceof AnswerEvalError)) throw e;
      ev = e;
    }
    ctx.evaluators.set(spec.key, ev);
  }
  return ev;
}

function resultRow(id: string, item: BatchItem, ev: Evaluation): ResultRow {
  // Explicit key order: the JSON of a row is part of the CLI's contract.
  return {
    id,
    file: item.file,
    line: item.line,
    rubric: ev.rubric,
    score: ev.score,
    band: ev.band,
    passed: ev.passed,
    criteria: ev.criteria,
    flags: ev.flags,
    stats: ev.stats,
  };
}

async function score(item: BatchItem, ctx: BatchContext): Promise<ResultRow | ErrorRow> {
  if (item.error) return errorRow(item, item.error.code, item.error.message, item.error.id);
  let value = item.value;
  if (item.text !== undefined) {
    try {
      value = JSON.parse(item.text);
    } catch (e) {
      return errorRow(item, 'PARSE', `Invalid JSON: ${e instanceof Error ? e.message : String(e)}`, sniffId(item.text));
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return errorRow(item, 'INPUT_TYPE', `A record must be an object { id, answer, question?, rubric? }, got ${describe(value)}.`);
  }
  const rec = value as Record<string, unknown>;
  let id: string | undefined;
  if (typeof rec.id === 'string' || (typeof rec.id === 'number' && Number.isFinite(rec.id))) id = String(rec.id).slice(0, MAX_ID_LENGTH);
  else if (rec.id !== undefined && rec.id !== null) return errorRow(item, 'INPUT_TYPE', `"id" must be a string or a number, got ${describe(rec.id)}.`);
  if (!('answer' in rec) || rec.answer === undefined || rec.answer === null) {
    return errorRow(item, 'INPUT_TYPE', 'The record has no "answer" (a string).', id);
  }
  if (typeof rec.answer !== 'string') return errorRow(item, 'INPUT_TYPE', `"answer" must be a string, got ${describe(rec.answer)}.`, id);
  if (rec.question !== undefined && rec.question !== null && typeof rec.question !== 'string') {
    return errorRow(item, 'INPUT_TYPE', `"question" must be a string, got ${describe(rec.question)}.`, id);
  }
  let ref: string | undefined;
  if (rec.rubric !== undefined && rec.rubric !== null && rec.rubric !== '') {
    if (typeof rec.rubric !== 'string') return errorRow(item, 'INPUT_TYPE', `"rubric" must be a rubric id such as "ai-pm/product-sense", got ${describe(rec.rubric)}.`, id);
    ref = rec.rubric;
  } else ref = ctx.defaultRef;
  if (ref === undefined) {
    return errorRow(item, 'RUBRIC_NOT_FOUND', 'The record has no "rubric" and no default rubric was given (--rubric ID, or the rubric option).', id);
  }
  const ev = getEvaluator(ctx, ref);
  if (ev instanceof AnswerEvalError) return errorRow(item, ev.code, ev.message, id);
  const input = { id, question: (rec.question as string | null | undefined) ?? undefined, answer: rec.answer };
  try {
    let out: Evaluation;
    try {
      out = ev.evaluate(input);
    } catch (e) {
      if (!(e instanceof AnswerEvalError) || e.code !== 'ASYNC_REQUIRED') throw e;
      out = await ev.evaluateAsync(input);
    }
    return resultRow(id ?? `${item.file}:${item.line}`, item, out);
  } catch (e) {
    if (e instanceof AnswerEvalError) return errorRow(item, e.code, e.message, id);
    return errorRow(item, 'INTERNAL', `Unexpected failure (a bug in answer-eval, please report it): ${e instanceof Error ? e.message : String(e)}`, id);
  }
}

/** True when a criterion earned credit from evidence the answer asserts (not negated). */
export function isCovered(c: ResultRow['criteria'][number]): boolean {
  return c.score !== null && c.score > 0 && c.evidence.some((e) => !e.negated);
}

export function briefOf(row: BatchRow): RowBrief {
  if (isErrorRow(row)) {
    const b: RowBrief = { file: row.file, line: row.line, error: row.error };
    if (row.id !== undefined) b.id = row.id;
    return b;
  }
  return {
    id: row.id,
    file: row.file,
    line: row.line,
    rubric: row.rubric.id,
    version: row.rubric.version,
    score: row.score,
    band: row.band,
    passed: row.passed,
    criteria: row.criteria.map((c) => [c.id, c.score, isCovered(c)]),
    flags: [...new Set(row.flags.map((f) => f.id))],
  };
}

/** Scores one item. Never throws for a property of the record: it becomes an error row. */
export async function processItem(item: BatchItem, ctx: BatchContext): Promise<ProcessedRow> {
  let row: ResultRow | ErrorRow;
  try {
    row = await score(item, ctx);
  } catch (e) {
    row = errorRow(item, 'INTERNAL', `Unexpected failure (a bug in answer-eval, please report it): ${e instanceof Error ? e.message : String(e)}`);
  }
  return { row, json: JSON.stringify(row), brief: briefOf(row) };
}
