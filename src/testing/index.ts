/**
 * `answer-eval/testing`: table-driven tests for scorers, under the host test runner.
 *
 *   import { describe, it } from 'vitest';
 *   import { ScorerTester } from 'answer-eval/testing';
 *   new ScorerTester(myScorer, { describe, it }).run('my-scorer', { valid: [...], invalid: [...] });
 *
 * A valid case is an answer that should earn credit: it lists the evidence that earns it. An
 * invalid case is one that should not: it lists the feedback messageIds that explain why.
 */
import { AnswerEvalError } from '../errors.js';
import type { LexiconOverrides } from '../lexicons/index.js';
import { createEvaluator, type CriterionResult, type Evaluator } from '../rubric/evaluate.js';
import type { Scorer } from '../scorers/define-scorer.js';

export interface ExpectedEvidence {
  /** The evidence signal (for the lexicon scorer, the concept id). */
  signal?: string;
  /** The evidence text; with `span`, it must be what the span covers in the case's text. */
  text?: string;
  /** Half-open [start, end) in UTF-16 units of the case's text. */
  span?: [number, number] | { start: number; end: number };
  /** Expect a negated mention (shown, earning nothing). Default false: the evidence earns credit. */
  negated?: boolean;
}

export interface ScorerCase {
  /** Test title; default: the start of the text. */
  name?: string;
  text: string;
  question?: string;
  /** Scorer options for this case, merged over the tester's options. */
  options?: Record<string, unknown>;
  /**
   * Expected score (0..1): a number (±0.001), an inclusive [min, max] range, or null for "not
   * applicable". Default: at least 0.5 for valid cases, below 0.5 (or null) for invalid ones.
   */
  score?: number | [number, number] | null;
  /** Evidence that must be reported (required, non-empty, in valid cases). */
  evidence?: ExpectedEvidence[];
  /** The feedback messageIds, exactly, in any order (required in invalid cases). */
  messageIds?: string[];
  /** The flags this criterion raises, exactly, in any order (checked when given). */
  flags?: string[];
}

export interface ScorerTables {
  valid?: ScorerCase[];
  invalid?: ScorerCase[];
}

type Fn = () => unknown;
export type DescribeFn = (name: string, fn: () => void) => unknown;
export type ItFn = (name: string, fn: Fn) => unknown;

export interface ScorerTesterOptions {
  /** Scorer options for every case (a case's own options are merged over them). */
  options?: Record<string, unknown>;
  /** Rubric-level lexicon overrides, as in a rubric's `lexicons`. */
  lexicons?: LexiconOverrides;
  /** Fail a case when the scorer reports evidence the case does not list (default false). */
  exactEvidence?: boolean;
  /** The host runner's functions; default ScorerTester.describe/it, then global describe/it. */
  describe?: DescribeFn;
  it?: ItFn;
}

/** A case that does not hold; the message says which expectation failed and shows the text. */
export class ScorerTestFailure extends Error {
  readonly problems: string[];
  constructor(title: string, problems: string[]) {
    super(`${title}\n${problems.map((p) => `  - ${p.replace(/\n/g, '\n    ')}`).join('\n')}`);
    this.name = 'ScorerTestFailure';
    this.problems = problems;
  }
}

type Kind = 'valid' | 'invalid';
interface Span {
  start: number;
  end: number;
}

const CRITERION = 'under-test';

function toSpan(s: ExpectedEvidence['span']): Span | undefined {
  if (!s) return undefined;
  return Array.isArray(s) ? { start: s[0], end: s[1] } : { start: s.start, end: s.end };
}

const show = (s: Span) => `[${s.start}, ${s.end})`;

/** The text around a span with the span marked «like this», on one line. */
function inContext(text: string, s: Span, width = 30): string {
  const a = Math.max(0, s.start - width);
  const b = Math.min(text.length, s.end + width);
  const flat = (x: string) => x.replace(/\s+/g, ' ');
  return `${a > 0 ? '…' : ''}${flat(text.slice(a, s.start))}«${flat(text.slice(s.start, s.end))}»${flat(text.slice(s.end, b))}${b < text.length ? '…' : ''}`;
}

function stableKey(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'undefined';
  if (Array.isArray(v)) return `[${v.map(stableKey).join(',')}]`;
  return `{${Object.keys(v as object).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${stableKey((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

/** How the scorer's span differs from the expected one, in words ("starts 1 later, same end"). */
function offBy(expected: Span, actual: Span): string {
  const d = (n: number, what: string) => (n === 0 ? `same ${what}` : `${what}s ${Math.abs(n)} ${n > 0 ? 'later' : 'earlier'}`);
  return `the scorer's span ${d(actual.start - expected.start, 'start')}, ${d(actual.end - expected.end, 'end')}`;
}

function checkEvidence(c: ScorerCase, actual: CriterionResult['evidence'], exact: boolean): string[] {
  const problems: string[] = [];
  const used = new Set<number>();
  (c.evidence ?? []).forEach((e, k) => {
    const label = `evidence[${k}]${e.signal ? ` (${e.signal})` : ''}`;
    const span = toSpan(e.span);
    if (span) {
      if (!(span.start >= 0 && span.end > span.start && span.end <= c.text.length)) {
        problems.push(`${label}: the case's span ${show(span)} is not a range of the ${c.text.length}-character text`);
        return;
      }
      const covered = c.text.slice(span.start, span.end);
      if (e.text !== undefined && covered !== e.text) {
        problems.push(`${label}: the case's span ${show(span)} covers ${JSON.stringify(covered)}, not its text ${JSON.stringify(e.text)}: ${inContext(c.text, span)}`);
      }
    }
    const negated = e.negated ?? false;
    const candidates = actual.map((a, i) => ({ a, i })).filter(({ a }) => (e.signal === undefined || a.signal === e.signal) && !!a.negated === negated);
    const hit = candidates.find(({ a }) => (span ? a.span.start === span.start && a.span.end === span.end : true) && (e.text === undefined || span !== undefined || a.text === e.text));
    if (hit) {
      used.add(hit.i);
      return;
    }
    const want = span ? `${show(span)} ${JSON.stringify(c.text.slice(span.start, span.end))}` : JSON.stringify(e.text ?? '(any text)');
    if (!candidates.length) {
      const other = actual.filter((a) => e.signal === undefined || a.signal === e.signal);
      const why = other.length ? ` (only ${negated ? 'affirmed' : 'negated'} ones: ${other.map((a) => `${show(a.span)} ${JSON.stringify(a.text)}`).join(', ')})` : '';
      const all = actual.length ? actual.map((a) => `${a.signal}${a.negated ? ' (negated)' : ''} ${show(a.span)} ${JSON.stringify(a.text)}`).join('; ') : 'none';
      problems.push(`${label}: expected ${negated ? 'negated ' : ''}evidence ${want}, but the scorer reported no ${negated ? 'negated ' : ''}evidence${e.signal ? ` with signal "${e.signal}"` : ''}${why}. All evidence: ${all}`);
      return;
    }
    // The nearest candidate is the likely intended one: report how far off it is.
    const target = span ?? { start: c.text.indexOf(e.text ?? ''), end: c.text.indexOf(e.text ?? '') + (e.text ?? '').length };
    const nearest = candidates.map(({ a }) => a).sort((x, y) => Math.abs(x.span.start - target.start) + Math.abs(x.span.end - target.end) - (Math.abs(y.span.start - target.start) + Math.abs(y.span.end - target.end)))[0];
    const delta = span ? ` (${offBy(span, nearest.span)})` : '';
    problems.push(`${label}: expected ${span ? 'span' : 'evidence'} ${want}, but the nearest ${nearest.negated ? 'negated ' : ''}evidence is ${show(nearest.span)} ${JSON.stringify(nearest.text)}${delta}\n      expected: ${span ? inContext(c.text, span) : want}\n      actual:   ${inContext(c.text, nearest.span)}`);
  });
  if (exact) {
    actual.forEach((a, i) => {
      if (!used.has(i)) problems.push(`unexpected evidence ${a.signal}${a.negated ? ' (negated)' : ''} ${show(a.span)} ${JSON.stringify(a.text)}: ${inContext(c.text, a.span)}`);
    });
  }
  return problems;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = [...a].sort();
  const y = [...b].sort();
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

/**
 * Runs tables of cases against one scorer, each case as a test of the host runner (vitest,
 * jest, mocha, node:test: anything with describe/it). Without a runner, `run` checks the cases
 * itself and its promise rejects with every failure.
 */
export class ScorerTester {
  /** Set once for a whole test setup, like ESLint's RuleTester: ScorerTester.it = it. */
  static describe: DescribeFn | undefined;
  static it: ItFn | undefined;

  readonly scorer: Scorer;
  private readonly config: ScorerTesterOptions;
  private readonly evaluators = new Map<string, Evaluator>();

  constructor(scorer: Scorer, config: ScorerTesterOptions = {}) {
    if (!scorer || (scorer as { kind?: unknown }).kind !== 'answer-eval/scorer') throw new AnswerEvalError('SCORER_INVALID', 'ScorerTester needs a scorer made with defineScorer().');
    this.scorer = scorer;
    this.config = config;
  }

  private evaluatorFor(c: ScorerCase): Evaluator {
    const options = { ...(this.config.options ?? {}), ...(c.options ?? {}) };
    const key = stableKey(options);
    let ev = this.evaluators.get(key);
    if (!ev) {
      ev = createEvaluator(
        {
          id: `scorer-tester/${this.scorer.id}`,
          version: '0.0.0',
          title: `ScorerTester: ${this.scorer.id}`,
          criteria: [{ id: CRITERION, title: this.scorer.id, scorer: this.scorer.id, weight: 1, options }],
          ...(this.config.lexicons ? { lexicons: this.config.lexicons } : {}),
        },
        { scorers: [this.scorer] },
      );
      this.evaluators.set(key, ev);
    }
    return ev;
  }

  /** Checks the tables themselves: required fields, and no case twice. Throws on a bad table. */
  validate(tables: ScorerTables): void {
    const problems: string[] = [];
    const seen = new Map<string, string>();
    for (const kind of ['valid', 'invalid'] as const) {
      const list = tables[kind] ?? [];
      if (!Array.isArray(list)) {
        problems.push(`${kind} must be an array of cases`);
        continue;
      }
      list.forEach((c, i) => {
        const where = `${kind}[${i}]`;
        if (!c || typeof c !== 'object' || typeof c.text !== 'string' || !c.text.trim()) {
          problems.push(`${where}: a case needs a non-empty "text"`);
          return;
        }
        if (kind === 'valid' && !(Array.isArray(c.evidence) && c.evidence.length)) problems.push(`${where}: a valid case must list the evidence that earns credit`);
        if (kind === 'invalid' && !(Array.isArray(c.messageIds) && c.messageIds.length)) problems.push(`${where}: an invalid case must list the feedback messageIds that explain the low score`);
        for (const id of c.messageIds ?? []) if (!(id in this.scorer.messages)) problems.push(`${where}: "${id}" is not a messageId of ${this.scorer.id} (${Object.keys(this.scorer.messages).join(', ')})`);
        const key = stableKey({ text: c.text, question: c.question, options: { ...(this.config.options ?? {}), ...(c.options ?? {}) } });
        const first = seen.get(key);
        if (first) problems.push(`${where} duplicates ${first}: same text, question and options`);
        else seen.set(key, where);
      });
    }
    if (problems.length) throw new AnswerEvalError('USAGE', `ScorerTester tables for ${this.scorer.id} are not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }

  /** Scores one case and throws a ScorerTestFailure listing every expectation that does not hold. */
  async check(c: ScorerCase, kind: Kind, title = c.name ?? c.text.slice(0, 60)): Promise<void> {
    const ev = this.evaluatorFor(c);
    const result = await ev.evaluateAsync({ answer: c.text, ...(c.question !== undefined ? { question: c.question } : {}) });
    const crit = result.criteria[0];
    const problems: string[] = [];
    const got = crit.score;
    const scoreText = got === null ? 'null (not applicable)' : String(got);
    if (c.score === null) {
      if (got !== null) problems.push(`score: expected null (not applicable), got ${scoreText}`);
    } else if (typeof c.score === 'number') {
      if (got === null || Math.abs(got - c.score) > 0.001) problems.push(`score: expected ${c.score}, got ${scoreText}`);
    } else if (Array.isArray(c.score)) {
      const [lo, hi] = c.score;
      if (got === null || got < lo - 1e-9 || got > hi + 1e-9) problems.push(`score: expected between ${lo} and ${hi}, got ${scoreText}`);
    } else if (kind === 'valid' && (got === null || got < 0.5)) problems.push(`score: a valid case should score at least 0.5 (or give score: [min, max]), got ${scoreText}`);
    else if (kind === 'invalid' && got !== null && got >= 0.5) problems.push(`score: an invalid case should score below 0.5 (or give score: [min, max]), got ${scoreText}`);
    problems.push(...checkEvidence(c, crit.evidence, !!this.config.exactEvidence));
    const ids = crit.feedback.map((f) => f.messageId);
    if (c.messageIds && !sameSet(c.messageIds, ids)) problems.push(`messageIds: expected [${[...c.messageIds].sort().join(', ')}], got [${[...ids].sort().join(', ')}]${crit.feedback.length ? `: ${crit.feedback.map((f) => `${f.messageId}: "${f.message}"`).join('; ')}` : ''}`);
    if (c.flags) {
      const flags = result.flags.filter((f) => f.criterion === CRITERION).map((f) => f.id);
      if (!sameSet(c.flags, flags)) problems.push(`flags: expected [${[...c.flags].sort().join(', ')}], got [${flags.sort().join(', ')}]`);
    }
    if (problems.length) throw new ScorerTestFailure(`${this.scorer.id} › ${kind} › ${title}`, problems);
  }

  /**
   * Registers one test per case under `describe(name)`. The tables are checked first: a case
   * listed twice, or a valid case without evidence, throws before any test is registered.
   */
  run(name: string, tables: ScorerTables): Promise<void> {
    this.validate(tables);
    const describe = this.config.describe ?? ScorerTester.describe ?? (globalThis as { describe?: DescribeFn }).describe;
    const it = this.config.it ?? ScorerTester.it ?? (globalThis as { it?: ItFn }).it;
    const titled = (kind: Kind) =>
      (tables[kind] ?? []).map((c, i) => ({ c, kind, title: `${kind}[${i}] ${c.name ?? JSON.stringify(c.text.length > 60 ? `${c.text.slice(0, 57)}...` : c.text)}` }));
    const all = [...titled('valid'), ...titled('invalid')];
    if (describe && it) {
      describe(name, () => {
        for (const t of all) it(t.title, () => this.check(t.c, t.kind, t.title));
      });
      return Promise.resolve();
    }
    // No runner: check everything now and report all failures together.
    return (async () => {
      const failures: string[] = [];
      for (const t of all) {
        try {
          await this.check(t.c, t.kind, t.title);
        } catch (e) {
          failures.push(e instanceof Error ? e.message : String(e));
        }
      }
      if (failures.length) throw new ScorerTestFailure(`${name}: ${failures.length} of ${all.length} cases failed`, failures);
    })();
  }
}
