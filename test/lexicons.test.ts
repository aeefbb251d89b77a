import { describe, expect, it } from 'vitest';
import { analyze, compileLexicon, loadLexicon, RubricValidationError } from '../src/index.js';
import { createLexiconSet } from '../src/lexicons/index.js';

const builtins = createLexiconSet();

/** [entry, matched original text, negated] for every match of one built-in lexicon. */
function matches(lexicon: string, text: string) {
  const d = analyze(text);
  return builtins.get(lexicon).match(d).map((m) => {
    // Every match's span slices the original text exactly.
    expect(m.text).toBe(text.slice(m.span.start, m.span.end));
    return [m.entry, m.text, m.negated] as [string, string, boolean];
  });
}

// A small lexicon with short, collision-prone variants, to show matching is on tokens and stems.
const tiny = compileLexicon({
  id: 'tiny',
  title: 'Test lexicon',
  description: 'Short variants that raw substring matching would find everywhere.',
  entries: [
    { id: 'task', variants: ['task'], note: 'a bare word' },
    { id: 'so', variants: ['so'], note: 'a two-letter word' },
    { id: 'ab-test', variants: ['a/b test', 'split test'], note: 'a slashed phrase' },
    { id: 'tradeoff', variants: ['trade-off'], note: 'a hyphenated phrase' },
    { id: 'i-choose', variants: ['i d choose', 'we d go with'], note: 'spaced contractions' },
    { id: 'us', variants: ['=us'], note: 'exact form only' },
    { id: 'cost-of', variants: ['cost of * error'], note: 'wildcard' },
  ],
});
const tinyMatches = (text: string) => tiny.match(analyze(text)).map((m) => [m.entry, m.text] as [string, string]);

describe('lexicon matching: token boundaries, never raw substrings', () => {
  it.each<[string, [string, string][]]>([
    ['I am good at multitasking and subtasks.', []],
    ['Each task took an hour; the tasks were tagged.', [['task', 'task'], ['task', 'tasks']]],
    ['We also shipped it, and also tested it.', []],
    ['Recall rose, so churn fell.', [['so', 'so']]],
    ['The Sonos team shipped; reason: cost.', []],
    ['We ran an A/B test and an A-B test, then a split-test.', [['ab-test', 'A/B test'], ['ab-test', 'A-B test'], ['ab-test', 'split-test']]],
    ['Every trade-off, and each trade off, and the trade\u2011off.', [['tradeoff', 'trade-off'], ['tradeoff', 'trade off'], ['tradeoff', 'trade\u2011off']]],
    ["I'd choose recall; I\u2019d choose it again; we'd go with rules.", [['i-choose', "I'd choose"], ['i-choose', 'I\u2019d choose'], ['i-choose', "we'd go with"]]],
    // "=us" is the exact lower-cased form: "US" and "us", never the stem of "users".
    ['The US market and the users told us.', [['us', 'US'], ['us', 'us']]],
    // "*" stands for exactly one word.
    ['The cost of an error, the cost of error, the cost of a false error.', [['cost-of', 'cost of an error']]],
    ['Recall rose. So churn fell.', [['so', 'So']]],
    ['A trade, off the record.', []],
  ])('%s', (text, expected) => {
    expect(tinyMatches(text)).toEqual(expected);
  });

  it('never joins words across a sentence boundary or a comma', () => {
    expect(tinyMatches('We split. Test it later.')).toEqual([]);
    expect(tinyMatches('An A/B, test group.')).toEqual([]);
  });
});

describe('built-in lexicons: concepts, synonyms and plain-language variants', () => {
  it.each<[string, string, [string, string][]]>([
    ['kpis', 'Fewer people cancelling means lower churn; cancellations dropped.', [['churn', 'people cancelling'], ['churn', 'churn'], ['churn', 'cancellations']]],
    ['kpis', 'Customers canceled their subscription less often.', [['churn', 'Customers canceled']]],
    ['kpis', 'Sign-ups rose and conversion held.', [['conversion', 'Sign-ups'], ['conversion', 'conversion']]],
    ['kpis', 'Readmission rate and handle time both fell; NPS and CSAT rose; bounce rate stayed.', [['readmissions', 'Readmission rate'], ['handle-time', 'handle time'], ['nps', 'NPS'], ['csat', 'CSAT'], ['bounce-rate', 'bounce rate']]],
    ['kpis', 'Fraud losses fell and revenue grew.', [['fraud-losses', 'Fraud losses'], ['revenue', 'revenue']]],
    ['model-metrics', 'We cut false alarms by half; the false-alarm rate and false positives fell.', [['false-positive-rate', 'false alarms'], ['false-positive-rate', 'false-alarm rate'], ['false-positive-rate', 'false positives']]],
    ['model-metrics', 'Precision, recall, F1 score, ROC AUC, the PR curve, NDCG, calibration and p95 latency.', [['precision', 'Precision'], ['recall', 'recall'], ['f1', 'F1 score'], ['roc-auc', 'ROC AUC'], ['pr-curve', 'PR curve'], ['ndcg', 'NDCG'], ['calibration', 'calibration'], ['latency', 'p95 latency']]],
    ['experiment', 'We ran an A/B test, an AB test, and we split users at random.', [['ab-test', 'A/B test'], ['ab-test', 'AB test'], ['random-assignment', 'split users at random']]],
    ['contrast', 'I\u2019d choose recall. I would choose recall.', [['i-choose', 'I\u2019d choose'], ['i-choose', 'I would choose']]],
    ['linking', 'Recall drives churn and translates into revenue, which means fewer calls; it leads to trust.', [['drives', 'drives'], ['translates-into', 'translates into'], ['means-fewer-more', 'which means'], ['leads-to', 'leads to']]],
    ['regulations', 'Under ECOA and Regulation B we do a fair lending review; also HIPAA, GDPR, CCPA, COPPA, FCRA, SOC 2 and the EU AI Act.', [['ecoa', 'ECOA'], ['regulation-b', 'Regulation B'], ['fair-lending', 'fair lending review'], ['hipaa', 'HIPAA'], ['gdpr', 'GDPR'], ['ccpa', 'CCPA'], ['coppa', 'COPPA'], ['fcra', 'FCRA'], ['soc2', 'SOC 2'], ['eu-ai-act', 'EU AI Act']]],
  ])('%s: %s', (lexicon, text, expected) => {
    expect(matches(lexicon, text).map(([e, t]) => [e, t])).toEqual(expected);
  });

  it.each<[string, string]>([
    ['kpis', 'She is multitasking across teams.'],
    ['linking', 'We also shipped it and also tested it.'],
    ['experiment', 'The control panel shows a test pattern.'],
  ])('%s finds nothing in: %s', (lexicon, text) => {
    expect(matches(lexicon, text)).toEqual([]);
  });

  it.each<[string, string]>([
    ['trade-off', 'Every trade-off has a cost.'],
    ['tradeoff', 'The tradeoff is clear.'],
    ['trade-offs', 'There are trade-offs here.'],
  ])('"%s" is the trade-off concept, and the match covers exactly that word', (word, text) => {
    expect(matches('contrast', text).filter(([e]) => e === 'tradeoff').map(([, t]) => t)).toEqual([word]);
  });

  // KNOWN FAILURE (reported to the lead): the contrast lexicon's variant "the trade" wins the
  // longest match at "The", so the evidence is "The trade" and cuts "trade-off" in half.
  it('"The trade-off is clear." matches "trade-off", not "The trade"', () => {
    expect(matches('contrast', 'The trade-off is clear.').map(([e, t]) => [e, t])).toEqual([['tradeoff', 'trade-off']]);
  });

  it('marks a match negated when a cue outside it governs it', () => {
    expect(matches('experiment', 'We never ran an A/B test.')).toEqual([['ab-test', 'A/B test', true]]);
    expect(matches('experiment', 'We ran an A/B test.')).toEqual([['ab-test', 'A/B test', false]]);
    expect(matches('kpis', "We didn't track churn, but revenue rose.")).toEqual([
      ['churn', 'churn', true],
      ['revenue', 'revenue', false],
    ]);
  });

  it('matches on the original text of smart quotes, zero-width characters and emoji', () => {
    const text = 'People\u200b cancelling \ud83d\udcc9 fell after the \u201cA/B test\u201d.';
    expect(matches('kpis', text)).toEqual([['churn', 'People\u200b cancelling', false]]);
    expect(matches('experiment', text)).toEqual([['ab-test', 'A/B test', false]]);
  });
});

describe('lexicon data is validated', () => {
  it('rejects an entry without variants or note, with the path', () => {
    try {
      loadLexicon({ id: 'bad', title: 'Bad', description: 'x', entries: [{ id: 'Not Kebab', variants: [] }] }, 'bad.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RubricValidationError);
      expect((e as RubricValidationError).code).toBe('LEXICON_INVALID');
      expect((e as RubricValidationError).issues.map((i) => i.path.join('.')).sort()).toEqual(['entries.0.id', 'entries.0.note', 'entries.0.variants']);
    }
  });
});
