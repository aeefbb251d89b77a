import { describe, expect, it } from 'vitest';
import { createEvaluator, RubricValidationError } from '../src/index.js';
import lexicon from '../src/scorers/lexicon.js';
import { ScorerTester } from '../src/testing/index.js';

/** [start, end) of the nth occurrence of `part` in `text`: spans stay readable in the tables. */
function at(text: string, part: string, nth = 0): [number, number] {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(part, i + 1);
    if (i < 0) throw new Error(`"${part}" not in "${text}"`);
  }
  return [i, i + part.length];
}

// The criterion from the fintech example rubric (examples/fintech-technical-depth.yaml).
const FINTECH = {
  concepts: [
    { id: 'cost-model', phrases: ['cost model', 'cost of a false decline', 'cost per false positive'] },
    { id: 'dollars', patterns: ['\\$\\s?\\d[\\d,.]*\\s?(k|m|million|billion)?'] },
  ],
  minConcepts: 2,
};

const T1 = 'I would set the threshold from the cost of a false decline, roughly $35 in lost interchange per good customer we block.';
const T2 = 'Each cost-per-false-positive is about ＄40k a year once support calls are counted.';
const T3 = 'Missed fraud costs us about $3 million a year, so the cost model decides the threshold.';
const T4 = 'We never built a cost model; the threshold came from the ROC curve, and fraud losses were $2m.';
const T5 = 'The cost model is in a spreadsheet. Last quarter fraud cost $120k.';
const T6 = 'I would maximise F1 on the validation set and retrain monthly.';
const T7 = 'Accuracy, precision, recall, AUC, F1, the cost model.';

new ScorerTester(lexicon, { describe, it, options: FINTECH }).run('lexicon scorer: the fintech cost-model criterion', {
  valid: [
    { name: 'a priced false decline', text: T1, score: 1, evidence: [{ signal: 'cost-model', span: at(T1, 'cost of a false decline') }, { signal: 'dollars', span: at(T1, '$35') }], messageIds: [] },
    // Hyphens join words like spaces; NFKC turns the full-width dollar sign into "$", and the span
    // still points at the original character.
    { name: 'hyphenated phrase, full-width dollar sign', text: T2, score: 1, evidence: [{ signal: 'cost-model', span: at(T2, 'cost-per-false-positive') }, { signal: 'dollars', span: at(T2, '＄40k'), text: '＄40k' }] },
    // Longest match: "(k|m|million|billion)" takes the whole "million".
    { name: 'the whole figure, not "$3 m"', text: T3, score: 1, evidence: [{ signal: 'dollars', span: at(T3, '$3 million') }, { signal: 'cost-model', span: at(T3, 'cost model') }] },
    {
      name: 'same sentence required and met',
      text: 'Our cost model puts a false decline at $35, so the threshold moves.',
      options: { sameSentenceAs: ['cost-model', 'dollars'] },
      evidence: [{ signal: 'cost-model', text: 'cost model' }, { signal: 'dollars', text: '$35' }],
      score: 1,
    },
    {
      name: 'repeats count when maxPerConcept allows',
      text: 'A holdout first, then a second holdout for the next cohort.',
      options: { concepts: [{ id: 'holdout', phrases: ['holdout'] }], minConcepts: 2, maxPerConcept: 2 },
      evidence: [{ signal: 'holdout', span: at('A holdout first, then a second holdout for the next cohort.', 'holdout') }, { signal: 'holdout', span: at('A holdout first, then a second holdout for the next cohort.', 'holdout', 1) }],
      score: 1,
    },
    {
      name: 'stems: prefix and Porter stem',
      text: 'Monetization depends on declining fewer good customers.',
      options: { concepts: [{ id: 'monetization', stems: ['monetiz*'] }, { id: 'decline', stems: ['decline'] }], minConcepts: 2 },
      evidence: [{ signal: 'monetization', span: [0, 12] }, { signal: 'decline', text: 'declining' }],
      score: 1,
    },
    {
      name: 'count-negated: the denial is the point',
      text: 'We do not log personal data at any point.',
      options: { concepts: [{ id: 'no-pii', phrases: ['personal data'] }], minConcepts: 1, negation: 'count-negated' },
      evidence: [{ signal: 'no-pii', text: 'personal data', negated: true }],
      score: 1,
    },
  ],
  invalid: [
    {
      name: 'negated cost model earns nothing',
      text: T4,
      score: 0.5,
      evidence: [{ signal: 'cost-model', span: at(T4, 'cost model'), negated: true }, { signal: 'dollars', span: at(T4, '$2m') }],
      messageIds: ['negated-only', 'missing-concepts'],
    },
    { name: 'one of two concepts', text: T6.replace('F1', 'F1 (each point is worth $50k)'), score: 0.5, evidence: [{ signal: 'dollars', text: '$50k' }], messageIds: ['missing-concepts'] },
    { name: 'neither concept', text: T6, score: 0, messageIds: ['missing-concepts'] },
    {
      name: 'same sentence required and missed',
      text: T5,
      options: { sameSentenceAs: ['cost-model', 'dollars'] },
      score: 0,
      messageIds: ['not-same-sentence', 'not-same-sentence', 'missing-concepts'],
    },
    {
      name: 'a term list earns nothing and is flagged',
      text: T7,
      options: { concepts: [FINTECH.concepts[0]], minConcepts: 1 },
      score: 0,
      messageIds: ['missing-concepts'],
      flags: ['keyword-stuffing'],
    },
    { name: 'a stem is a word start, not a substring', text: 'They tried to defraud the bank.', options: { concepts: [{ id: 'fraud', stems: ['fraud'] }], minConcepts: 1 }, messageIds: ['missing-concepts'], score: 0 },
    {
      name: 'repeats do not count by default',
      text: 'The cost model, the cost model, and again the cost model.',
      score: 0.5,
      evidence: [{ signal: 'cost-model', span: [4, 14] }],
      messageIds: ['missing-concepts'],
    },
  ],
});

describe('lexicon scorer options', () => {
  const rubric = (options: unknown) => ({ id: 'acme/t', version: '1.0.0', title: 'T', criteria: [{ id: 'c', title: 'C', scorer: 'lexicon', weight: 1, options: options as Record<string, unknown> }] });
  const issuesOf = (options: unknown) => {
    try {
      createEvaluator(rubric(options));
    } catch (e) {
      expect(e).toBeInstanceOf(RubricValidationError);
      return (e as RubricValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    }
    return [];
  };

  it.each<[string, unknown, string[]]>([
    ['no concepts', { concepts: [] }, ['criteria.0.options.concepts: Too small: expected array to have >=1 items']],
    ['a concept with nothing to match', { concepts: [{ id: 'a' }] }, ['criteria.0.options.concepts.0: a concept needs at least one of phrases, stems or patterns']],
    ['duplicate concept ids', { concepts: [{ id: 'a', phrases: ['x'] }, { id: 'a', phrases: ['y'] }] }, ['criteria.0.options.concepts.1.id: duplicate concept id "a"']],
    ['unreachable minConcepts', { concepts: [{ id: 'a', phrases: ['x'] }], minConcepts: 2 }, ['criteria.0.options.minConcepts: minConcepts is 2 but 1 concept counted at most 1 time each can reach only 1']],
    ['unknown sameSentenceAs id', { concepts: [{ id: 'a', phrases: ['x'] }], sameSentenceAs: ['b'] }, ['criteria.0.options.sameSentenceAs.0: unknown concept "b"; expected one of a']],
    ['an unknown option', { concepts: [{ id: 'a', phrases: ['x'] }], minimum: 2 }, ['criteria.0.options: Unrecognized key: "minimum"']],
    ['an unknown negation mode', { concepts: [{ id: 'a', phrases: ['x'] }], negation: 'ignore' }, ['criteria.0.options.negation: Invalid option: expected one of "ignore-negated"|"count-negated"']],
    ['a multi-word stem', { concepts: [{ id: 'a', stems: ['cost model'] }] }, ['criteria.0.options.concepts.0.stems.0: one word (letters and digits), optionally ending in *']],
    ['a phrase without words', { concepts: [{ id: 'a', phrases: ['—'] }] }, ['criteria.0.options.concepts.0.phrases.0: phrase "—" has no words to match']],
  ])('rejects %s with the path of the option', (_label, options, expected) => {
    expect(issuesOf(options)).toEqual(expected);
  });

  it('rejects unsafe patterns by name with the PATTERN_UNSAFE code, all at once', () => {
    try {
      createEvaluator(rubric({ concepts: [{ id: 'a', patterns: ['(?=cost)cost', 'ok\\d+', '(x)\\1', 'a*'] }] }));
      expect.unreachable();
    } catch (e) {
      const issues = (e as RubricValidationError).issues;
      expect(issues.map((i) => [i.path.join('.'), i.code])).toEqual([
        ['criteria.0.options.concepts.0.patterns.0', 'PATTERN_UNSAFE'],
        ['criteria.0.options.concepts.0.patterns.2', 'PATTERN_UNSAFE'],
        ['criteria.0.options.concepts.0.patterns.3', 'PATTERN_UNSAFE'],
      ]);
      expect(issues[0].message).toContain('Pattern "(?=cost)cost" was rejected: lookahead and lookbehind are not supported');
      expect(issues[1].message).toContain('Pattern "(x)\\\\1" was rejected: backreferences are not supported');
      expect(issues[2].message).toBe('Pattern "a*" was rejected: it matches the empty string, so it would match every answer.');
    }
  });

  it('compiles once per evaluator: the prepared matchers are shared by every answer', () => {
    const prepared = lexicon.prepare!(lexicon.options.parse(FINTECH), { lexicons: undefined as never });
    expect(prepared.concepts.map((c: { id: string; patterns: unknown[] }) => [c.id, c.patterns.length])).toEqual([['cost-model', 0], ['dollars', 1]]);
    expect(prepared.phrases?.entries.map((e: { id: string }) => e.id)).toEqual(['cost-model']);
  });
});
