import { describe, expect, it } from 'vitest';
import stakeholderResolution from '../../src/scorers/stakeholder-resolution.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at, evaluateWith } from './helpers.js';

const ARC =
  'Legal wanted a human to review every denial because of fair-lending exposure; the risk team worried review would double handle time. We agreed on a measurable bar: auto-decline only above 0.95 model confidence, with a weekly audit of 200 cases. Six weeks later the audit showed a 0.4% error rate and handle time was flat, so both sides signed off.';
const SHORT_ARC = 'Legal wanted a human to review every denial; the risk team worried review would double handle time. We agreed to audit 200 cases a week. Six weeks later the audit showed a 0.4% error rate.';
const SMART = 'Legal\u2019s team wanted a human on every denial \u2014 the risk team worried about handle time \ud83d\ude2c. We agreed to audit 200 cases a week.';
const ROLES = 'Our perception lead, Lena, wanted six more weeks to push grasp success from 91% to 96%. The sales VP argued a late pilot could lose the account. We agreed on a bar both accepted: at most 15 interventions an hour. The pilot ran at 10, which we measured for four weeks.';
const VAGUE = 'There was some disagreement but we worked it out as a team.';
const STALLED = 'The engineering director and I disagreed about the launch date; we never resolved it and I never checked back.';
const LIST = 'Legal, engineering, sales, compliance, the CEO, stakeholders, alignment.';

new ScorerTester(stakeholderResolution, { describe, it }).run('stakeholder-resolution', {
  valid: [
    {
      name: 'people named by role, each with a stated position',
      text: ROLES,
      score: [0.9, 1],
      evidence: [{ signal: 'position', span: at(ROLES, 'wanted') }, { signal: 'position', span: at(ROLES, 'argued') }, { signal: 'resolution', span: at(ROLES, 'We agreed') }],
      messageIds: [],
    },
    {
      name: 'parties, each side\'s case, a measurable bar, the resolution and measured validation',
      text: ARC,
      score: [0.9, 1],
      evidence: [
        { signal: 'party', span: at(ARC, 'Legal') },
        { signal: 'position', span: at(ARC, 'wanted') },
        { signal: 'party', span: at(ARC, 'risk team') },
        { signal: 'position', span: at(ARC, 'worried') },
        { signal: 'resolution', span: at(ARC, 'We agreed') },
      ],
      messageIds: [],
    },
    {
      name: 'the same arc, shorter',
      text: SHORT_ARC,
      score: [0.8, 1],
      evidence: [{ signal: 'party', span: at(SHORT_ARC, 'Legal') }, { signal: 'resolution', span: at(SHORT_ARC, 'We agreed') }],
      messageIds: [],
    },
    {
      name: 'smart apostrophe, em dash and emoji keep spans on the original text',
      text: SMART,
      score: [0.5, 1],
      evidence: [{ signal: 'party', span: at(SMART, 'risk team') }, { signal: 'resolution', span: at(SMART, 'We agreed') }],
    },
  ],
  invalid: [
    {
      name: 'a vague "we worked it out"',
      text: VAGUE,
      score: [0, 0.15],
      evidence: [{ signal: 'pushback', span: at(VAGUE, 'disagreement') }],
      messageIds: ['no-parties', 'no-positions', 'not-measurable', 'no-resolution', 'no-validation'],
    },
    {
      name: 'an unresolved disagreement',
      text: STALLED,
      score: [0, 0.2],
      evidence: [{ signal: 'pushback', span: at(STALLED, 'disagreed') }],
      messageIds: ['no-positions', 'not-measurable', 'no-resolution', 'no-validation'],
    },
    {
      name: 'negated resolution earns nothing',
      text: 'I never talked to legal and we never agreed on anything.',
      score: 0,
      messageIds: ['no-parties', 'no-positions', 'not-measurable', 'no-resolution', 'no-validation'],
    },
    { name: 'a list of parties scores low', text: LIST, score: [0, 0.2], messageIds: ['no-parties', 'no-positions', 'not-measurable', 'no-resolution', 'no-validation'] },
  ],
});

describe('stakeholder-resolution (regressions)', () => {
  // Parties listed without a story are a keyword list: they earn nothing and flag the answer.
  it('a comma list of parties and buzzwords flags keyword-stuffing', () => {
    expect(evaluateWith(stakeholderResolution, LIST).flags.map((f) => f.id)).toContain('keyword-stuffing');
  });
});
