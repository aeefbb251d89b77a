import { z } from 'zod';
import type { AnswerDocument } from '../document/analyze.js';
import type { Span } from '../document/types.js';
import { AnswerEvalError } from '../errors.js';
import type { LexiconSet } from '../lexicons/index.js';

/** One thing a scorer saw in the answer. `signal` is a stable kebab-case id. */
export interface Evidence {
  span: Span;
  text: string;
  signal: string;
  negated?: boolean;
}

/** What is missing or weak, rendered from the scorer's message templates. Tests assert messageId. */
export interface Finding {
  messageId: string;
  message: string;
  data?: Record<string, string | number>;
  span?: Span;
}

/** A property of the whole answer that aggregation may act on (e.g. caps). */
export interface Flag {
  id: string;
  message: string;
  criterion?: string;
  span?: Span;
}

export interface RawFinding {
  messageId: string;
  data?: Record<string, string | number>;
  span?: Span;
}

export interface RawFlag {
  id: string;
  message: string;
  span?: Span;
}

export interface ScoreResult {
  /** 0..1, or null when the criterion does not apply to this answer. */
  score: number | null;
  evidence: Evidence[];
  feedback: RawFinding[];
  flags?: RawFlag[];
}

/** Set once per evaluator: what a scorer may compile ahead of time. */
export interface ScorerEnv {
  lexicons: LexiconSet;
}

/** Passed to each `score` call. Read-only. */
export interface ScoreContext<P = unknown> {
  /** The analyzed question, when one was given. */
  question: AnswerDocument | null;
  lexicons: LexiconSet;
  /** Whatever `prepare` returned for this criterion's options. */
  prepared: P;
  rubricId: string;
  criterionId: string;
  /** The rubric's round (e.g. "technical-depth"), when it names one. */
  round: string | undefined;
}

export interface ScorerDefinition<O, P> {
  id: string;
  description: string;
  /** zod schema of this scorer's options; it supplies defaults. */
  options: z.ZodType<O>;
  /** Message templates by messageId; `{name}` is replaced from the finding's data. */
  messages: Record<string, string>;
  /** Compile options once per evaluator (lexicons, patterns). Never called per answer. */
  prepare?: (options: O, env: ScorerEnv) => P;
  score: (doc: AnswerDocument, options: O, ctx: ScoreContext<P>) => ScoreResult | Promise<ScoreResult>;
}

export interface Scorer<O = any, P = any> extends Readonly<ScorerDefinition<O, P>> {
  readonly kind: 'answer-eval/scorer';
}

const ID_RE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Defines a scorer: a pure function of (document, options) with declared options and messages.
 * The definition is checked here so that a mistake shows when the module loads, not mid-batch.
 */
export function defineScorer<O, P = undefined>(def: ScorerDefinition<O, P>): Scorer<O, P> {
  const problems: string[] = [];
  if (!def || typeof def !== 'object') throw new AnswerEvalError('SCORER_INVALID', 'defineScorer needs an object with id, description, options, messages and score.');
  if (typeof def.id !== 'string' || !ID_RE.test(def.id)) problems.push(`id must be kebab-case (got ${JSON.stringify(def.id)})`);
  if (typeof def.description !== 'string' || !def.description) problems.push('description must be a non-empty string');
  if (!def.options || typeof (def.options as { safeParse?: unknown }).safeParse !== 'function') problems.push('options must be a zod schema');
  if (!def.messages || typeof def.messages !== 'object') problems.push('messages must be an object of templates');
  else for (const [k, v] of Object.entries(def.messages)) if (!ID_RE.test(k) || typeof v !== 'string') problems.push(`message ${JSON.stringify(k)} must have a kebab-case id and a string template`);
  if (typeof def.score !== 'function') problems.push('score must be a function');
  if (def.prepare !== undefined && typeof def.prepare !== 'function') problems.push('prepare must be a function');
  if (problems.length) throw new AnswerEvalError('SCORER_INVALID', `Invalid scorer ${JSON.stringify(def?.id)}: ${problems.join('; ')}.`);
  return Object.freeze({ ...def, kind: 'answer-eval/scorer' as const });
}

export function isScorer(x: unknown): x is Scorer {
  return !!x && typeof x === 'object' && (x as Scorer).kind === 'answer-eval/scorer';
}

export function renderMessage(template: string | undefined, messageId: string, data?: Record<string, string | number>): string {
  if (template === undefined) return messageId;
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (data && data[k] !== undefined ? String(data[k]) : `{${k}}`));
}
