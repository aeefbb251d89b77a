import { describe, expect, it } from 'vitest';
import experimentDesign from '../../src/scorers/experiment-design.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at, evaluateWith } from './helpers.js';

const CLINICS = "We'd randomize at the clinic level, with half the clinics getting the model, and watch complaint rate as a guardrail.";
const HOLDOUT = "I'd keep a 10% holdout of clinics for six weeks, randomized by clinic so nurses don't share tips across arms, with complaint rate as a guardrail that stops the test if it rises 20%.";
const SPLIT = "I'd split users at random: half see the new ranking, half the old one, and we compare orders per visitor after two weeks.";
const WEDGE = 'We rolled it out in a stepped-wedge design across 12 hospitals, with readmissions as the primary outcome and alert fatigue as a guardrail.';
const COIN = 'For new sign-ups we flip a coin: half get the helper for six weeks, and we compare who finishes the next module.';
const SHADOW_PLAIN = 'Then we run it quietly beside the recruiters for a month, comparing whom it would have turned away by age.';
const CONCURRENT = "I'd try it on the next batch of launches in a few regions and compare sell-through and stockouts with regions still on the old method.";
const LOTTERY = "I'd pick one customer in ten by lottery to go without the warnings for three months, and compare fees and closures between the two groups.";
const LOGGED_BESIDE = "In use we run it as advice for a season, log its plan beside the dispatchers', and compare restoration times where they differed.";
const OFFLINE_SPLIT = "I'd use temporal cross-validation rather than random k-fold, because random splits leak future information, and validate on a holdout set from the last month.";
const SELF_SELECTED = "Customers who accepted the offer churned 42% less than those who didn't, which shows the offer works.";
const SELF_SELECTED_NO_CLAIM = "Customers who accepted the offer churned 42% less than those who didn't; we can't tell yet whether the offer did that.";
const SEASON = 'We randomized by user and ran it for two weeks, controlling for seasonality.';
const SMART = 'We\u2019d run an \u201cA/B test\u201d \u2014 randomized by store \ud83c\udfea \u2014 with refunds as a guardrail.';
const NEVER = 'We never ran an A/B test.';
const BEFORE_AFTER = 'We compared conversion before and after launch and it rose 12%.';
const USERS_VS = 'We compared users vs non-users of the assistant: users converted 30% more.';
const STUFFED = 'A/B test, holdout, control group, guardrail metrics, randomization unit, switchback.';
const WENT_UP = 'Conversion went up 12% after launch compared with the month before, so the model worked.';
const ADOPTERS = "Users who used the assistant converted 30% more than users who didn't.";

new ScorerTester(experimentDesign, { describe, it }).run('experiment-design', {
  valid: [
    {
      name: 'shadow mode told as logging its plan beside the people\'s and comparing',
      text: LOGGED_BESIDE,
      score: [0.3, 0.6],
      evidence: [{ signal: 'quasi-experiment', span: at(LOGGED_BESIDE, 'beside') }],
      messageIds: ['no-guardrails'],
    },
    {
      name: 'shadow mode in plain words: run beside the people, compare what it would have done',
      text: SHADOW_PLAIN,
      score: [0.3, 0.6],
      evidence: [{ signal: 'quasi-experiment', span: at(SHADOW_PLAIN, 'run it quietly') }, { signal: 'quasi-experiment', span: at(SHADOW_PLAIN, 'comparing whom it would have') }],
      messageIds: ['no-guardrails'],
    },
    {
      name: 'a concurrent comparison with regions kept on the old method',
      text: CONCURRENT,
      score: [0.3, 0.6],
      evidence: [{ signal: 'quasi-experiment', span: at(CONCURRENT, 'still on the old') }, { signal: 'comparison', span: at(CONCURRENT, 'compare sell-through and stockouts with regions') }],
      messageIds: ['no-guardrails'],
    },
    {
      name: 'a lottery is random assignment',
      text: LOTTERY,
      score: [0.5, 0.8],
      evidence: [{ signal: 'randomized-design', span: at(LOTTERY, 'by lottery') }],
      messageIds: ['no-guardrails', 'no-unit'],
    },
    {
      name: 'a coin flip is random assignment in plain words',
      text: COIN,
      score: [0.5, 0.7],
      evidence: [{ signal: 'randomized-design', span: at(COIN, 'flip a coin') }],
      messageIds: ['no-guardrails', 'no-unit'],
    },
    {
      name: 'randomized unit and a guardrail',
      text: CLINICS,
      score: [0.7, 1],
      evidence: [{ signal: 'randomized-design', span: at(CLINICS, 'randomize at the clinic level') }, { signal: 'randomization-unit', span: at(CLINICS, 'randomize at the clinic level') }, { signal: 'guardrail', span: at(CLINICS, 'guardrail') }],
      messageIds: [],
    },
    {
      name: 'holdout, unit chosen against spill-over, and a stop rule',
      text: HOLDOUT,
      score: [0.75, 1],
      evidence: [{ signal: 'randomization-unit', span: at(HOLDOUT, 'randomized by clinic') }, { signal: 'guardrail', span: at(HOLDOUT, 'guardrail') }],
      messageIds: [],
    },
    {
      name: 'plain language: "split users at random"',
      text: SPLIT,
      score: [0.5, 0.8],
      evidence: [{ signal: 'randomized-design', span: at(SPLIT, 'split users at random') }],
      messageIds: ['no-guardrails', 'no-unit'],
    },
    {
      name: 'stepped-wedge rollout with a guardrail',
      text: WEDGE,
      score: [0.6, 1],
      evidence: [{ signal: 'randomized-design', span: at(WEDGE, 'stepped-wedge') }, { signal: 'guardrail', span: at(WEDGE, 'guardrail') }],
    },
    {
      name: 'a confounder handled',
      text: SEASON,
      score: [0.6, 1],
      evidence: [{ signal: 'randomization-unit', span: at(SEASON, 'randomized by user') }, { signal: 'rigor', span: at(SEASON, 'seasonality') }],
      messageIds: ['no-guardrails'],
    },
    {
      name: 'smart quotes, em dashes and emoji keep spans on the original text',
      text: SMART,
      score: [0.6, 1],
      evidence: [{ signal: 'randomized-design', span: at(SMART, 'A/B test') }, { signal: 'guardrail', span: at(SMART, 'guardrail') }],
    },
  ],
  invalid: [
    {
      name: 'splitting data to train and test a model is offline evaluation, not an experiment (trap)',
      text: OFFLINE_SPLIT,
      question: 'How would you evaluate the fraud model before launch, and show it works?',
      score: [0, 0.1],
      evidence: [],
      messageIds: ['no-experiment'],
    },
    {
      name: 'a self-selected comparison taken as proof: wrong causality',
      text: SELF_SELECTED,
      score: [0, 0.15],
      evidence: [{ signal: 'weak-causal-evidence', span: at(SELF_SELECTED, "than those who didn't") }],
      messageIds: ['weak-causal-evidence', 'wrong-causality', 'no-experiment'],
      flags: ['weak-causal-evidence', 'wrong-causality'],
    },
    {
      name: 'the same comparison without a causal claim is only weak evidence',
      text: SELF_SELECTED_NO_CLAIM,
      score: [0, 0.15],
      evidence: [{ signal: 'weak-causal-evidence', span: at(SELF_SELECTED_NO_CLAIM, "than those who didn't") }],
      messageIds: ['weak-causal-evidence', 'no-experiment'],
      flags: ['weak-causal-evidence'],
    },
    {
      name: '"we never ran an A/B test" earns nothing',
      text: NEVER,
      score: 0,
      evidence: [{ signal: 'randomized-design', span: at(NEVER, 'A/B test'), negated: true }],
      messageIds: ['negated-experiment'],
    },
    {
      name: 'before/after is weak causal evidence, not an experiment',
      text: BEFORE_AFTER,
      score: [0, 0.25],
      evidence: [{ signal: 'weak-causal-evidence', span: at(BEFORE_AFTER, 'before and after') }],
      messageIds: ['weak-causal-evidence', 'no-experiment'],
      flags: ['weak-causal-evidence'],
    },
    {
      name: 'users vs non-users is weak causal evidence',
      text: USERS_VS,
      score: [0, 0.25],
      evidence: [{ signal: 'weak-causal-evidence', span: at(USERS_VS, 'users vs non-users') }],
      messageIds: ['weak-causal-evidence', 'no-experiment'],
      flags: ['weak-causal-evidence'],
    },
    { name: 'a comma list of experiment terms is stuffing', text: STUFFED, score: [0, 0.3], messageIds: ['no-experiment'], flags: ['keyword-stuffing'] },
    { name: 'nothing about isolating the effect', text: "We'd launch it and see how users like it.", score: 0, messageIds: ['no-experiment'] },
    { name: 'substrings: "controller", "testament", "randomly"', text: 'The controller read the testament aloud.', score: 0, messageIds: ['no-experiment'] },
  ],
});

describe('experiment-design: applicability', () => {
  const tester = new ScorerTester(experimentDesign);
  it('is not applicable to a question that asks for no causal evidence, when the answer offers none', () =>
    tester.check({ text: "We'd move the data contract to a weekly review with the vendor.", question: 'How would you handle a vendor breaching a data agreement?', score: null, messageIds: [] }, 'invalid'));
  it('applies to the same answer when the criterion says "always"', () =>
    tester.check({ text: "We'd move the data contract to a weekly review with the vendor.", question: 'How would you handle a vendor breaching a data agreement?', options: { applicability: 'always' }, score: 0, messageIds: ['no-experiment'] }, 'invalid'));
});

// Before/after and adopters-vs-non-adopters claims in everyday phrasing are weak causal evidence.
describe('experiment-design (regressions)', () => {
  for (const [label, text] of [
    ['"went up 12% after launch compared with the month before"', WENT_UP],
    ['"users who used the assistant converted 30% more than users who didn\'t"', ADOPTERS],
  ] as const) {
    it(`${label} is flagged as weak causal evidence`, () => {
      const r = evaluateWith(experimentDesign, text);
      expect(r.criteria[0].feedback.map((f) => f.messageId)).toContain('weak-causal-evidence');
      expect(r.flags.map((f) => f.id)).toContain('weak-causal-evidence');
    });
  }
});
