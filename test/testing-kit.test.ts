import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineScorer } from '../src/index.js';
import lexicon from '../src/scorers/lexicon.js';
import { ScorerTester, ScorerTestFailure, type ScorerCase, type ScorerTables } from '../src/testing/index.js';

// A tiny scorer with known behaviour, so each expectation of the tester can be made to fail.
const mentionsHoldout = defineScorer({
  id: 'mentions-holdout',
  description: 'Credits an affirmed mention of a holdout group.',
  options: z.strictObject({ word: z.string().default('holdout') }),
  messages: { 'no-holdout': 'Say how you would hold out a control group.' },
  score(doc, o) {
    const hits = doc.tokens.filter((t) => t.lower === o.word);
    const affirmed = hits.filter((t) => t.negation < 0);
    return {
      score: affirmed.length ? 1 : 0,
      evidence: hits.map((t) => ({ span: { start: t.start, end: t.end }, text: doc.text.slice(t.start, t.end), signal: 'holdout', ...(t.negation >= 0 ? { negated: true } : {}) })),
      feedback: affirmed.length ? [] : [{ messageId: 'no-holdout' }],
    };
  },
});

const TEXT = 'We would keep a 5% holdout for two weeks before the full launch.';
const AT = TEXT.indexOf('holdout'); // 19

/** A host runner stand-in that records tests so that the test can run them and see them fail. */
function recorder() {
  const tests: { name: string; fn: () => unknown }[] = [];
  const suites: string[] = [];
  return {
    tests,
    suites,
    describe: (name: string, fn: () => void) => {
      suites.push(name);
      fn();
    },
    it: (name: string, fn: () => unknown) => {
      tests.push({ name, fn });
    },
  };
}

async function failureOf(tables: ScorerTables, options = {}): Promise<ScorerTestFailure | null> {
  const r = recorder();
  await new ScorerTester(mentionsHoldout, { ...options, describe: r.describe, it: r.it }).run('kit', tables);
  expect(r.tests).toHaveLength((tables.valid?.length ?? 0) + (tables.invalid?.length ?? 0));
  try {
    for (const t of r.tests) await t.fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ScorerTestFailure);
    return e as ScorerTestFailure;
  }
}

describe('ScorerTester', () => {
  it('passes a correct table and registers one named test per case under describe', async () => {
    const r = recorder();
    await new ScorerTester(mentionsHoldout, { describe: r.describe, it: r.it }).run('mentions-holdout', {
      valid: [{ text: TEXT, evidence: [{ signal: 'holdout', span: [AT, AT + 7], text: 'holdout' }] }],
      invalid: [{ name: 'negated', text: 'We never kept a holdout.', messageIds: ['no-holdout'], evidence: [{ signal: 'holdout', text: 'holdout', negated: true }], score: 0 }],
    });
    expect(r.suites).toEqual(['mentions-holdout']);
    expect(r.tests.map((t) => t.name)).toEqual([`valid[0] ${JSON.stringify(TEXT.slice(0, 57) + '...')}`, 'invalid[0] negated']);
    for (const t of r.tests) await t.fn();
  });

  it.each([
    ['start and end one too far right', [AT + 1, AT + 8], "the scorer's span starts 1 earlier, ends 1 earlier"],
    ['end one short', [AT, AT + 6], "the scorer's span same start, ends 1 later"],
    ['start one early', [AT - 1, AT + 7], "the scorer's span starts 1 later, same end"],
  ] as const)('fails a case whose expected span is off by one (%s) and says how', async (_label, span, delta) => {
    const f = await failureOf({ valid: [{ text: TEXT, evidence: [{ signal: 'holdout', span: [...span] }] }] });
    expect(f).not.toBeNull();
    expect(f!.problems).toHaveLength(1);
    const msg = f!.problems[0];
    expect(msg).toContain(`expected span [${span[0]}, ${span[1]})`);
    expect(msg).toContain(`nearest evidence is [${AT}, ${AT + 7}) "holdout" (${delta})`);
    expect(msg).toContain('actual:   We would keep a 5% «holdout» for two weeks before the full…');
  });

  it('flags a case whose span and text disagree, before blaming the scorer', async () => {
    const f = await failureOf({ valid: [{ text: TEXT, evidence: [{ signal: 'holdout', span: [AT + 1, AT + 8], text: 'holdout' }] }] });
    expect(f!.problems[0]).toBe(`evidence[0] (holdout): the case's span [${AT + 1}, ${AT + 8}) covers "oldout ", not its text "holdout": We would keep a 5% h«oldout »for two weeks before the full …`);
    expect(f!.problems[1]).toContain("(the scorer's span starts 1 earlier, ends 1 earlier)");
  });

  it.each<[string, ScorerCase, string]>([
    ['score outside the range', { text: TEXT, evidence: [{ text: 'holdout' }], score: [0, 0.4] }, 'score: expected between 0 and 0.4, got 1'],
    ['a valid case that earns nothing', { text: 'We would launch to everyone at once.', evidence: [{ text: 'holdout' }] }, 'score: a valid case should score at least 0.5'],
    ['missing evidence', { text: 'We would launch to everyone at once.', evidence: [{ signal: 'holdout', text: 'holdout' }], score: [0, 1] }, 'the scorer reported no evidence with signal "holdout"'],
    ['affirmed expected, negated found', { text: 'We never kept a holdout.', evidence: [{ text: 'holdout' }], score: [0, 1] }, 'only negated ones: [16, 23) "holdout"'],
    ['wrong messageIds', { text: TEXT, evidence: [{ text: 'holdout' }], messageIds: ['no-holdout'] }, 'messageIds: expected [no-holdout], got []'],
  ])('fails on %s', async (_label, c, expected) => {
    const f = await failureOf({ valid: [c] });
    expect(f?.problems.join('\n')).toContain(expected);
  });

  it('fails an invalid case that scores high, and reports unexpected evidence when asked to', async () => {
    const f = await failureOf({ invalid: [{ text: TEXT, messageIds: ['no-holdout'] }] }, { exactEvidence: true });
    expect(f!.problems).toEqual([
      'score: an invalid case should score below 0.5 (or give score: [min, max]), got 1',
      `unexpected evidence holdout [${AT}, ${AT + 7}) "holdout": We would keep a 5% «holdout» for two weeks before the full…`,
      'messageIds: expected [no-holdout], got []',
    ]);
  });

  it.each<[string, ScorerTables, string]>([
    ['the same case twice', { valid: [{ text: TEXT, evidence: [{ text: 'holdout' }] }], invalid: [{ text: TEXT, messageIds: ['no-holdout'] }] }, 'invalid[0] duplicates valid[0]: same text, question and options'],
    ['a valid case without evidence', { valid: [{ text: TEXT }] }, 'valid[0]: a valid case must list the evidence that earns credit'],
    ['an invalid case without messageIds', { invalid: [{ text: 'Launch it.' }] }, 'invalid[0]: an invalid case must list the feedback messageIds'],
    ['an unknown messageId', { invalid: [{ text: 'Launch it.', messageIds: ['no-holdut'] }] }, '"no-holdut" is not a messageId of mentions-holdout (no-holdout)'],
  ])('rejects a table with %s before registering any test', (_label, tables, expected) => {
    const r = recorder();
    expect(() => new ScorerTester(mentionsHoldout, { describe: r.describe, it: r.it }).run('kit', tables)).toThrow(expected);
    expect(r.tests).toHaveLength(0);
  });

  it('treats the same text with different options as different cases', async () => {
    const f = await failureOf({
      valid: [{ text: 'We kept a control group and a holdout.', evidence: [{ text: 'holdout' }] }],
      invalid: [{ text: 'We kept a control group and a holdout.', options: { word: 'canary' }, messageIds: ['no-holdout'] }],
    });
    expect(f).toBeNull();
  });

  it('runs without a host runner and rejects with every failure', async () => {
    const saved = [ScorerTester.describe, ScorerTester.it];
    const g = globalThis as { describe?: unknown; it?: unknown };
    expect(g.describe).toBeUndefined(); // vitest runs without globals here
    ScorerTester.describe = undefined;
    ScorerTester.it = undefined;
    try {
      const run = new ScorerTester(mentionsHoldout).run('inline', {
        valid: [{ text: TEXT, evidence: [{ span: [AT, AT + 8] }] }, { text: 'Holdout first, then launch.', evidence: [{ text: 'Holdout' }] }],
        invalid: [{ text: 'Ship it to everyone.', messageIds: ['no-holdout'] }],
      });
      await expect(run).rejects.toThrow(/inline: 1 of 3 cases failed[\s\S]*expected span \[19, 27\)/);
    } finally {
      [ScorerTester.describe, ScorerTester.it] = saved as [undefined, undefined];
    }
  });

  it('uses the runner set once on the class', async () => {
    const r = recorder();
    ScorerTester.describe = r.describe;
    ScorerTester.it = r.it;
    try {
      await new ScorerTester(lexicon, { options: { concepts: [{ id: 'holdout', phrases: ['holdout'] }] } }).run('static', { valid: [{ text: TEXT, evidence: [{ signal: 'holdout', span: [AT, AT + 7] }] }] });
    } finally {
      ScorerTester.describe = undefined;
      ScorerTester.it = undefined;
    }
    expect(r.tests).toHaveLength(1);
    await r.tests[0].fn();
  });
});
