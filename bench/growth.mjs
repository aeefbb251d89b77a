#!/usr/bin/env node
// Growth: does a 10× longer answer take at most 12× the time? For ordinary long answers and for
// adversarial text (bench/adversarial.mjs), time analyze(text) plus evaluation against all six
// built-in rubrics at n and 10n characters (default 5,000 and 50,000, the default size limit).
//
//   npm run build && node bench/growth.mjs [--small 5000] [--reps 5] [--case "nested brackets"] [--no-cold]
//
// Each timing is the median of --reps samples (see time() below), i.e. steady state. The
// "first call" column is one analyze + 6 rubrics on the large input in a fresh process whose
// evaluators have scored one ordinary answer: the JIT has not seen this kind of input yet, so it
// is the figure behind "each adversarial input is scored in under a second".
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { CASES, CASE_NAMES } from './adversarial.mjs';

const { values } = parseArgs({
  options: {
    small: { type: 'string', default: '5000' },
    factor: { type: 'string', default: '10' },
    reps: { type: 'string', default: '5' },
    case: { type: 'string', multiple: true },
    dist: { type: 'string' },
    first: { type: 'string' },
    cold: { type: 'boolean', default: true },
  },
});
const SMALL = Number(values.small);
const FACTOR = Number(values.factor);
const LARGE = SMALL * FACTOR;
const REPS = Number(values.reps);
const ae = values.dist ? await import(pathToFileURL(resolve(values.dist, 'index.js')).href) : await import('answer-eval');
const { analyze, createEvaluator, BUILTIN_RUBRIC_IDS } = ae;

const maxLength = Math.max(50_000, LARGE);
const evaluators = BUILTIN_RUBRIC_IDS.map((id) => createEvaluator(id, { maxLength }));
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

// Small inputs run in well under a millisecond, where timer resolution and JIT warm-up would
// dominate: each sample repeats the call until it has taken at least 40 ms, after two warm-up calls.
function time(fn) {
  fn();
  fn();
  let inner = 1;
  for (;;) {
    const t0 = performance.now();
    for (let k = 0; k < inner; k++) fn();
    const dt = performance.now() - t0;
    if (dt >= 40 || inner >= 1024) break;
    inner *= 2;
  }
  const ts = [];
  for (let r = 0; r < REPS; r++) {
    const t0 = performance.now();
    for (let k = 0; k < inner; k++) fn();
    ts.push((performance.now() - t0) / inner);
  }
  return median(ts);
}

// Warm the evaluators (lexicon compilation, JIT) on an ordinary answer first.
for (const ev of evaluators) ev.evaluate(CASES['prose answers'](3000));

if (values.first) {
  // Child process of the cold column: one first call on the large input, before the JIT has seen it.
  const text = CASES[values.first](LARGE);
  const t0 = performance.now();
  const doc = analyze(text, { maxLength });
  for (const ev of evaluators) ev.evaluate(doc);
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0 }));
  process.exit(0);
}

function coldFirstCall(name) {
  const args = [fileURLToPath(import.meta.url), '--first', name, '--small', String(SMALL), '--factor', String(FACTOR)];
  if (values.dist) args.push('--dist', values.dist);
  const p = spawnSync(process.execPath, args, { encoding: 'utf8' });
  if (p.status !== 0) throw new Error(`cold run of ${name} failed:\n${p.stderr}`);
  return JSON.parse(p.stdout).ms;
}

const names = values.case?.length ? values.case : CASE_NAMES;
const rows = [];
let worst = 0;
let slowest = 0;
for (const name of names) {
  const gen = CASES[name];
  if (!gen) throw new Error(`unknown case ${name}; cases: ${CASE_NAMES.join(', ')}`);
  const small = gen(SMALL);
  const large = gen(LARGE);
  const full = (text) => () => {
    const doc = analyze(text, { maxLength });
    for (const ev of evaluators) ev.evaluate(doc);
  };
  const a1 = time(() => analyze(small, { maxLength }));
  const a10 = time(() => analyze(large, { maxLength }));
  const f1 = time(full(small));
  const f10 = time(full(large));
  const doc = analyze(large, { maxLength });
  const cold = values.cold ? coldFirstCall(name) : NaN;
  worst = Math.max(worst, f10 / f1);
  slowest = Math.max(slowest, values.cold ? cold : f10);
  rows.push({
    case: name,
    tokens: doc.tokens.length,
    sentences: doc.sentences.length,
    [`analyze ${SMALL / 1000}k ms`]: a1.toFixed(2),
    [`analyze ${LARGE / 1000}k ms`]: a10.toFixed(2),
    'analyze ×': (a10 / a1).toFixed(1),
    [`+6 rubrics ${SMALL / 1000}k ms`]: f1.toFixed(2),
    [`+6 rubrics ${LARGE / 1000}k ms`]: f10.toFixed(1),
    '+6 rubrics ×': (f10 / f1).toFixed(1),
    [`first call ${LARGE / 1000}k ms`]: values.cold ? cold.toFixed(0) : '',
  });
}
console.log(`answer-eval growth: ${SMALL} → ${LARGE} characters (×${FACTOR}), median of ${REPS} runs, node ${process.version}`);
console.table(rows);
console.log(`target ≤ 12× time for ${FACTOR}× length: worst ${worst.toFixed(1)}× ${worst <= 12 ? 'OK' : 'MISSED'}`);
console.log(
  `slowest ${LARGE}-character input, analyze + 6 rubrics${values.cold ? ', first call in a fresh process' : ''}: ${slowest.toFixed(0)} ms ${slowest < 1000 ? '(under a second)' : '(OVER a second)'}`,
);
