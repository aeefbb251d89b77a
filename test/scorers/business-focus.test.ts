import { describe, it } from 'vitest';
import businessFocus from '../../src/scorers/business-focus.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const OUTCOMES = 'The point is fewer missed payments for borrowers and lower charge-offs for us; the model is just the means.';
const PLAIN = 'Success is fewer people cancelling, more sign-ups from the trial, and support handle time falling for our agents.';
const MODEL_ONLY = "I'd use a transformer with 12 layers, tune the learning rate and dropout, and do heavy feature engineering on the embeddings.";
const METRICS_ONLY = "I'd start with the validation set and plot the precision-recall curve, then pick the threshold that maximises F1. I'd check the ROC curve and AUC, then calibration with Platt scaling, and look at the confusion matrix for false positives and false negatives at thresholds of 0.3, 0.5 and 0.7.";
const METRICS_AND_OUTCOMES = "I'd check precision, recall, AUC, calibration and the confusion matrix, and then the outcomes: after-call work time and repeat calls within 14 days.";
const SMART = 'It\u2019s about revenue \ud83d\udcb5 and fewer people cancelling \u2014 not the model.';

new ScorerTester(businessFocus, { describe, it }).run('business-focus', {
  valid: [
    {
      name: 'user and business outcomes',
      text: OUTCOMES,
      score: [0.5, 1],
      evidence: [{ signal: 'business-outcome', span: at(OUTCOMES, 'missed payments') }, { signal: 'business-outcome', span: at(OUTCOMES, 'charge-offs') }],
      messageIds: [],
    },
    {
      name: 'plain-language outcomes',
      text: PLAIN,
      score: [0.8, 1],
      evidence: [{ signal: 'business-outcome', span: at(PLAIN, 'people cancelling') }, { signal: 'business-outcome', span: at(PLAIN, 'sign-ups') }],
      messageIds: [],
    },
    {
      name: 'smart apostrophe, emoji and an em dash keep spans on the original text',
      text: SMART,
      score: [0.5, 1],
      evidence: [{ signal: 'business-outcome', span: at(SMART, 'revenue') }, { signal: 'business-outcome', span: at(SMART, 'people cancelling') }],
    },
  ],
  invalid: [
    {
      name: 'model metrics only, no outcome named: model-only',
      text: METRICS_ONLY,
      score: 0,
      evidence: [],
      messageIds: ['model-only', 'no-outcome'],
      flags: ['model-only'],
    },
    {
      name: 'many model metrics, but outcomes said in words the lexicon lacks: not flagged',
      text: METRICS_AND_OUTCOMES,
      score: [0, 0.3],
      messageIds: ['no-outcome'],
      flags: [],
    },
    {
      name: 'only model internals: the classic weak answer',
      text: MODEL_ONLY,
      score: [0, 0.1],
      evidence: [{ signal: 'model-internal', span: at(MODEL_ONLY, 'transformer') }, { signal: 'model-internal', span: at(MODEL_ONLY, 'learning rate') }, { signal: 'model-internal', span: at(MODEL_ONLY, 'feature engineering') }],
      messageIds: ['model-only', 'no-outcome'],
      flags: ['model-only'],
    },
    { name: 'no outcome at all', text: 'It would be a great feature.', score: 0, messageIds: ['no-outcome'] },
    { name: 'a negated outcome is not an outcome', text: 'We never looked at churn or revenue.', score: 0, messageIds: ['no-outcome'] },
  ],
});
