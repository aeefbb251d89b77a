import { describe, it } from 'vitest';
import judgement from '../../src/scorers/judgement.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const SAFE = "I'd start with a pilot at two clinics, keep a nurse reviewing every flag, give patients an appeal path, and keep a kill switch that turns it off within an hour.";
const NEGATED = 'We never ran an A/B test and never checked the data; we just shipped to all sites.';
const RED = "There would be no appeals and we'd launch straight to all sites, since we can always retrain later.";
const SMART = 'We\u2019d pilot it first \ud83e\uddea \u2014 with a kill switch.';

new ScorerTester(judgement, { describe, it }).run('judgement', {
  valid: [
    {
      name: 'pilot, human review, appeals and a kill switch',
      text: SAFE,
      score: [0.9, 1],
      evidence: [{ signal: 'safeguard', span: at(SAFE, 'pilot') }, { signal: 'safeguard', span: at(SAFE, 'appeal') }, { signal: 'safeguard', span: at(SAFE, 'kill switch') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'smart apostrophe, emoji and an em dash keep spans on the original text',
      text: SMART,
      score: [0.6, 1],
      evidence: [{ signal: 'safeguard', span: at(SMART, 'kill switch') }],
    },
  ],
  invalid: [
    {
      name: 'good practice only as things not done',
      text: NEGATED,
      score: 0,
      evidence: [{ signal: 'good-practice', span: at(NEGATED, 'A/B test'), negated: true }, { signal: 'good-practice', span: at(NEGATED, 'checked'), negated: true }],
      messageIds: ['no-safeguards', 'negated-practices'],
      flags: ['rejects-good-practice'],
    },
    {
      name: 'red flags in the candidate\'s own voice',
      text: RED,
      score: 0,
      evidence: [{ signal: 'red-flag', span: at(RED, 'no appeals') }, { signal: 'red-flag', span: at(RED, 'we can always retrain') }],
      messageIds: ['no-safeguards', 'red-flag', 'negated-practices'],
      flags: ['unsafe-judgement'],
    },
    { name: 'no safeguards named', text: 'It should be fine.', score: [0.3, 0.45], messageIds: ['no-safeguards'] },
  ],
});
