import { describe, expect, it } from 'vitest';
import compliance from '../../src/scorers/compliance.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at, evaluateWith } from './helpers.js';

const LENDING_Q = 'Design an AI credit-limit feature for a lending app.';
const HEALTH_Q = 'Design an AI triage assistant for a hospital emergency department.';
const SEARCH_Q = 'How would you improve search ranking for a recipe site?';

const FAIR_LENDING = "Because this is lending, I'd only use explainable features, run a disparate-impact audit on approvals every quarter, and give declined applicants adverse action reasons under ECOA.";
const HIPAA = 'Patient notes stay inside the EHR, we sign a BAA with the vendor so HIPAA covers it, and a nurse reviews every triage suggestion before it reaches the patient.';
const NEGATED = 'We never did a bias audit and skipped legal review.';
const STUFFED = 'HIPAA, GDPR, bias audit, explainability, fairness, consent, human in the loop.';
const SMART = 'Under \u201cECOA\u201d we\u2019d run a disparate\u2011impact audit \ud83d\udd0d every quarter.';
const NAME_DROP = 'We would comply with GDPR.';

new ScorerTester(compliance, { describe, it }).run('compliance', {
  valid: [
    {
      name: 'fair-lending concepts tied to design actions in a lending question',
      text: FAIR_LENDING,
      question: LENDING_Q,
      score: [0.8, 1],
      evidence: [
        { signal: 'ethics-transparency', span: at(FAIR_LENDING, 'explainable') },
        { signal: 'ethics-fairness', span: at(FAIR_LENDING, 'disparate-impact') },
        { signal: 'regulation', span: at(FAIR_LENDING, 'ECOA') },
      ],
      messageIds: [],
      flags: [],
    },
    {
      name: 'HIPAA through a BAA in a health question',
      text: HIPAA,
      question: HEALTH_Q,
      score: [0.6, 1],
      evidence: [{ signal: 'regulation', span: at(HIPAA, 'BAA') }],
      messageIds: [],
    },
    {
      name: 'smart quotes, a non-breaking hyphen and emoji keep spans on the original text',
      text: SMART,
      question: LENDING_Q,
      score: [0.6, 1],
      evidence: [{ signal: 'regulation', span: at(SMART, 'ECOA') }, { signal: 'ethics-fairness', span: at(SMART, 'disparate\u2011impact') }],
    },
  ],
  invalid: [
    {
      name: 'negated compliance earns nothing',
      text: NEGATED,
      question: LENDING_Q,
      score: 0,
      evidence: [{ signal: 'ethics-concept', span: at(NEGATED, 'bias audit'), negated: true }, { signal: 'regulation', span: at(NEGATED, 'legal review'), negated: true }],
      messageIds: ['negated-compliance', 'missing-in-sensitive-domain'],
    },
    {
      name: 'a comma list of regulations and ethics terms is stuffing',
      text: STUFFED,
      question: HEALTH_Q,
      score: [0, 0.3],
      messageIds: ['missing-in-sensitive-domain'],
    },
    {
      name: 'nothing said in a sensitive domain',
      text: "I'd launch to 10% of users and watch retention for two weeks.",
      question: HEALTH_Q,
      score: 0,
      messageIds: ['missing-in-sensitive-domain'],
    },
  ],
});

it('a stuffed list of regulations flags the evaluation as keyword-stuffing', () => {
  expect(evaluateWith(compliance, STUFFED, HEALTH_Q).flags.map((f) => f.id)).toContain('keyword-stuffing');
});

describe('compliance: applicability', () => {
  const tester = new ScorerTester(compliance);
  const text = "I'd launch to 10% of users and watch retention for two weeks.";
  it('is not applicable (null, no feedback) when no sensitive domain is in play and nothing is mentioned', () =>
    tester.check({ text, question: SEARCH_Q, score: null, messageIds: [], evidence: [] }, 'invalid'));
  it('scores 0 instead when the criterion says so', () =>
    tester.check({ text, question: SEARCH_Q, options: { whenNotNeeded: 'zero' }, score: 0, messageIds: [] }, 'invalid'));
  it('a domain named in the options makes it apply', () =>
    tester.check({ text, question: SEARCH_Q, options: { domains: ['health'] }, score: 0, messageIds: ['missing-in-sensitive-domain'] }, 'invalid'));
});

new ScorerTester(compliance, { describe, it }).run('compliance (regressions)', {
  invalid: [
    {
      // "comply with" is not a design action: the issue asks for regulation tied to an action
      // (audit, legal review, explaining decisions...), and complying is not one.
      name: '"we would comply with GDPR" is a name-drop',
      text: NAME_DROP,
      question: LENDING_Q,
      score: [0, 0.5],
      evidence: [{ signal: 'regulation', span: at(NAME_DROP, 'GDPR') }],
      messageIds: ['name-drop'],
    },
  ],
});
