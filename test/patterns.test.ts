import { describe, expect, it } from 'vitest';
import { AnswerEvalError, analyze, compilePattern } from '../src/index.js';
import { MAX_MATCHES, matchPattern } from '../src/patterns/index.js';

const codeOf = (source: string) => {
  try {
    compilePattern(source);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(AnswerEvalError);
    return [(e as AnswerEvalError).code, (e as AnswerEvalError).message];
  }
};

describe('user patterns (re2js)', () => {
  it.each([
    ['(?=cost)cost', 'lookahead and lookbehind are not supported'],
    ['(?<=\\$)\\d+', 'lookahead and lookbehind are not supported'],
    ['(?!x)y', 'lookahead and lookbehind are not supported'],
    ['(\\w+) \\1', 'backreferences are not supported'],
    ['(a{2}){1001}', 'a counted repetition is larger than 1000'],
    ['cost (model', 'it is not a valid RE2 pattern (missing closing )'],
    ['x*', 'it matches the empty string'],
    ['(k|m)?', 'it matches the empty string'],
    ['(a{50}){20}|(b{50}){20}|(c{50}){20}|(d{50}){20}|(e{50}){20}', 'instructions (limit 5000)'],
    ['x'.repeat(501), 'longer than 500 characters'],
  ])('rejects %j with PATTERN_UNSAFE naming the pattern', (source, why) => {
    const [code, message] = codeOf(source)!;
    expect(code).toBe('PATTERN_UNSAFE');
    expect(message).toContain(source.length > 500 ? source.slice(0, 60) : JSON.stringify(source));
    expect(message).toContain(why);
  });

  it('accepts a catastrophic-backtracking shape, since RE2 matches it in linear time', () => {
    // `(a+)+$` hangs a backtracking engine on "aaaa…!"; on RE2 it is an ordinary pattern.
    // Its timing on 100,000 characters is printed by bench/patterns.mjs, not asserted here.
    const p = compilePattern('(a+)+$');
    expect(p.exec(`${'a'.repeat(100_000)}!`)).toEqual([]);
    expect(p.exec('baaa')).toEqual([{ start: 1, end: 4 }]);
  });

  it('is case-insensitive unless the pattern says (?-i), and takes the longest match', () => {
    expect(compilePattern('gdpr').exec('Under GDPR')).toEqual([{ start: 6, end: 10 }]);
    expect(compilePattern('(?-i)gdpr').exec('Under GDPR')).toEqual([]);
    expect(compilePattern('\\$\\d+ ?(m|million)').exec('$3 million')).toEqual([{ start: 0, end: 10 }]);
  });

  it('maps matches on the normalized text back to the original, trimming edges', () => {
    const text = 'Losses were \u201c\uff043 million\u201d, then $ 1,200. per day; later $40k.';
    const doc = analyze(text);
    const spans = matchPattern(doc, compilePattern('\\$\\s?\\d[\\d,.]*\\s?(k|m|million|billion)?'));
    expect(spans.map((s) => text.slice(s.start, s.end))).toEqual(['\uff043 million', '$ 1,200', '$40k']);
  });

  it('keeps at most MAX_MATCHES matches per pattern and answer', () => {
    expect(compilePattern('ab').exec('ab '.repeat(MAX_MATCHES + 50))).toHaveLength(MAX_MATCHES);
  });
});
