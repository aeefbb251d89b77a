import { describe, it } from 'vitest';
import relevance from '../../src/scorers/relevance.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const Q = 'How do you measure whether an AI support-reply assistant is successful?';
const ON_TOPIC = "I'd measure success in three layers: precision of the suggestions, whether agents accept them, and whether handle time falls, checked with a holdout of 10% of agents.";
const OFF_TOPIC = 'My favourite product is a note-taking app because it syncs quickly across devices and has a clean design that I enjoy using every day for my personal projects, recipes and travel plans.';
const PRIORITY_Q = 'You have budget for one of two AI features this quarter. Which one would you choose, and why?';
const DECIDES = "I'd choose the fraud model because it saves $90k per engineer-week against $20k for the chatbot, and I'd revisit if the pilot misses half of that.";

new ScorerTester(relevance, { describe, it }).run('relevance', {
  valid: [
    { name: 'answers the question asked', text: ON_TOPIC, question: Q, score: [0.8, 1], evidence: [{ signal: 'question-term', span: at(ON_TOPIC, 'measure') }], messageIds: [], flags: [] },
    { name: 'makes the decision the question asks for', text: DECIDES, question: PRIORITY_Q, score: [0.6, 1], evidence: [{ signal: 'question-term', span: at(DECIDES, 'choose') }], messageIds: [] },
  ],
  invalid: [
    { name: 'an answer to a different question is off-topic', text: OFF_TOPIC, question: Q, score: [0, 0.15], messageIds: ['off-topic', 'missed-ask'], flags: ['off-topic'] },
    {
      name: 'an on-topic answer that gives no success measure misses the ask',
      text: 'The assistant drafts replies from past tickets and the help-center articles, and agents can edit the draft before sending it to the customer.',
      question: Q,
      score: [0, 0.7],
      messageIds: ['missed-ask'],
    },
  ],
});

describe('relevance: without a question', () => {
  const tester = new ScorerTester(relevance);
  it('is not applicable, and says so', () => tester.check({ text: ON_TOPIC, score: null, messageIds: ['no-question'] }, 'invalid'));
});
