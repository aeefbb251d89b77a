import { describe, expect, it } from 'vitest';
import concision from '../../src/scorers/concision.js';
import { createEvaluator, RubricValidationError } from '../../src/index.js';
import { ScorerTester } from '../../src/testing/index.js';

const RANGE = { minWords: 5, maxWords: 20 };
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ') + '.';

// Concision reports no evidence (word counts only), so the in-range case is checked directly.
describe('concision', () => {
  const tester = new ScorerTester(concision, { options: RANGE });
  it('full credit inside the range, with no feedback', () => tester.check({ text: "Success means the model's suggestions get accepted and handle time drops.", score: 1, messageIds: [] }, 'valid'));
  it('emoji and zero-width characters are not words', () => tester.check({ text: `Accepted \ud83d\udc4d\u200b suggestions cut handle time ${'\ud83d\ude80 '.repeat(30)}fast.`, score: 1, messageIds: [] }, 'valid'));
});

new ScorerTester(concision, { describe, it, options: RANGE }).run('concision (outside the range)', {
  invalid: [
    { name: 'too short: proportional below the minimum', text: 'Yes.', score: 0.2, messageIds: ['too-short'] },
    { name: 'too long: half credit at twice the maximum', text: words(40), score: 0.5, messageIds: ['too-long'] },
    { name: 'zero at three times the maximum', text: words(60), score: 0, messageIds: ['too-long'] },
  ],
});

it('rejects a range whose maximum is below its minimum', () => {
  expect(() => createEvaluator({ id: 'x', version: '1.0.0', title: 'x', criteria: [{ id: 'c', title: 'c', scorer: 'concision', weight: 1, options: { minWords: 50, maxWords: 10 } }] })).toThrow(RubricValidationError);
});
