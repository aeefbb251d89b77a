import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  analyze,
  AnswerDocument,
  AnswerEvalError,
  BUILTIN_RUBRIC_IDS,
  createEvaluator,
  evaluate,
  InputError,
  parseRubric,
  rubricHash,
  RubricValidationError,
  type Evaluation,
} from '../src/index.js';

// Issue 2, "how it will be checked": a rubric built inline from the four headline scorers, with
// only the required fields.
const HEADLINE = {
  id: 'acme/headline',
  version: '1.0.0',
  title: 'Headline scorers',
  criteria: [
    { id: 'structure', title: 'Structure', scorer: 'structure', weight: 1 },
    { id: 'linkage', title: 'Metric to KPI', scorer: 'metric-kpi-linkage', weight: 3 },
    { id: 'tradeoff', title: 'Trade-offs', scorer: 'tradeoff', weight: 2 },
    { id: 'compliance', title: 'Compliance', scorer: 'compliance', weight: 1 },
  ],
};
const headline = createEvaluator(HEADLINE);

const STRONG =
  "I'd judge the fraud model by what it does to customers and to losses. A 2-point gain in recall at the same precision cuts fraud losses by about $400k a year. " +
  "I'd choose precision over recall at first, because every false decline costs us a good customer while a missed fraud case costs about $40. " +
  'Since this is lending, declined applicants get adverse action reasons under ECOA, and we run a disparate-impact audit every quarter.';
const PLAIN_STRONG =
  'What matters is whether fewer good customers get blocked and whether fraud costs us less. If the model catches 2 more scams in 100, fraud losses fall by about $400k a year, ' +
  "so I'd accept a few more false alarms at first, because a missed scam costs a customer $40 while a wrong alert costs a short call. " +
  'Declined applicants always get reasons, and we check every quarter that approval rates stay fair across groups.';
const KEYWORDS = 'Precision, recall, F1, AUC, churn, NPS, retention, conversion, trade-offs, ECOA, GDPR, bias audit, explainability, A/B test.';
const LINKED = 'A 2-point gain in recall cuts fraud losses by about $400k a year.';
const COOCCUR = 'We track recall. Fraud losses are reported by finance.';
const NEGATED = 'We never tied recall to fraud losses.';

const linkage = (e: Evaluation) => e.criteria.find((c) => c.id === 'linkage')!.score!;
const errorOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error');
};

describe('evaluate: issue 2 acceptance checks', () => {
  it('accepts an inline rubric with only id, version, title and criteria (id, title, scorer, weight)', () => {
    const r = headline.evaluate(STRONG);
    expect(r.rubric).toEqual({ id: 'acme/headline', version: '1.0.0', hash: rubricHash(parseRubric(HEADLINE)) });
    expect(r.criteria.map((c) => [c.id, c.scorer, c.weight])).toEqual([
      ['structure', 'structure', 1],
      ['linkage', 'metric-kpi-linkage', 3],
      ['tradeoff', 'tradeoff', 2],
      ['compliance', 'compliance', 1],
    ]);
    expect(r.score).toBeGreaterThan(50);
  });

  it('a metric linked to a KPI scores above the two merely co-occurring, which scores at least as high as a negated link', () => {
    const [l, c, n] = [LINKED, COOCCUR, NEGATED].map((t) => linkage(headline.evaluate(t)));
    expect(l).toBeGreaterThan(c);
    expect(c).toBeGreaterThanOrEqual(n);
    expect(n).toBe(0);
    // The same order on the totals.
    const [tl, tc, tn] = [LINKED, COOCCUR, NEGATED].map((t) => headline.evaluate(t).score);
    expect(tl).toBeGreaterThan(tc);
    expect(tc).toBeGreaterThanOrEqual(tn);
  });

  it('a keyword list scores below a plain-language strong answer and carries the keyword-stuffing flag', () => {
    const list = headline.evaluate(KEYWORDS);
    const plain = headline.evaluate(PLAIN_STRONG);
    expect(list.score).toBeLessThan(plain.score);
    expect(list.score).toBeLessThan(25);
    expect(list.flags.map((f) => f.id)).toContain('keyword-stuffing');
    expect(plain.flags.map((f) => f.id)).not.toContain('keyword-stuffing');
    // The flag points at the list in the answer.
    const flag = list.flags.find((f) => f.id === 'keyword-stuffing' && f.span)!;
    expect(KEYWORDS.slice(flag.span!.start, flag.span!.end)).toMatch(/^Precision, recall/);
  });

  it('a long sentence whose comma-separated parts are phrases with verbs and a reason is not a keyword list', () => {
    const text = 'Then launch to opted-in customers, randomly assigning managers to drafts or no drafts, and measure churn, which is what customers pay for, with bias checks and complaints as guardrails.';
    expect(headline.evaluate(text).flags.map((f) => f.id)).not.toContain('keyword-stuffing');
  });

  it('bullets that each pack a few terms with no verb are a keyword list', () => {
    const text = 'Key considerations:\n- Confusion matrix: TP, FP, TN, FN\n- Precision, recall, F1\n- ROC-AUC vs PR-AUC\n- Class imbalance, SMOTE\n- Human-in-the-loop review\n- Explainability (SHAP, LIME)\n- Fairness and bias audit, GDPR\n- Drift monitoring and retraining\n\nChoose the threshold that optimises the business objective.';
    const r = headline.evaluate(text);
    expect(r.flags.filter((f) => f.id === 'keyword-stuffing' && !f.criterion)).toHaveLength(1);
    expect(r.score).toBeLessThanOrEqual(40);
  });

  it('a run of tiny sentences that each name a term is a keyword list', () => {
    const text = 'Leverage LLMs. Monitor drift. Ensure GDPR compliance. Run A/B tests. Track NPS and retention. Add human-in-the-loop review.';
    const r = headline.evaluate(text);
    expect(r.flags.filter((f) => f.id === 'keyword-stuffing' && !f.criterion)).toHaveLength(1);
    expect(r.score).toBeLessThanOrEqual(40);
  });

  it('a bulleted plan whose items are sentences is not a keyword list', () => {
    const text = '- We split clinics at random, half with the model.\n- We watch no-shows weekly and stop if complaints rise 10%.\n- I review twenty flagged cases every Friday.\n- Legal signs off on the patient notice before launch.';
    expect(headline.evaluate(text).flags.map((f) => f.id)).not.toContain('keyword-stuffing');
  });

  it('a keyword list joined by "and" or slashes is caught too', () => {
    for (const text of [
      'We used precision and recall and F1 and AUC to move churn and NPS and retention and conversion and revenue with ECOA and GDPR and A/B tests.',
      'Precision/recall/F1/AUC drive churn/NPS/retention/conversion, trade-offs, ECOA/GDPR.',
    ]) {
      const r = headline.evaluate(text);
      expect(r.score).toBeLessThan(headline.evaluate(PLAIN_STRONG).score / 2);
      expect(r.flags.map((f) => f.id)).toContain('keyword-stuffing');
    }
  });

  // KNOWN FAILURE (reported to the lead): a run of terms with no separators at all is not seen
  // as stuffing (only comma/slash/"and" lists are): it scores 38 here, compliance 1.0, no flag.
  it('unnatural term density without separators raises keyword-stuffing and scores low', () => {
    const r = headline.evaluate('Precision recall F1 AUC churn NPS retention conversion revenue ECOA GDPR fairness bias audit explainability trade-off.');
    expect(r.flags.map((f) => f.id)).toContain('keyword-stuffing');
    expect(r.score).toBeLessThan(25);
  });

  it('gives byte-identical JSON for the same answer, twice and from a fresh evaluator', () => {
    const a = JSON.stringify(headline.evaluate({ id: 'a1', answer: STRONG }));
    const b = JSON.stringify(headline.evaluate({ id: 'a1', answer: STRONG }));
    const c = JSON.stringify(createEvaluator(HEADLINE).evaluate({ id: 'a1', answer: STRONG }));
    const d = JSON.stringify(evaluate({ id: 'a1', answer: STRONG }, HEADLINE));
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(d).toBe(a);
    // JSON-safe: nothing is lost in a round trip.
    expect(JSON.parse(a)).toEqual(headline.evaluate({ id: 'a1', answer: STRONG }));
  });
});

describe('evaluate: inputs', () => {
  it('scores answers that contain Object.prototype names as words ("constructor", "toString", ...)', () => {
    for (const w of ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf']) {
      const answer = `The ${w} failed. We fixed the ${w} in 2 weeks, ${w} 5 ${w} and two ${w}; we did not ${w} the ${w}. ${w}: ${w}.`;
      for (const id of BUILTIN_RUBRIC_IDS) expect(() => evaluate({ answer, question: `What about ${w}?` }, id), `${w} / ${id}`).not.toThrow();
    }
  });

  it('takes a string, a record { id?, question?, answer } or an AnswerDocument, with the same result', () => {
    const fromString = headline.evaluate(STRONG);
    const fromRecord = headline.evaluate({ answer: STRONG });
    const fromDoc = headline.evaluate(analyze(STRONG));
    const fromRecordDoc = headline.evaluate({ id: 'x', answer: analyze(STRONG) });
    expect(fromRecord).toEqual(fromString);
    expect(fromDoc).toEqual(fromString);
    expect(fromRecordDoc).toEqual({ answerId: 'x', ...fromString });
    expect(fromString).not.toHaveProperty('answerId');
    expect(headline.evaluate({ id: 'q-17', answer: STRONG }).answerId).toBe('q-17');
  });

  it('several rubrics share one analysis of the answer', () => {
    const doc = analyze(PLAIN_STRONG);
    const rubrics = ['ai-pm/product-sense', 'ai-pm/technical-depth', 'ai-pm/execution'];
    const shared = rubrics.map((id) => createEvaluator(id).evaluate({ answer: doc }));
    // The document carries what the first rubric derived from it (lexicon matches, stuffing) ...
    expect(doc.memo.size).toBeGreaterThan(0);
    // ... and each rubric's result is the same as from its own analysis.
    rubrics.forEach((id, i) => expect(shared[i]).toEqual(createEvaluator(id).evaluate(PLAIN_STRONG)));
  });

  it('uses the record\'s question (relevance and compliance read it)', () => {
    const rubric = { id: 'acme/q', version: '1.0.0', title: 'q', criteria: [{ id: 'rel', title: 'Relevance', scorer: 'relevance', weight: 1 }] };
    const ev = createEvaluator(rubric);
    expect(ev.evaluate(STRONG).criteria[0].score).toBeNull();
    const withQ = ev.evaluate({ answer: STRONG, question: 'How would you measure the success of a fraud model for a lending app?' });
    expect(withQ.criteria[0].score).toBeGreaterThan(0.5);
  });

  it.each<[string, unknown, string]>([
    ['a number', 42, 'INPUT_TYPE'],
    ['null', null, 'INPUT_TYPE'],
    ['undefined', undefined, 'INPUT_TYPE'],
    ['an array', [STRONG], 'INPUT_TYPE'],
    ['a record without answer', { id: 'a', text: STRONG }, 'INPUT_TYPE'],
    ['a record whose answer is a number', { id: 'a', answer: 42 }, 'INPUT_TYPE'],
    ['a record whose answer is null', { answer: null }, 'INPUT_TYPE'],
    ['a record whose question is a number', { answer: STRONG, question: 7 }, 'INPUT_TYPE'],
    ['an empty answer', '', 'INPUT_EMPTY'],
    ['a blank record answer', { answer: '  \n ' }, 'INPUT_EMPTY'],
    ['an answer over the limit', 'word '.repeat(10_001), 'INPUT_TOO_LONG'],
  ])('%s is a typed error', (_label, input, code) => {
    const e = errorOf(() => headline.evaluate(input as never));
    expect(e).toBeInstanceOf(InputError);
    expect(e).toBeInstanceOf(AnswerEvalError);
    expect((e as InputError).code).toBe(code);
    // The one-off form throws the same.
    expect(errorOf(() => evaluate(input as never, HEADLINE))).toMatchObject({ code });
  });

  it('takes the length limit from the evaluator options and names it', () => {
    const short = createEvaluator(HEADLINE, { maxLength: 100 });
    expect(errorOf(() => short.evaluate(STRONG))).toMatchObject({ code: 'INPUT_TOO_LONG', message: expect.stringContaining('100') });
    expect(() => short.evaluate(LINKED)).not.toThrow();
  });
});

describe('evaluate: rubric validation', () => {
  const base = () => JSON.parse(JSON.stringify(HEADLINE));
  it.each<[string, (r: Record<string, any>) => void, string[]]>([
    ['a negative weight', (r) => (r.criteria[0].weight = -1), ['criteria[0].weight']],
    ['a weight that is a string', (r) => (r.criteria[1].weight = '3'), ['criteria[1].weight']],
    ['a missing title', (r) => delete r.title, ['title']],
    ['a criterion without scorer', (r) => delete r.criteria[2].scorer, ['criteria[2].scorer']],
    ['a version that is not semver', (r) => (r.version = 'one'), ['version']],
    ['no criteria', (r) => (r.criteria = []), ['criteria']],
    ['a duplicate criterion id', (r) => (r.criteria[1].id = 'structure'), ['criteria[1].id']],
    ['an unknown top-level key', (r) => (r.wieght = 1), ['(root)']],
    ['two problems at once', (r) => ((r.criteria[0].weight = -1), (r.criteria[3].title = '')), ['criteria[0].weight', 'criteria[3].title']],
  ])('%s → RubricValidationError naming %s', (_label, mutate, paths) => {
    const r = base();
    mutate(r);
    const e = errorOf(() => createEvaluator(r)) as RubricValidationError;
    expect(e).toBeInstanceOf(RubricValidationError);
    expect(e).toBeInstanceOf(AnswerEvalError);
    expect(e.code).toBe('RUBRIC_INVALID');
    for (const p of paths) expect(e.message).toContain(p === '(root)' ? 'wieght' : `${p}:`);
    expect(e.issues.length).toBe(paths.length);
    // One-off evaluate validates the same way.
    expect(errorOf(() => evaluate(STRONG, r))).toBeInstanceOf(RubricValidationError);
  });

  it('an unknown scorer is a validation error at its path, listing the known scorers', () => {
    const r = base();
    r.criteria[1].scorer = 'metric-kpi-link';
    const e = errorOf(() => createEvaluator(r)) as RubricValidationError;
    expect(e).toBeInstanceOf(RubricValidationError);
    expect(e.issues.map((i) => i.path)).toEqual([['criteria', 1, 'scorer']]);
    expect(e.message).toContain('criteria[1].scorer');
    expect(e.message).toContain('metric-kpi-linkage');
  });

  it("criterion options are validated by that scorer's own schema", () => {
    const r = base();
    r.criteria[1].options = { window: 9 };
    r.criteria[2].options = { windw: 1 };
    const e = errorOf(() => createEvaluator(r)) as RubricValidationError;
    expect(e.issues.map((i) => i.path.join('.')).sort()).toEqual(['criteria.1.options.window', 'criteria.2.options']);
    expect(e.message).toContain('criteria[1].options.window');
  });

  it('an unknown built-in rubric id is a typed error', () => {
    expect(errorOf(() => createEvaluator('ai-pm/product-sens'))).toMatchObject({ code: 'RUBRIC_NOT_FOUND', message: expect.stringContaining('ai-pm/product-sense') });
  });
});

describe('evaluate: the Evaluation', () => {
  it('has the documented shape, in a stable key order', () => {
    const r = headline.evaluate({ id: 'a1', answer: STRONG });
    expect(Object.keys(r)).toEqual(['answerId', 'rubric', 'score', 'band', 'passed', 'criteria', 'flags', 'stats']);
    expect(Object.keys(r.rubric)).toEqual(['id', 'version', 'hash']);
    expect(Object.keys(r.stats)).toEqual(['words', 'sentences']);
    expect(r.stats).toEqual({ words: analyze(STRONG).stats.words, sentences: 4 });
    expect(r.score).toBeGreaterThanOrEqual(0);
    expect(r.score).toBeLessThanOrEqual(100);
    expect(['exceptional', 'strong', 'mixed', 'weak', 'poor']).toContain(r.band);
    expect(typeof r.passed).toBe('boolean');
    for (const c of r.criteria) {
      expect(Object.keys(c)).toEqual(['id', 'title', 'scorer', 'weight', 'score', 'level', 'evidence', 'feedback']);
      expect(c.score === null || (c.score >= 0 && c.score <= 1)).toBe(true);
      for (const e of c.evidence) {
        expect(Object.keys(e)).toEqual(e.negated ? ['span', 'text', 'signal', 'negated'] : ['span', 'text', 'signal']);
        expect(e.signal).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      }
      for (const f of c.feedback) {
        expect(Object.keys(f).slice(0, 2)).toEqual(['messageId', 'message']);
        expect(f.message).not.toMatch(/\{\w+\}/); // templates are filled in
      }
    }
    for (const f of r.flags) expect(Object.keys(f).slice(0, 2)).toEqual(['id', 'message']);
  });

  it('a criterion that does not apply is null, and the total renormalizes over the others', () => {
    const r = headline.evaluate(LINKED);
    const compliance = r.criteria.find((c) => c.id === 'compliance')!;
    expect(compliance.score).toBeNull();
    expect(compliance.level).toBe('not-applicable');
    const applicable = r.criteria.filter((c) => c.score !== null);
    const expected = (100 * applicable.reduce((s, c) => s + c.weight * c.score!, 0)) / applicable.reduce((s, c) => s + c.weight, 0);
    expect(r.score).toBeCloseTo(expected, 0);
  });

  it('the rubric hash is stable: same content, same hash; any change, a new hash', () => {
    const h = rubricHash(parseRubric(HEADLINE));
    expect(h).toMatch(/^[0-9a-f]{16}$/);
    const reordered = { criteria: HEADLINE.criteria.map((c) => ({ weight: c.weight, scorer: c.scorer, title: c.title, id: c.id })), title: HEADLINE.title, version: HEADLINE.version, id: HEADLINE.id };
    expect(rubricHash(parseRubric(reordered))).toBe(h);
    expect(headline.evaluate(LINKED).rubric.hash).toBe(h);
    const heavier = JSON.parse(JSON.stringify(HEADLINE));
    heavier.criteria[0].weight = 2;
    expect(rubricHash(parseRubric(heavier))).not.toBe(h);
    const bumped = { ...HEADLINE, version: '1.0.1' };
    expect(rubricHash(parseRubric(bumped))).not.toBe(h);
  });
});

describe('evaluate: repeats earn nothing more', () => {
  const one = (scorer: string) => createEvaluator({ id: `acme/${scorer}`, version: '1.0.0', title: scorer, criteria: [{ id: 'c', title: scorer, scorer, weight: 1 }] });
  const cases: [string, string, string?][] = [
    ['metric-kpi-linkage', 'Better recall cuts fraud losses by 3%.'],
    // With the domain given by the question (a domain word repeated in the answer is domain evidence).
    ['compliance', 'We run a disparate-impact audit on approvals under ECOA.', 'Design an AI credit-limit feature for a lending app.'],
    ['experiment-design', 'We keep a 5% holdout of stores, randomized by store.'],
    ['mlops-ownership', 'We retrain monthly and roll back if precision drops below 80%.'],
    ['structure', 'First, pick the metric.'],
  ];
  it.each(cases)('%s: the same sentence three times scores as once', (scorer, sentence, question) => {
    const ev = one(scorer);
    const once = ev.evaluate({ answer: sentence, question }).criteria[0];
    const thrice = ev.evaluate({ answer: [sentence, sentence, sentence].join(' '), question }).criteria[0];
    expect(once.score).not.toBeNull();
    expect(thrice.score).toBe(once.score);
  });
  // KNOWN FAILURE (reported to the lead): the same reasoned trade-off said three times scores 1
  // against 0.8 once; the scorer's own comment says repeats of the same pattern add nothing.
  it('tradeoff: the same sentence three times scores as once', () => {
    const ev = one('tradeoff');
    const sentence = "I'd choose precision over recall, because a false decline costs us a customer.";
    expect(ev.evaluate([sentence, sentence, sentence].join(' ')).criteria[0].score).toBe(ev.evaluate(sentence).criteria[0].score);
  });
});

describe('evaluate: every evidence span slices the original answer (property)', () => {
  // Real fixture answers with smart quotes, emoji, zero-width characters, combining marks, CRLF
  // and dashes spliced in at random places.
  const answers = ['product-sense', 'technical-depth', 'leadership']
    .flatMap((f) => readFileSync(join(__dirname, '../fixtures/ai-pm', `${f}.jsonl`), 'utf8').split('\n').filter(Boolean).slice(0, 4))
    .map((l) => (JSON.parse(l) as { answer: string }).answer);
  const noise = ['\u200b', '\u200d', '\ufeff', '\u00ad', '\u2019', '\u201c', '\u201d', '\u2014', '\u2013', '\u2011', '\ud83d\udc4d', '\ud83d\udc69\u200d\ud83d\udcbb', '\ud83c\udffd', 'e\u0301', '\r\n', '\u00a0', '\uff05', '\uff04'];
  const evaluators = BUILTIN_RUBRIC_IDS.map((id) => createEvaluator(id));
  const splitsPair = (t: string, i: number) => i > 0 && i < t.length && /[\uD800-\uDBFF]/.test(t[i - 1]) && /[\uDC00-\uDFFF]/.test(t[i]);

  it('holds for every built-in rubric', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...answers),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(...noise)), { maxLength: 12 }),
        fc.nat(evaluators.length - 1),
        (answer, inserts, k) => {
          let text = answer;
          for (const [where, s] of inserts) {
            let at = Math.floor(where * text.length);
            if (splitsPair(text, at)) at--;
            text = text.slice(0, at) + s + text.slice(at);
          }
          const r = evaluators[k].evaluate(text);
          for (const c of r.criteria) {
            for (const e of c.evidence) {
              expect(e.text).toBe(text.slice(e.span.start, e.span.end));
              expect(e.span.end).toBeGreaterThan(e.span.start);
              expect(splitsPair(text, e.span.start) || splitsPair(text, e.span.end)).toBe(false);
            }
            for (const f of c.feedback) if (f.span) expect(f.span.end).toBeLessThanOrEqual(text.length);
          }
          for (const f of r.flags) if (f.span) expect(f.span.end).toBeLessThanOrEqual(text.length);
        },
      ),
      { numRuns: 60, seed: 424242 },
    );
  });

  it('inserting zero-width characters does not change what is found', () => {
    const ev = evaluators[0];
    for (const answer of answers.slice(0, 6)) {
      const spaced = answer.replace(/ /g, ' \u200b');
      const a = ev.evaluate(answer);
      const b = ev.evaluate(spaced);
      expect(b.score).toBe(a.score);
      // List-item evidence is a fixed-width excerpt (see test/scorers/structure.test.ts), so it is compared by position only.
      const strip = (r: Evaluation) => r.criteria.map((c) => c.evidence.map((e) => `${e.signal}:${e.signal === 'list-item' ? '' : e.text.replace(/\u200b/g, '')}`));
      expect(strip(b)).toEqual(strip(a));
    }
  });
});

describe('evaluate: flags cap the total', () => {
  const q = 'Tell me about a metric you moved with an AI feature. How do you know it was the model that moved it?';
  const beforeAfter =
    "At Lendly I owned the document-checking model for loan applications. I led the work to cut manual review: we moved precision at our threshold from 81% to 93%, which cut reviewer hours by 40% and took approval time from 3 days to 1, so fewer applicants dropped out. We know it was the model because drop-outs fell from 18% in the quarter before launch to 11% in the quarter after. I'd accept a slower queue for the hardest 5% of files, because a wrong approval costs us far more than a day's wait.";
  const randomized = beforeAfter.replace(
    'We know it was the model because drop-outs fell from 18% in the quarter before launch to 11% in the quarter after.',
    'We know it was the model because we sent a random 10% of applications down the old path for six weeks: drop-outs were 11% with the model and 17% without.',
  );
  it('before/after as the only causal evidence keeps a polished answer below the strong band', () => {
    const ba = evaluate({ answer: beforeAfter, question: q }, 'ai-pm/recruiter-screen');
    expect(ba.flags.map((f) => f.id)).toContain('weak-causal-evidence');
    expect(ba.score).toBeLessThanOrEqual(60);
    expect(ba.band).toBe('mixed');
    const rnd = evaluate({ answer: randomized, question: q }, 'ai-pm/recruiter-screen');
    expect(rnd.flags.map((f) => f.id)).not.toContain('weak-causal-evidence');
    expect(rnd.score).toBeGreaterThan(ba.score);
  });
  it('one red flag caps at 40, two at 30', () => {
    const one = evaluate({ answer: randomized.replace("I'd accept a slower queue", "We'd skip the fairness review and I'd accept a slower queue"), question: q }, 'ai-pm/recruiter-screen');
    expect(one.flags.map((f) => f.id)).toContain('risky-judgement');
    expect(one.score).toBeLessThanOrEqual(40);
    const two = evaluate({ answer: randomized.replace("I'd accept a slower queue", "We'd skip the fairness review. We'd use age as a feature, and I'd accept a slower queue"), question: q }, 'ai-pm/recruiter-screen');
    expect(two.flags.map((f) => f.id)).toContain('unsafe-judgement');
    expect(two.score).toBeLessThanOrEqual(30);
  });
});

describe('evaluate: room for short answers (shortAnswerAllowance)', () => {
  const withAllowance = (allowance?: { belowWords: number; boost: number }) => createEvaluator({ ...HEADLINE, id: 'acme/short', ...(allowance ? { shortAnswerAllowance: allowance } : {}) });
  it('counts a short answer\'s evidence up, and leaves reported criterion scores alone', () => {
    const plain = withAllowance().evaluate({ answer: LINKED });
    const roomy = withAllowance({ belowWords: 200, boost: 0.6 }).evaluate({ answer: LINKED });
    expect(roomy.score).toBeGreaterThan(plain.score);
    expect(roomy.criteria.map((c) => c.score)).toEqual(plain.criteria.map((c) => c.score));
  });
  it('gives nothing where a criterion found nothing, nor to a long answer', () => {
    const linkOnly = (allowance?: { belowWords: number; boost: number }) => createEvaluator({ ...HEADLINE, id: 'acme/link-only', criteria: [HEADLINE.criteria[1]], ...(allowance ? { shortAnswerAllowance: allowance } : {}) });
    const empty = 'I think it went fine overall.';
    expect(linkOnly().evaluate({ answer: empty }).score).toBe(0);
    expect(linkOnly({ belowWords: 200, boost: 0.6 }).evaluate({ answer: empty }).score).toBe(0);
    const long = `${STRONG} ${PLAIN_STRONG} ${STRONG}`;
    expect(analyze(long).stats.words).toBeGreaterThan(120);
    expect(withAllowance({ belowWords: 100, boost: 2 }).evaluate({ answer: long }).score).toBe(withAllowance().evaluate({ answer: long }).score);
  });
  it('rejects a malformed allowance with its path', () => {
    const e = errorOf(() => parseRubric({ ...HEADLINE, shortAnswerAllowance: { belowWords: 0, boost: 0.5 } }));
    expect(e).toBeInstanceOf(RubricValidationError);
    expect((e as RubricValidationError).message).toContain('shortAnswerAllowance');
  });
});
