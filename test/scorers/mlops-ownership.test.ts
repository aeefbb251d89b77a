import { describe, expect, it } from 'vitest';
import mlopsOwnership from '../../src/scorers/mlops-ownership.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at, evaluateWith } from './helpers.js';

const FULL = 'We version the model, data and code together. We monitor feature drift daily and alert when PSI passes 0.2. We retrain monthly and roll back to the last good version if precision drops below 80%. I own the alert and escalate to the ML lead.';
const RETRAIN = 'We retrain monthly and roll back to the last good version if precision drops below 80%.';
const OWNER = 'I own the alert and escalate to the ML lead.';
const PLAIN_OWNER = 'I still go through the weekly list of misses and retrain when they pile up.';
const EACH_STORM = 'In use I log its plan for a season, and I review each storm with operations.';
const SMART = 'We\u2019d retrain monthly \u2014 and roll back \ud83d\udd19 if precision drops below 80%.';
const VAGUE = "We'd monitor it.";
const NEVER = 'We never set up drift monitoring and had no rollback plan.';
const STUFFED = 'Model versioning, drift monitoring, retraining, rollback, alerting, ownership.';
const ONE_SENTENCE = 'We version the model, the training data and the code together, monitor feature drift daily with an alert when PSI passes 0.2, retrain monthly, and roll back to the last good version if precision drops below 80%; I own the alert and escalate to the ML lead.';

new ScorerTester(mlopsOwnership, { describe, it }).run('mlops-ownership', {
  valid: [
    {
      name: 'a cadence named by the work itself ("each storm") is ownership after launch',
      text: EACH_STORM,
      score: [0.1, 0.6],
      evidence: [{ signal: 'mlops-ownership', span: at(EACH_STORM, 'I review each storm') }],
    },
    {
      name: 'owning it after launch in plain words counts as ownership',
      text: PLAIN_OWNER,
      score: [0.4, 0.5],
      evidence: [{ signal: 'mlops-ownership', span: at(PLAIN_OWNER, 'I still go through the weekly') }, { signal: 'mlops-retraining', span: at(PLAIN_OWNER, 'retrain') }],
      messageIds: ['missing-areas', 'no-threshold'],
    },
    {
      name: 'versioning, monitoring with a threshold, retraining, rollback and a named owner',
      text: FULL,
      score: [0.9, 1],
      evidence: [
        { signal: 'mlops-versioning', span: at(FULL, 'version the model') },
        { signal: 'mlops-monitoring', span: at(FULL, 'monitor') },
        { signal: 'mlops-retraining', span: at(FULL, 'retrain monthly') },
        { signal: 'mlops-rollback', span: at(FULL, 'roll back') },
      ],
      messageIds: [],
      flags: [],
    },
    {
      name: 'retraining and rollback with a threshold',
      text: RETRAIN,
      score: [0.6, 0.9],
      evidence: [{ signal: 'mlops-retraining', span: at(RETRAIN, 'retrain monthly') }, { signal: 'mlops-rollback', span: at(RETRAIN, 'roll back') }],
      messageIds: ['missing-areas', 'no-owner'],
    },
    {
      name: 'smart apostrophe, em dash and emoji keep spans on the original text',
      text: SMART,
      score: [0.6, 0.9],
      evidence: [{ signal: 'mlops-retraining', span: at(SMART, 'retrain monthly') }, { signal: 'mlops-rollback', span: at(SMART, 'roll back') }],
    },
  ],
  invalid: [
    { name: 'an owner and an escalation path alone', text: OWNER, score: [0.3, 0.49], evidence: [{ signal: 'mlops-monitoring', span: at(OWNER, 'alert') }], messageIds: ['missing-areas', 'no-threshold'] },
    { name: '"we\'d monitor it" is generic', text: VAGUE, score: [0.05, 0.25], evidence: [{ signal: 'mlops-monitoring', span: at(VAGUE, 'monitor') }], messageIds: ['missing-areas', 'no-threshold', 'no-owner'] },
    {
      name: 'negated monitoring earns nothing',
      text: NEVER,
      score: 0,
      evidence: [{ signal: 'mlops-monitoring', span: at(NEVER, 'monitoring'), negated: true }],
      messageIds: ['no-ownership'],
    },
    { name: 'a dismissal ("feels like overkill") earns nothing', text: 'Versioning of the model feels like overkill for a pilot.', score: 0, messageIds: ['no-ownership'] },
    { name: 'a comma list of MLOps terms is stuffing', text: STUFFED, score: [0, 0.3], messageIds: ['no-ownership'], flags: ['keyword-stuffing'] },
    { name: 'nothing after launch', text: "After launch I'd keep watching it and fix issues as they come up.", score: 0, messageIds: ['no-ownership'] },
  ],
});

describe('mlops-ownership (regressions)', () => {
  // The FULL answer written as one long sentence with verbs ("We version..., monitor...,
  // retrain..., and roll back...; I own...") is an enumeration of actions, not a keyword list.
  it('an enumeration with verbs in one sentence is not keyword stuffing', () => {
    const r = evaluateWith(mlopsOwnership, ONE_SENTENCE);
    expect(r.flags.map((f) => f.id)).not.toContain('keyword-stuffing');
    expect(r.criteria[0].score).toBeGreaterThanOrEqual(0.8);
  });
});
