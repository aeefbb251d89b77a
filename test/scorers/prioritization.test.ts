import { describe, it } from 'vitest';
import prioritization from '../../src/scorers/prioritization.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const FULL = "I'd ship the fraud model first: on expected dollars saved per engineer-week it's $90k versus $20k for the chatbot. That means we give up the chatbot for a quarter, and I'd revisit if the fraud pilot shows less than half the projected savings.";
const NO_GIVEUP = "I'd ship the fraud model first: on expected dollars saved per engineer-week it's $90k versus $20k for the chatbot, and I'd revisit if the fraud pilot shows less than half the projected savings.";
const FIRST_LABEL = 'Zero-results fix first: 9% of queries dead-end, it is low risk, and it is worth about 1% of search revenue, versus maybe 0.6% for the ranker.';
const PLAIN_FULL = "Zero-results fix first: it is worth about 1% of search revenue, versus maybe 0.6% for the ranker. The ranker waits until January; if the zero-results fix shows no lift by week three, I'd move two engineers back to it.";
const SMART = 'I\u2019d ship the fraud model first \u2014 $90k per engineer-week \ud83d\udcb8 versus $20k.';

new ScorerTester(prioritization, { describe, it }).run('prioritization', {
  valid: [
    {
      name: 'in plain words: options priced in one unit, what waits, and a conditional switch',
      text: PLAIN_FULL,
      score: [0.95, 1],
      evidence: [{ signal: 'decision', span: at(PLAIN_FULL, 'Zero-results fix first') }, { signal: 'common-scale', span: at(PLAIN_FULL, 'versus') }, { signal: 'given-up', span: at(PLAIN_FULL, 'waits until') }],
      messageIds: [],
    },
    {
      name: '"<option> first:" opening the answer is the decision; both options priced in % is a common scale',
      text: FIRST_LABEL,
      score: [0.55, 0.65],
      evidence: [{ signal: 'decision', span: at(FIRST_LABEL, 'Zero-results fix first') }, { signal: 'common-scale', span: at(FIRST_LABEL, 'versus') }],
      messageIds: ['no-giveup', 'no-reversal'],
    },
    {
      name: 'decision, common scale with numbers, what is given up, and what would reverse it',
      text: FULL,
      score: [0.9, 1],
      evidence: [{ signal: 'decision', span: at(FULL, "I'd ship") }, { signal: 'common-scale', span: at(FULL, 'per engineer-week') }, { signal: 'reversal-condition', span: at(FULL, "I'd revisit") }],
      messageIds: [],
    },
    {
      name: 'what is given up left implicit',
      text: NO_GIVEUP,
      score: [0.7, 0.85],
      evidence: [{ signal: 'decision', span: at(NO_GIVEUP, "I'd ship") }, { signal: 'reversal-condition', span: at(NO_GIVEUP, "I'd revisit") }],
      messageIds: ['no-giveup'],
    },
    {
      name: 'smart apostrophe, em dash and emoji keep spans on the original text',
      text: SMART,
      score: [0.5, 1],
      evidence: [{ signal: 'decision', span: at(SMART, 'I\u2019d ship') }, { signal: 'common-scale', span: at(SMART, 'per engineer-week') }],
    },
  ],
  invalid: [
    { name: 'no decision', text: 'Both options are important, so we should try to do both and see what works.', score: 0, messageIds: ['no-decision', 'no-common-scale', 'no-giveup', 'no-reversal'] },
    { name: 'a negated prioritisation earns nothing', text: "We didn't prioritise anything; everything shipped late.", score: 0, messageIds: ['no-decision', 'no-common-scale', 'no-giveup', 'no-reversal'] },
    { name: 'a comma list of prioritisation frameworks is stuffing', text: 'RICE, impact, effort, cost of delay, ROI, MoSCoW.', score: [0, 0.3], messageIds: ['no-decision', 'no-common-scale', 'no-giveup', 'no-reversal'], flags: ['keyword-stuffing'] },
  ],
});
