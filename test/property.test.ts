import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AnswerEvalError,
  BUILTIN_RUBRIC_IDS,
  DEFAULT_MAX_LENGTH,
  EvaluationSchema,
  analyze,
  createEvaluator,
  type Evaluation,
  type Evaluator,
} from '../src/index.js';

// Property tests over the public API: whatever the text, evaluate() returns a well-formed,
// deterministic Evaluation whose evidence quotes the answer exactly, or throws one of the
// library's typed input errors. Runs are kept modest so that `npm test` stays fast; scripts/fuzz.mjs
// runs the same checks on 100,000+ inputs.

const evaluators = new Map<string, Evaluator>(BUILTIN_RUBRIC_IDS.map((id) => [id, createEvaluator(id)]));
const INPUT_CODES = ['INPUT_EMPTY', 'INPUT_TOO_LONG', 'INPUT_TYPE'];

// --- arbitraries ----------------------------------------------------------------------------

const SPECIALS = [
  '\u0000', '\u0007', '\r\n', '\r', '\n', '\n\n', '\t', '\u000b', '\f', '\u0085', '\u2028', '\u2029',
  '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u202e', '\u202d', '\u200f',
  'שלום עולם', 'مرحبا بالعالم', 'נטישה', '\ud800', '\udfff', '\udc00x', 'e\u0301', '\u0301\u0302', 'a\u0308\u0308',
  '😀', '👍🏽', '👩‍👩‍👧', '🇺🇸', '\u{1F600}\u{1F3FD}', 'ﬁ', '①', '½', 'Ⅻ', '\u00a0', '\u3000', '—', '–', '‑', '“', '”', '‘', '’', '…', '•', '·',
  '中文', '日本語', 'Ελληνικά', 'кириллица', 'ǅ', 'İ', 'ß', 'ﷺ',
];
const WORDS = [
  'precision', 'recall', 'churn', 'retention', 'NPS', 'F1', 'latency', 'A/B', 'test', 'holdout', 'GDPR', 'EU', 'AI', 'Act',
  'trade-off', 'tradeoff', 'because', 'so', 'which', 'but', 'however', 'not', 'never', 'no', "didn't", "won't", 'without',
  'rather', 'than', 'instead', 'of', 'we', 'I', 'would', 'should', 'the', 'a', 'metric', 'KPI', 'users', 'fraud', 'losses',
  'cut', 'raised', 'by', '2', 'points', '40%', '$1.2M', '3x', '200ms', '0.85', '1,000', '2024', 'e.g.', 'i.e.', 'U.S.', 'vs.',
  'First', 'Second', 'Finally', 'In', 'short', 'RICE', 'legal', 'compliance', 'drift', 'monitoring', 'owner', 'rollback',
];
const MARKUP = [
  '# ', '## ', '### ', '**', '__', '*', '_', '- ', '* ', '+ ', '• ', '1. ', '2) ', '(a) ', '> ', '```', '```js\n', '`', '~~~',
  '<b>', '</b>', '<p>', '</p>', '<br/>', '<script>alert(1)</script>', '&amp;', '&nbsp;', '<!-- x -->',
  '| metric | value |', '|---|---|', '| recall | 0.8 |', '[link](https://example.com)', '![img](x.png)', '---', '***',
  ':', ';', ',', '.', '!', '?', '...', '(', ')', '[', ']', '{', '}', '"', "'", '/', '\\', '-', '&', '+', '=', '%', '$', '#', '@',
];
const SEPARATORS = [' ', ' ', ' ', '', '\n', ', ', '. ', '\r\n', '  ', '\t'];

const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
/** Answer-like text: words, markup and odd characters glued by separators. */
const answerLike = fc
  .array(fc.tuple(piece, fc.constantFrom(...SEPARATORS)), { minLength: 0, maxLength: 160 })
  .map((xs) => xs.map(([p, s]) => p + s).join(''));

/** Every kind of string: full Unicode graphemes, any code unit (lone surrogates), the specials. */
const anyText = fc.oneof(
  { weight: 4, arbitrary: answerLike },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 200 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom(...SPECIALS, ' ', 'a', '.'), maxLength: 120 }) },
);

const rubricId = fc.constantFrom(...BUILTIN_RUBRIC_IDS);
const question = fc.option(fc.oneof(answerLike, fc.string({ unit: 'grapheme', maxLength: 80 })), { nil: undefined });

// --- checks -----------------------------------------------------------------------------------

function checkEvaluation(text: string, ev: Evaluation) {
  const json = JSON.stringify(ev);
  // JSON-safe: a round trip changes nothing (no undefined, NaN or Infinity hiding in the object).
  expect(JSON.stringify(JSON.parse(json))).toBe(json);
  const parsed = EvaluationSchema.safeParse(JSON.parse(json));
  if (!parsed.success) throw new Error(`not a valid Evaluation: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
  expect(ev.score).toBeGreaterThanOrEqual(0);
  expect(ev.score).toBeLessThanOrEqual(100);
  for (const c of ev.criteria) {
    if (c.score !== null) expect(c.score >= 0 && c.score <= 1).toBe(true);
    for (const e of c.evidence) {
      expect(e.span.end).toBeLessThanOrEqual(text.length);
      expect(e.text).toBe(text.slice(e.span.start, e.span.end));
    }
    for (const f of c.feedback) if (f.span) expect(f.span.end).toBeLessThanOrEqual(text.length);
  }
  for (const f of ev.flags) if (f.span) expect(f.span.end).toBeLessThanOrEqual(text.length);
}

/** Runs `fn`; a thrown error must be one of the library's typed input errors. */
function typedOrResult<T>(fn: () => T): { value: T } | { code: string } {
  try {
    return { value: fn() };
  } catch (e) {
    if (!(e instanceof AnswerEvalError)) throw new Error(`untyped error: ${e instanceof Error ? e.stack : String(e)}`);
    expect(INPUT_CODES).toContain(e.code);
    expect(e.message.length).toBeGreaterThan(10);
    return { code: e.code };
  }
}

// --- properties ---------------------------------------------------------------------------------

describe('evaluate() on arbitrary text', () => {
  it('returns a valid, exact, deterministic Evaluation or a typed input error', () => {
    fc.assert(
      fc.property(anyText, rubricId, question, (text, id, q) => {
        const ev = evaluators.get(id)!;
        const r = typedOrResult(() => ev.evaluate({ id: 'p1', answer: text, question: q }));
        if ('code' in r) {
          // Only empty (blank or invisible) answers are refused at this size.
          expect(r.code).toBe('INPUT_EMPTY');
          return;
        }
        checkEvaluation(text, r.value);
        expect(r.value.answerId).toBe('p1');
        // Same JSON again: from a pre-analyzed document, and from a new evaluator.
        const again = ev.evaluate({ id: 'p1', answer: analyze(text), question: q });
        expect(JSON.stringify(again)).toBe(JSON.stringify(r.value));
        const fresh = createEvaluator(id).evaluate({ id: 'p1', answer: text, question: q });
        expect(JSON.stringify(fresh)).toBe(JSON.stringify(r.value));
      }),
      { numRuns: 200 },
    );
  });

  it('scores one analysis against all six rubrics, each as if alone', () => {
    fc.assert(
      fc.property(answerLike.filter((s) => s.trim().length > 0), (text) => {
        const r = typedOrResult(() => analyze(text));
        if ('code' in r) return;
        for (const [id, ev] of evaluators) {
          const shared = ev.evaluate(r.value);
          checkEvaluation(text, shared);
          expect(JSON.stringify(shared)).toBe(JSON.stringify(evaluators.get(id)!.evaluate(text)));
        }
      }),
      { numRuns: 40 },
    );
  });

  it('refuses exactly the blank and invisible answers as INPUT_EMPTY', () => {
    const blank = fc.string({ unit: fc.constantFrom(' ', '\t', '\n', '\r\n', '\u00a0', '\u3000', '\u2028', '\u200b', '\ufeff', '\u200d'), minLength: 0, maxLength: 40 });
    fc.assert(
      fc.property(blank, rubricId, (text, id) => {
        const r = typedOrResult(() => evaluators.get(id)!.evaluate(text));
        expect(r).toEqual({ code: 'INPUT_EMPTY' });
      }),
      { numRuns: 60 },
    );
  });
});

describe('evaluate() on values that are not answers', () => {
  it('throws INPUT_TYPE (never a TypeError) for non-string answers and malformed records', () => {
    const notText = fc.oneof(
      fc.constantFrom(null, undefined, 0, 1.5, NaN, true, false, [], {}, () => 'x', Symbol('s'), 10n, new Date(0), /re/, new Map()),
      fc.anything().filter((x) => typeof x !== 'string'),
    );
    const record = fc.record(
      { id: fc.oneof(fc.string(), fc.integer(), fc.anything()), question: fc.oneof(fc.string(), fc.anything()), answer: notText },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.oneof(notText, record), rubricId, (input, id) => {
        const r = typedOrResult(() => evaluators.get(id)!.evaluate(input as never));
        expect(r).toEqual({ code: 'INPUT_TYPE' });
      }),
      { numRuns: 150 },
    );
  });
});

describe('analyze() on arbitrary text', () => {
  it('keeps tokens, sentences and spans inside the original text, in order', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const r = typedOrResult(() => analyze(text));
        if ('code' in r) return;
        const doc = r.value;
        expect(doc.text).toBe(text);
        // Non-decreasing rather than disjoint: NFKC can expand one character into several words
        // ("ﷺ" is a four-word phrase), whose tokens then all map back to that one character.
        let prevStart = 0;
        let prevEnd = 0;
        for (const t of doc.tokens) {
          expect(t.start).toBeGreaterThanOrEqual(prevStart);
          expect(t.end).toBeGreaterThanOrEqual(prevEnd);
          expect(t.end).toBeGreaterThan(t.start);
          expect(t.end).toBeLessThanOrEqual(text.length);
          expect(t.sentence).toBeGreaterThanOrEqual(0);
          expect(t.sentence).toBeLessThan(doc.sentences.length);
          prevStart = t.start;
          prevEnd = t.end;
        }
        let prevSentence = 0;
        for (const s of doc.sentences) {
          expect(s.span.start).toBeGreaterThanOrEqual(prevSentence);
          expect(s.span.end).toBeGreaterThanOrEqual(s.span.start);
          expect(s.span.end).toBeLessThanOrEqual(text.length);
          prevSentence = s.span.start;
        }
        for (const n of doc.negations) expect(n.span.end).toBeLessThanOrEqual(text.length);
        for (const n of doc.numbers) expect(n.span.end).toBeLessThanOrEqual(text.length);
        expect(doc.stats.words).toBe(doc.tokens.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('inputs near the size limit', () => {
  const units = ['We cut churn by 2 points because recall rose. ', 'precision, recall, F1, NPS, ', '- holdout\n', 'not ', '((', 'a', '😀', 'e\u0301', '\r\n\r\n'];
  it('accepts up to DEFAULT_MAX_LENGTH code units and refuses one more with INPUT_TOO_LONG', () => {
    fc.assert(
      fc.property(fc.constantFrom(...units), fc.integer({ min: -2, max: 2 }), (unit, delta) => {
        const n = DEFAULT_MAX_LENGTH + delta;
        const text = unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
        const r = typedOrResult(() => evaluators.get('ai-pm/technical-depth')!.evaluate(text));
        if (n > DEFAULT_MAX_LENGTH) expect(r).toEqual({ code: 'INPUT_TOO_LONG' });
        else if ('code' in r) expect(text.replace(/[\s\u200b]/g, '')).toBe('');
        else checkEvaluation(text, r.value);
      }),
      { numRuns: 8 },
    );
  });
});
