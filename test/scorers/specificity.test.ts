import { describe, it } from 'vitest';
import specificity from '../../src/scorers/specificity.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const CONCRETE = 'I cut no-shows from 19% to 15.6% in eight weeks at Riverside Clinic by texting patients 48 hours ahead; I set the threshold myself.';
const LATENCY = 'Latency dropped to 180ms from 420ms, and we saved $1.2M a year.';
const FULLWIDTH = 'We cut review time from 40 to 25 minutes and saved \uff04180k \ud83d\udcb0 a year.';
const CLICHES = 'We worked closely with stakeholders to leverage synergies and think outside the box.';
const MORE_CLICHES = 'The team leveraged synergies, and at the end of the day we moved the needle on various things.';
const RAMBLE =
  "I've always believed that a product manager should be the voice of the user, and I think pushing back is really one of my strengths. At one company we were building an assistant and there was a lot of excitement about it, and leadership really wanted something to announce. I had a feeling that something wasn't quite right, because the outputs sometimes felt a bit off, so I raised it with my manager and then with the leadership team. It was a hard conversation and some people were probably frustrated with me at first. In the end we reached a compromise and spent some more time refining it, and the team made a lot of improvements. When it launched it was much better received, and I think customers appreciated that we took the time to get it right. The lesson is that courage and empathy go hand in hand.";
const PLAIN_CONCRETE =
  "At a clinic group I owned the reminder assistant. I think the key call was the send time: we moved reminders from 24 to 48 hours ahead after nurses said patients needed time to rebook. I split clinics at random, half on the new timing, and no-shows fell from 19% to 15.6% in eight weeks while the others stayed flat. I kept a nurse reviewing every message that mentioned a medication, because a wrong instruction there could hurt someone, and I still read the weekly list of replies the assistant could not handle, which is a lot less than it was.";
const Q_NUMBERS = 'Your support bot resolves 40% of chats, but 5% of its refund answers are wrong. What do you ship?';
const ECHO = 'The 40% resolution rate is good, but a 5% error rate on refunds is risky, so I would hold refunds back.';
const VAGUE = 'We improved a lot of things and many users were somewhat happier.';

new ScorerTester(specificity, { describe, it }).run('specificity', {
  valid: [
    {
      name: 'a long plain answer with numbers and a hedge or two is not vague',
      text: PLAIN_CONCRETE,
      score: [0.7, 0.9],
      evidence: [{ signal: 'number', span: at(PLAIN_CONCRETE, '19%') }, { signal: 'number', span: at(PLAIN_CONCRETE, '15.6%') }],
      messageIds: [],
      flags: [],
    },
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
      name: "numbers that only repeat the question's earn nothing",
      text: ECHO,
      question: Q_NUMBERS,
      score: [0, 0.35],
      evidence: [],
      messageIds: ['no-numbers'],
    },
    {
      name: 'a long answer with no number and hedges throughout raises vague',
      text: RAMBLE,
      score: [0, 0.3],
      evidence: [{ signal: 'vague-quantifier', span: at(RAMBLE, 'I think') }, { signal: 'vague-quantifier', span: at(RAMBLE, 'really') }],
      messageIds: ['no-numbers', 'vague'],
      flags: ['vague'],
    },
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
