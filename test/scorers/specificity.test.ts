import { describe, it } from 'vitest';
import specificity from '../../src/scorers/specificity.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const CONCRETE = 'I cut no-shows from 19% to 15.6% in eight weeks at Riverside Clinic by texting patients 48 hours ahead; I set the threshold myself.';
const LATENCY = 'Latency dropped to 180ms from 420ms, and we saved $1.2M a year.';
const FULLWIDTH = 'We cut review time from 40 to 25 minutes and saved \uff04180k \ud83d\udcb0 a year.';
const CLICHES = 'We worked closely with stakeholders to leverage synergies and think outside the box.';
const MORE_CLICHES = 'The team leveraged synergies, and at the end of the day we moved the needle on various things.';
const VAGUE = 'We improved a lot of things and many users were somewhat happier.';

new ScorerTester(specificity, { describe, it }).run('specificity', {
  valid: [
    {
      name: 'numbers with units and a baseline, a named place, first-person actions',
      text: CONCRETE,
      score: [0.75, 1],
      evidence: [{ signal: 'number', span: at(CONCRETE, '19%') }, { signal: 'number', span: at(CONCRETE, '15.6%') }, { signal: 'number', span: at(CONCRETE, '48 hours') }],
      messageIds: [],
    },
    {
      name: 'milliseconds and dollars with a baseline',
      text: LATENCY,
      score: [0.6, 1],
      evidence: [{ signal: 'number', span: at(LATENCY, '180ms') }, { signal: 'number', span: at(LATENCY, '420ms') }, { signal: 'number', span: at(LATENCY, '$1.2M') }],
      messageIds: [],
    },
    {
      name: 'a full-width dollar sign and emoji keep spans on the original text',
      text: FULLWIDTH,
      score: [0.5, 1],
      evidence: [{ signal: 'number', span: at(FULLWIDTH, '25 minutes') }, { signal: 'number', span: at(FULLWIDTH, '\uff04180k') }],
    },
  ],
  invalid: [
    {
      name: 'clichés lower it',
      text: CLICHES,
      score: 0,
      evidence: [{ signal: 'cliche', span: at(CLICHES, 'worked closely with') }, { signal: 'cliche', span: at(CLICHES, 'leverage synergies') }, { signal: 'cliche', span: at(CLICHES, 'think outside the box') }],
      messageIds: ['no-numbers', 'cliches'],
    },
    {
      name: 'inflected clichés and vague quantifiers',
      text: MORE_CLICHES,
      score: 0,
      evidence: [{ signal: 'cliche', span: at(MORE_CLICHES, 'leveraged synergies') }, { signal: 'cliche', span: at(MORE_CLICHES, 'moved the needle') }, { signal: 'vague-quantifier', span: at(MORE_CLICHES, 'various') }],
      messageIds: ['no-numbers', 'cliches', 'vague'],
    },
    {
      name: 'vague quantifiers',
      text: VAGUE,
      score: 0,
      evidence: [{ signal: 'vague-quantifier', span: at(VAGUE, 'a lot of') }, { signal: 'vague-quantifier', span: at(VAGUE, 'many') }],
      messageIds: ['no-numbers', 'vague'],
    },
    { name: 'a negated action is not an action', text: 'I never measured the baseline.', score: 0, messageIds: ['no-numbers', 'no-actions'] },
    { name: 'a year is not a measured number', text: 'In 2023 the product was launched by the company.', score: [0, 0.2], messageIds: ['no-numbers', 'no-actions'] },
  ],
});
