import { describe, expect, it } from 'vitest';
import { createEvaluator } from '../src/index.js';

describe('smoke', () => {
  it('scores a linked answer above a co-occurring one', () => {
    const ev = createEvaluator('ai-pm/product-sense');
    const linked = ev.evaluate('A 2-point gain in recall cuts fraud losses by about $400k a year, so I would run a holdout.');
    const cooc = ev.evaluate('We track recall. Fraud losses are reported by finance. I would run a holdout.');
    const a = linked.criteria.find((c) => c.id === 'metric-kpi-linkage')!.score!;
    const b = cooc.criteria.find((c) => c.id === 'metric-kpi-linkage')!.score!;
    expect(a).toBeGreaterThan(b);
  });
});
