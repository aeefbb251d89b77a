import { AnswerDocument, analyze } from '../document/analyze.js';
import { AnswerEvalError, InputError, RubricValidationError, toIssues, type IssueLike } from '../errors.js';
import { createLexiconSet, type LexiconSet } from '../lexicons/index.js';
import type { Evidence, Finding, Flag, Scorer, ScoreContext, ScoreResult } from '../scorers/define-scorer.js';
import { renderMessage, isScorer } from '../scorers/define-scorer.js';
import { BUILTIN_SCORERS } from '../scorers/index.js';
import { aggregate } from './aggregate.js';
import { getBuiltinRubric } from './builtin.js';
import { parseRubric, rubricHash } from './parse.js';
import type { Criterion, Rubric, RubricInput } from './schema.js';

export interface CriterionResult {
  id: string;
  title: string;
  scorer: string;
  weight: number;
  score: number | null;
  level: string;
  evidence: Evidence[];
  feedback: Finding[];
}

export interface Evaluation {
  answerId?: string;
  rubric: { id: string; version: string; hash: string };
  score: number;
  band: string;
  passed: boolean;
  criteria: CriterionResult[];
  flags: Flag[];
  stats: { words: number; sentences: number };
}

export interface AnswerRecord {
  id?: string;
  question?: string;
  answer: string | AnswerDocument;
}

export type EvaluateInput = string | AnswerDocument | AnswerRecord;

export interface EvaluatorOptions {
  /** Custom scorers (made with defineScorer), by their id; they take precedence over built-ins. */
  scorers?: Scorer[] | Record<string, Scorer>;
  /** Longest accepted answer in characters (default 50,000). */
  maxLength?: number;
  /** Time limit for one answer in evaluateAsync, waiting for a slot included (ms, default 30,000; 0 for none). */
  timeoutMs?: number;
  /** How many scorer calls evaluateAsync runs at once, across all answers of this evaluator (default 4). */
  concurrency?: number;
}

export interface Evaluator {
  readonly rubric: Rubric;
  /** True when a scorer of this rubric returned a Promise: use evaluateAsync. */
  readonly requiresAsync: boolean;
  evaluate(input: EvaluateInput): Evaluation;
  evaluateAsync(input: EvaluateInput): Promise<Evaluation>;
}

interface CompiledCriterion {
  criterion: Criterion;
  scorer: Scorer;
  options: unknown;
  prepared: unknown;
}

function scorerMap(custom?: EvaluatorOptions['scorers']): Map<string, Scorer> {
  const m = new Map<string, Scorer>();
  for (const s of BUILTIN_SCORERS) m.set(s.id, s);
  const list = Array.isArray(custom) ? custom : custom ? Object.values(custom) : [];
  for (const s of list) {
    if (!isScorer(s)) throw new AnswerEvalError('SCORER_INVALID', 'A custom scorer must be made with defineScorer().');
    m.set(s.id, s);
  }
  return m;
}

function compileCriteria(rubric: Rubric, scorers: Map<string, Scorer>, lexicons: LexiconSet): CompiledCriterion[] {
  const issues: IssueLike[] = [];
  const out: CompiledCriterion[] = [];
  rubric.criteria.forEach((c, i) => {
    const scorer = scorers.get(c.scorer);
    if (!scorer) {
      issues.push({ path: ['criteria', i, 'scorer'], message: `unknown scorer "${c.scorer}"; expected one of ${[...scorers.keys()].sort().join(', ')}` });
      return;
    }
    const parsed = scorer.options.safeParse(c.options ?? {});
    if (!parsed.success) {
      issues.push(...toIssues(parsed.error.issues, ['criteria', i, 'options']));
      return;
    }
    try {
      const prepared = scorer.prepare ? scorer.prepare(parsed.data, { lexicons }) : undefined;
      out.push({ criterion: c, scorer, options: parsed.data, prepared });
    } catch (e) {
      if (e instanceof RubricValidationError) issues.push(...e.issues.map((x) => ({ ...x, path: ['criteria', i, 'options', ...x.path] })));
      else if (e instanceof AnswerEvalError) issues.push({ path: ['criteria', i, 'options'], message: e.message });
      else throw e;
    }
  });
  if (issues.length) throw new RubricValidationError(issues);
  return out;
}

function toRecord(input: EvaluateInput): { id?: string; question?: string; answer: unknown } {
  if (typeof input === 'string' || input instanceof AnswerDocument) return { answer: input };
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const r = input as AnswerRecord;
    if (!('answer' in r)) throw new InputError('INPUT_TYPE', 'An answer record needs an "answer" field (a string).');
    if (r.id !== undefined && typeof r.id !== 'string' && typeof r.id !== 'number') throw new InputError('INPUT_TYPE', 'The record\'s "id" must be a string or a number.');
    if (r.question !== undefined && r.question !== null && typeof r.question !== 'string') throw new InputError('INPUT_TYPE', 'The record\'s "question" must be a string.');
    return { id: r.id === undefined ? undefined : String(r.id), question: r.question ?? undefined, answer: r.answer };
  }
  throw new InputError('INPUT_TYPE', `evaluate() takes a string, an AnswerDocument or a record { id?, question?, answer }, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}.`);
}

function isPromise(x: unknown): x is Promise<ScoreResult> {
  return !!x && typeof (x as Promise<unknown>).then === 'function';
}

function checkResult(r: ScoreResult, scorerId: string): ScoreResult {
  if (!r || typeof r !== 'object' || !Array.isArray(r.evidence) || !Array.isArray(r.feedback)) {
    throw new AnswerEvalError('SCORER_FAILED', `Scorer "${scorerId}" returned something other than { score, evidence, feedback }.`);
  }
  if (r.score !== null && (typeof r.score !== 'number' || !Number.isFinite(r.score))) {
    throw new AnswerEvalError('SCORER_FAILED', `Scorer "${scorerId}" returned a score that is not a finite number or null.`);
  }
  return r;
}

/**
 * Compiles a rubric once (validation, scorer options, lexicons, patterns) and returns an evaluator
 * that scores any number of answers. `rubric` may be a built-in id such as "ai-pm/product-sense".
 */
export function createEvaluator(rubric: RubricInput | Rubric | string, options: EvaluatorOptions = {}): Evaluator {
  const r = typeof rubric === 'string' ? getBuiltinRubric(rubric) : parseRubric(rubric);
  const scorers = scorerMap(options.scorers);
  const lexicons = createLexiconSet(r.lexicons);
  const compiled = compileCriteria(r, scorers, lexicons);
  const hash = rubricHash(r);
  const questionCache = new Map<string, AnswerDocument>();
  const maxLength = options.maxLength;
  let requiresAsync = false;
  let asyncScorer: CompiledCriterion | undefined;
  const knownSync = new Uint8Array(compiled.length);
  const timeoutMs = options.timeoutMs ?? 30_000;
  // One limit for the evaluator, not per answer: `Promise.all(answers.map(evaluateAsync))` must
  // not fire hundreds of calls at a rate-limited service.
  const limit = Math.max(1, Math.floor(options.concurrency ?? 4));
  let active = 0;
  const waiting: (() => void)[] = [];
  const acquire = () =>
    new Promise<void>((resolve) => {
      if (active < limit) {
        active++;
        resolve();
      } else waiting.push(resolve);
    });
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };

  const prepare = (input: EvaluateInput) => {
    const rec = toRecord(input);
    const doc = rec.answer instanceof AnswerDocument ? rec.answer : analyze(rec.answer, { maxLength });
    const qText = rec.question ?? r.question;
    let question: AnswerDocument | null = null;
    if (qText && qText.trim()) {
      question = questionCache.get(qText) ?? null;
      if (!question) {
        question = analyze(qText, { maxLength: Math.max(maxLength ?? 50_000, 50_000) });
        if (questionCache.size > 500) questionCache.clear();
        questionCache.set(qText, question);
      }
    }
    return { rec, doc, question };
  };

  const contextFor = (c: CompiledCriterion, question: AnswerDocument | null): ScoreContext => ({
    question,
    lexicons,
    prepared: c.prepared,
    rubricId: r.id,
    criterionId: c.criterion.id,
    round: r.round,
  });

  const finish = (rec: { id?: string }, doc: AnswerDocument, results: ScoreResult[]): Evaluation =>
    aggregate(r, hash, rec.id, doc, lexicons, compiled.map((c, i) => ({ criterion: c.criterion, scorer: c.scorer, result: results[i] })));

  const asyncRequired = (c: CompiledCriterion) =>
    new AnswerEvalError('ASYNC_REQUIRED', `Scorer "${c.scorer.id}" (criterion "${c.criterion.id}") is asynchronous: use evaluator.evaluateAsync() for rubric "${r.id}".`);

  const run = (c: CompiledCriterion, doc: AnswerDocument, question: AnswerDocument | null) => {
    try {
      return c.scorer.score(doc, c.options as never, contextFor(c, question));
    } catch (e) {
      if (e instanceof AnswerEvalError) throw e;
      throw new AnswerEvalError('SCORER_FAILED', `Scorer "${c.scorer.id}" (criterion "${c.criterion.id}") threw: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
  };

  return {
    rubric: r,
    get requiresAsync() {
      return requiresAsync;
    },
    evaluate(input) {
      if (asyncScorer) throw asyncRequired(asyncScorer);
      const { rec, doc, question } = prepare(input);
      const results = compiled.map((c) => {
        const res = run(c, doc, question);
        if (isPromise(res)) {
          requiresAsync = true;
          asyncScorer = c;
          res.catch(() => undefined);
          throw asyncRequired(c);
        }
        return checkResult(res, c.scorer.id);
      });
      return finish(rec, doc, results);
    },
    async evaluateAsync(input) {
      const { rec, doc, question } = prepare(input);
      const results: ScoreResult[] = new Array(compiled.length);
      const running = new Set<string>();
      const frees = new Set<() => void>();
      let settled = false;
      const pending: Promise<void>[] = [];
      // If a synchronous scorer throws before Promise.all is reached, started tasks may still
      // reject: mark them handled so that this is not an unhandled rejection.
      const handled = (p: Promise<void>) => {
        p.catch(() => undefined);
        return p;
      };
      async function task(i: number, started?: Promise<ScoreResult>): Promise<void> {
        if (!started) await acquire();
        let holding = !started;
        const free = () => {
          if (!holding) return;
          holding = false;
          release();
        };
        frees.add(free);
        const c = compiled[i];
        try {
          if (settled) return;
          running.add(c.criterion.id);
          const res = started ?? run(c, doc, question);
          if (isPromise(res)) {
            requiresAsync = true;
            asyncScorer ??= c;
            results[i] = checkResult(await res, c.scorer.id);
          } else {
            knownSync[i] = 1;
            results[i] = checkResult(res, c.scorer.id);
          }
        } catch (e) {
          settled = true; // before the slot is handed on, so no further scorer of this answer starts
          if (e instanceof AnswerEvalError) throw e;
          throw new AnswerEvalError('SCORER_FAILED', `Scorer "${c.scorer.id}" (criterion "${c.criterion.id}") failed: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
        } finally {
          running.delete(c.criterion.id);
          free();
          frees.delete(free);
        }
      }
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<never>((_, reject) => {
        if (!(timeoutMs > 0 && Number.isFinite(timeoutMs))) return;
        timer = setTimeout(() => {
          const still = running.size ? `still running: ${[...running].join(', ')}` : 'waiting for a free slot (concurrency limit)';
          reject(new AnswerEvalError('SCORER_TIMEOUT', `Scoring ${rec.id !== undefined ? `answer "${rec.id}"` : 'the answer'} took longer than ${timeoutMs} ms (${still}); raise timeoutMs if the scorer needs longer.`));
        }, timeoutMs);
      });
      try {
        // Criteria whose scorer answered synchronously before run inline: they never wait for a slot.
        compiled.forEach((c, i) => {
          if (!knownSync[i]) return void pending.push(handled(task(i)));
          const res = run(c, doc, question);
          if (!isPromise(res)) results[i] = checkResult(res, c.scorer.id);
          else {
            knownSync[i] = 0; // sync once, async now: it already started, so it runs without a slot
            pending.push(handled(task(i, res)));
          }
        });
        await Promise.race([Promise.all(pending), timeout]);
      } finally {
        // A timed-out or failed answer gives its slots back at once: a hung scorer must not
        // starve the other answers; its late result is dropped.
        settled = true;
        clearTimeout(timer);
        for (const f of [...frees]) f();
      }
      return finish(rec, doc, results);
    },
  };
}

/** One-off evaluation. For many answers, create the evaluator once with createEvaluator(). */
export function evaluate(input: EvaluateInput, rubric: RubricInput | Rubric | string, options?: EvaluatorOptions): Evaluation {
  return createEvaluator(rubric, options).evaluate(input);
}

export { renderMessage, parseRubric, rubricHash };
