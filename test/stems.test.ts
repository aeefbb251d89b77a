import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { stem } from '../src/document/stem.js';
import { LEXICON_STEMS } from '../src/document/stems.generated.js';

const porter = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(w: string): string };
const pairs: [string, string][] = [];
{
  const parts = LEXICON_STEMS.split(' ');
  for (let i = 0; i + 1 < parts.length; i += 2) pairs.push([parts[i], parts[i + 1]]);
}

// The precomputed table is only a start-up cache: it must agree with the stemmer everywhere.
describe('precomputed lexicon stems', () => {
  it('covers the lexicon vocabulary', () => {
    expect(pairs.length).toBeGreaterThan(1000);
    expect(new Map(pairs).get('cancellations')).toBe('cancel');
  });

  it('equals the Porter stemmer on every entry', () => {
    const wrong = pairs.filter(([w, s]) => porter.stem(w) !== s);
    expect(wrong).toEqual([]);
  });

  it.each([
    ['churned', 'churn'],
    ['cancelling', 'cancel'],
    ['didn\'t', "didn't"],
    ['ai', 'ai'],
    ['x'.repeat(41), 'x'.repeat(41)],
    ['zzyzxification', porter.stem('zzyzxification')],
  ])('stem(%s) = %s whether or not the table has it', (w, s) => {
    expect(stem(w)).toBe(s);
  });
});
