import { describe, expect, it } from 'vitest';
import { createEvaluator, extendRubric, getBuiltinRubric, RubricValidationError, rubricHash, type Criterion } from '../src/index.js';

const COST: Criterion = {
  id: 'cost-model',
  title: 'Ties the threshold to the cost model',
  scorer: 'lexicon',
  weight: 2,
  options: {
    concepts: [
      { id: 'cost-model', phrases: ['cost model', 'cost of a false decline'] },
      { id: 'dollars', patterns: ['\\$\\s?\\d[\\d,.]*\\s?(k|m|million|billion)?'] },
    ],
    minConcepts: 2,
  },
};

const issuesOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RubricValidationError);
    return (e as RubricValidationError).issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  }
  throw new Error('expected a RubricValidationError');
};

describe('extendRubric', () => {
  const base = getBuiltinRubric('ai-pm/technical-depth');

  it('adds, overrides and removes criteria by id and keeps the base order', () => {
    const r = extendRubric('ai-pm/technical-depth', {
      id: 'acme/fintech-technical-depth',
      version: '1.0.0',
      title: 'Technical depth, fintech',
      add: [COST],
      override: { tradeoff: { weight: 3 }, structure: { title: 'Clear structure' } },
      remove: ['compliance', 'experiment-design'],
    });
    expect(r.id).toBe('acme/fintech-technical-depth');
    expect(r.title).toBe('Technical depth, fintech');
    expect(r.round).toBe(base.round);
    expect(r.criteria.map((c) => `${c.id}:${c.weight}`)).toEqual([
      'metric-kpi-linkage:2.5', 'mlops-ownership:2.5', 'tradeoff:3', 'judgement:2', 'business-focus:1.5', 'relevance:1.5', 'specificity:2', 'structure:1', 'cost-model:2',
    ]);
    expect(r.criteria.find((c) => c.id === 'structure')!.title).toBe('Clear structure');
    expect(rubricHash(r)).not.toBe(rubricHash(base));
    // The base is untouched (built-ins are shared).
    expect(getBuiltinRubric('ai-pm/technical-depth').criteria.find((c) => c.id === 'tradeoff')!.weight).toBe(2);
  });

  it('merges override options key by key, and a new scorer starts from its own defaults', () => {
    const withCost = extendRubric(base, { id: 'acme/a', version: '1.0.0', add: [COST] });
    const r = extendRubric(withCost, { id: 'acme/b', version: '1.1.0', override: [{ id: 'cost-model', options: { minConcepts: 1 } }, { id: 'tradeoff', scorer: 'lexicon', options: { concepts: [{ id: 'x', phrases: ['on the other hand'] }] } }] });
    const cost = r.criteria.find((c) => c.id === 'cost-model')!;
    expect(cost.options).toEqual({ ...COST.options, minConcepts: 1 });
    expect(r.criteria.find((c) => c.id === 'tradeoff')!.options).toEqual({ concepts: [{ id: 'x', phrases: ['on the other hand'] }] });
    expect(() => createEvaluator(r)).not.toThrow();
  });

  it('drops the base calibration, merges caps and lexicon overrides', () => {
    const calibrated = { ...base, calibration: { dataHash: 'abc', n: 10, date: '2026-01-01', folds: 5 }, caps: { 'off-topic': 20 }, lexicons: { kpis: { add: [{ id: 'interchange', variants: ['interchange'] }] } } };
    const r = extendRubric(calibrated, { id: 'acme/c', version: '1.0.0', caps: { 'keyword-stuffing': 30 }, lexicons: { kpis: { remove: ['nps'] } } });
    expect(r.calibration).toBeUndefined();
    expect(r.caps).toEqual({ 'off-topic': 20, 'keyword-stuffing': 30 });
    expect(r.lexicons).toEqual({ kpis: { add: [{ id: 'interchange', variants: ['interchange'] }], remove: ['nps'] } });
  });

  it.each<[string, Parameters<typeof extendRubric>[1], string[]]>([
    ['an added id the base has', { id: 'acme/x', version: '1.0.0', add: [{ ...COST, id: 'tradeoff' }] }, ['add.0.id: criterion "tradeoff" is already in ai-pm/technical-depth; override it instead of adding it']],
    ['an override of a missing criterion', { id: 'acme/x', version: '1.0.0', override: [{ id: 'trade-off', weight: 1 }] }, [expect.stringMatching(/^override\.0\.id: no criterion "trade-off" to override; the criteria of ai-pm\/technical-depth are metric-kpi-linkage, /) as unknown as string]],
    ['a removal of a missing criterion', { id: 'acme/x', version: '1.0.0', remove: ['tradeoffs'] }, [expect.stringMatching(/^remove\.0: no criterion "tradeoffs" to remove/) as unknown as string]],
    ['a criterion both changed and removed', { id: 'acme/x', version: '1.0.0', override: { tradeoff: { weight: 1 } }, remove: ['tradeoff'] }, ['override.tradeoff: criterion "tradeoff" is both changed and removed']],
    ['a bad weight in an added criterion', { id: 'acme/x', version: '1.0.0', add: [{ ...COST, weight: 'heavy' as unknown as number }] }, ['add.0.weight: Invalid input: expected number, received string']],
    ['a bad weight in an override', { id: 'acme/x', version: '1.0.0', override: { judgement: { weight: -1 } } }, ['override.judgement.weight: Too small: expected number to be >=0']],
    ['a bad version', { id: 'acme/x', version: 'one' }, ['version: a semantic version such as "1.0.0"']],
    ['every weight removed', { id: 'acme/x', version: '1.0.0', override: Object.fromEntries(base.criteria.map((c) => [c.id, { weight: 0 }])) }, ['criteria: at least one criterion needs a weight above 0']],
  ])('rejects %s with a path into the extension', (_label, ext, expected) => {
    expect(issuesOf(() => extendRubric(base, ext))).toEqual(expected);
  });

  it('leaves scorer options to createEvaluator, which reports them with the merged path', () => {
    const r = extendRubric(base, { id: 'acme/x', version: '1.0.0', add: [{ ...COST, options: { concepts: [] } }] });
    expect(issuesOf(() => createEvaluator(r))).toEqual(['criteria.10.options.concepts: Too small: expected array to have >=1 items']);
  });

  it('scores the added criterion with evidence, next to the inherited ones', () => {
    const r = extendRubric('ai-pm/technical-depth', { id: 'acme/fintech', version: '1.0.0', add: [COST] });
    const answer = 'I would set the threshold from the cost of a false decline, about $35 per blocked customer, against $120 per missed fraud.';
    const ev = createEvaluator(r).evaluate(answer);
    const cost = ev.criteria.find((c) => c.id === 'cost-model')!;
    expect(cost.score).toBe(1);
    expect(cost.evidence.map((e) => [e.signal, e.text])).toEqual([['cost-model', 'cost of a false decline'], ['dollars', '$35']]);
    expect(ev.criteria).toHaveLength(11);
    expect(ev.rubric.id).toBe('acme/fintech');
  });
});
