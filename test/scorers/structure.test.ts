import { describe, expect, it } from 'vitest';
import structure from '../../src/scorers/structure.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at, evaluateWith } from './helpers.js';

const SECTIONS =
  '**Context.** Borrowers miss payments and we lose $2M a year to charge-offs.\n\n**Approach.** A model flags risk early and the app offers a new due date.\n\n**Metrics.** Precision in the top band, then roll rate, then charge-offs.\n\n**Risks.** Fair lending: explainable features and a disparate-impact test.\n\n**Recap.** Flag early, offer options, prove it with a holdout.';
const NUMBERED = '1. Clarify the goal: fewer missed payments.\n2. Pick the metric: precision in the top risk band.\n3. Prove it: a 10% holdout for two cycles.\n4. Decide: ship to 10% first.';
const MARKDOWN = '## Context\nBorrowers miss payments.\n\n## Approach\nA model flags risk early.\n\n## Metrics\nRoll rate and charge-offs.\n\n## Risks\nFair lending.';
const CRLF = '## Context\r\nBorrowers miss payments.\r\n\r\n## Approach\r\nA model flags risk early \ud83d\udea8.\r\n\r\n## Metrics\r\nRoll rate and charge-offs.';
const CIRCLES = "I'd use the CIRCLES framework: comprehend the situation, identify the customer, report needs, cut through prioritization, list solutions, evaluate trade-offs, summarize.";
const SIGNPOSTED = "First, I'd clarify the goal: fewer missed payments. Second, I'd pick the metric: precision in the top risk band. Third, I'd run a holdout. In short: one model, one metric, one test.";
const PLAIN_SHORT = "I'd clarify the goal, pick precision in the top risk band as the metric, and run a holdout.";
const WALL = Array.from({ length: 6 }, () =>
  'I think the model would help a lot and we would look at the data and then we would probably build something with the team and see how it goes and measure things and keep iterating on it'
).join(', and ') + '.';
const OUT_OF_ORDER = '## Risks\nBias in approvals.\n\n## Context\nWe had churn.\n\n## Approach\nA model that flags risk.';
const TERM_BULLETS = '- Precision\n- Recall\n- F1\n- AUC\n- Churn';

new ScorerTester(structure, { describe, it }).run('structure', {
  valid: [
    {
      name: 'bold lead-in sections in a sensible order with a recap',
      text: SECTIONS,
      score: [0.7, 1],
      evidence: [
        { signal: 'heading', span: at(SECTIONS, '**Context.**') },
        { signal: 'heading', span: at(SECTIONS, '**Approach.**') },
        { signal: 'heading', span: at(SECTIONS, '**Metrics.**') },
        { signal: 'recap', span: at(SECTIONS, 'Recap') },
      ],
      messageIds: [],
    },
    { name: 'numbered, labelled steps', text: NUMBERED, score: [0.6, 1], evidence: [{ signal: 'list-item' }], messageIds: [] },
    {
      name: 'markdown headings',
      text: MARKDOWN,
      score: [0.5, 1],
      evidence: [{ signal: 'heading', span: at(MARKDOWN, '## Context') }, { signal: 'heading', span: at(MARKDOWN, '## Approach') }],
      messageIds: [],
    },
    {
      name: 'CRLF line endings and emoji keep heading spans on the original text',
      text: CRLF,
      score: [0.5, 1],
      evidence: [{ signal: 'heading', span: at(CRLF, '## Context') }, { signal: 'heading', span: at(CRLF, '## Metrics') }],
    },
    { name: 'a named framework', text: CIRCLES, score: [0.5, 1], evidence: [{ signal: 'framework', span: at(CIRCLES, 'CIRCLES framework') }] },
  ],
  invalid: [
    { name: 'a long wall of text', text: WALL, score: [0, 0.15], messageIds: ['wall-of-text', 'no-recap'] },
    {
      name: 'sections out of order',
      text: OUT_OF_ORDER,
      score: [0, 0.45],
      evidence: [{ signal: 'heading', span: at(OUT_OF_ORDER, '## Risks') }],
      messageIds: ['out-of-order'],
    },
  ],
});

it('a short answer without visible structure is not punished for it', () => {
  expect(evaluateWith(structure, PLAIN_SHORT).criteria[0].score).toBeGreaterThanOrEqual(0.5);
});

it('a bullet list of bare terms flags the evaluation as keyword-stuffing', () => {
  expect(evaluateWith(structure, TERM_BULLETS).flags.map((f) => f.id)).toContain('keyword-stuffing');
});

describe('structure (regressions)', () => {
  // The "short answers are easy to follow" floor must not rescue a list of five bare terms:
  // stuffing caps the criterion (0.3 is the cap the other scorers use).
  it('a bullet list of bare terms is capped', () => {
    expect(evaluateWith(structure, TERM_BULLETS).criteria[0].score).toBeLessThanOrEqual(0.3);
  });
  // Signposting can only help: the same content with "First... Second... Third..." never scores lower.
  it('signposted steps score at least as high as the same content without signposts', () => {
    const signposted = evaluateWith(structure, SIGNPOSTED).criteria[0].score!;
    expect(signposted).toBeGreaterThanOrEqual(0.5);
    expect(signposted).toBeGreaterThanOrEqual(evaluateWith(structure, PLAIN_SHORT).criteria[0].score!);
  });
  // List-item evidence ends on a token boundary: never half of an emoji's surrogate pair.
  it('list-item evidence never splits a character', () => {
    const text = `Plan:\n- ${'a'.repeat(37)}\ud83d\udc4d then ship.\n- Second step with content.\n- Third step with content.`;
    for (const e of evaluateWith(structure, text).criteria[0].evidence) {
      expect(/[\uD800-\uDBFF]$/.test(e.text) || /^[\uDC00-\uDFFF]/.test(e.text), JSON.stringify(e)).toBe(false);
    }
  });
  // "In short", "to recap" and "bottom line" at the end are a closing recap, not just a signpost.
  it('"In short: ..." at the end is a closing recap', () => {
    const ev = evaluateWith(structure, SIGNPOSTED).criteria[0].evidence;
    expect(ev.filter((e) => e.signal === 'recap').map((e) => e.text)).toEqual(['In short']);
  });
});
