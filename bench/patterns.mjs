// User patterns run on re2js (linear time). Prints how long the classic catastrophic-backtracking
// pattern `(a+)+$` takes on "a" x N + "!" with RE2 and, for contrast, with the built-in RegExp
// (only on short inputs: its time doubles with every extra character).
// Run after `npm run build`: node bench/patterns.mjs
import { compilePattern, createEvaluator } from '../dist/index.js';

const ms = (f) => {
  const t = performance.now();
  const r = f();
  return [performance.now() - t, r];
};

const redos = compilePattern('(a+)+$');
for (const n of [1_000, 10_000, 100_000, 1_000_000]) {
  const text = `${'a'.repeat(n)}!`;
  const [t, m] = ms(() => redos.exec(text));
  console.log(`re2js (a+)+$ on ${String(n).padStart(9)} chars: ${t.toFixed(1).padStart(7)} ms, ${m.length} matches`);
}
for (const n of [20, 22, 24, 26]) {
  const text = `${'a'.repeat(n)}!`;
  const [t] = ms(() => /(a+)+$/.test(text));
  console.log(`RegExp (a+)+$ on ${String(n).padStart(8)} chars: ${t.toFixed(1).padStart(7)} ms (backtracking)`);
}

// End to end: a rubric whose lexicon criterion carries the pattern, scored on 100,000 a's + "!".
const rubric = {
  id: 'bench/redos',
  version: '1.0.0',
  title: 'ReDoS probe',
  criteria: [{ id: 'redos', title: 'ReDoS probe', scorer: 'lexicon', weight: 1, options: { concepts: [{ id: 'a-run', patterns: ['(a+)+$'] }] } }],
};
const [tc, ev] = ms(() => createEvaluator(rubric, { maxLength: 200_000 }));
const answer = `${'a'.repeat(100_000)}!`;
const [t1, r1] = ms(() => ev.evaluate(answer));
const [t2] = ms(() => ev.evaluate(answer));
console.log(`createEvaluator: ${tc.toFixed(1)} ms; evaluate 100,001 chars: first ${t1.toFixed(1)} ms, second ${t2.toFixed(1)} ms (score ${r1.score})`);
