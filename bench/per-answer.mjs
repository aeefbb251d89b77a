#!/usr/bin/env node
// Per-answer cost of answer-eval against one bare compromise parse of the same text.
//
//   npm run build && node bench/per-answer.mjs [--n 240] [--reps 5] [--seed 7] [--question] [--dist DIR]
//
// For each generated answer (150-400 words, see bench/corpus.mjs) and in the same run, the median
// of `reps` timings of: nlp(text); analyze(text) + evaluate against all six built-in rubrics;
// analyze(text) + one rubric (each of the six in turn); analyze alone; the one-regex scan floor.
// Ratios are taken per answer and summarized by their median (the targets) and 90th percentile.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { floorPhrases, floorRegex, generateAnswers, wordCount } from './corpus.mjs';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '240' },
    reps: { type: 'string', default: '5' },
    seed: { type: 'string', default: '7' },
    question: { type: 'boolean', default: false },
    dist: { type: 'string' },
  },
});
const N = Number(values.n);
const REPS = Number(values.reps);

// The package through its own exports map, as a user imports it (needs `npm run build`).
// `--dist DIR` benchmarks another build instead (e.g. a copy of the tree before a change).
const ae = values.dist ? await import(pathToFileURL(resolve(values.dist, 'index.js')).href) : await import('answer-eval');
const nlp = createRequire(import.meta.url)('compromise');
const { analyze, createEvaluator, BUILTIN_RUBRIC_IDS } = ae;

const answers = generateAnswers(N, Number(values.seed));
const evaluators = BUILTIN_RUBRIC_IDS.map((id) => createEvaluator(id));
const re = floorRegex(floorPhrases(300));
const input = (a, doc) => (values.question ? { answer: doc, question: a.question } : doc);

const now = () => performance.now();
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];

let sink = 0;
const tasks = {
  parse: (a) => {
    sink += nlp(a.answer).length;
  },
  floor: (a) => {
    re.lastIndex = 0;
    let n = 0;
    while (re.exec(a.answer)) n++;
    sink += n;
  },
  analyze: (a) => {
    sink += analyze(a.answer).tokens.length;
  },
  all6: (a) => {
    const doc = analyze(a.answer);
    for (const ev of evaluators) sink += ev.evaluate(input(a, doc)).score;
  },
};
evaluators.forEach((ev, k) => {
  tasks[`one:${BUILTIN_RUBRIC_IDS[k]}`] = (a) => {
    const doc = analyze(a.answer);
    sink += ev.evaluate(input(a, doc)).score;
  };
});
const names = Object.keys(tasks);

// Warm-up: JIT, compromise's lazy lexicon, compiled lexicons and the stem cache see 40 answers first.
for (const a of generateAnswers(40, 99991)) for (const n of names) tasks[n](a);

const per = Object.fromEntries(names.map((n) => [n, []]));
for (const a of answers) {
  const times = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < REPS; r++) {
    // Interleaved so that machine noise hits every task alike.
    for (const n of names) {
      const t0 = now();
      tasks[n](a);
      times[n].push(now() - t0);
    }
  }
  for (const n of names) per[n].push(median(times[n]));
}

const ratio = (n) => per[n].map((t, i) => t / per.parse[i]);
const words = answers.map((a) => wordCount(a.answer));
const rows = names.map((n) => {
  const r = ratio(n);
  return { task: n, 'median ms': median(per[n]).toFixed(3), 'p90 ms': pct(per[n], 0.9).toFixed(3), 'median ratio': median(r).toFixed(3), 'p90 ratio': pct(r, 0.9).toFixed(3) };
});
console.log(`answer-eval per-answer bench: ${N} generated answers, ${Math.min(...words)}-${Math.max(...words)} words (median ${median(words)}), ${REPS} reps each, node ${process.version}${values.question ? ', with question' : ''}`);
console.table(rows);
const all6 = median(ratio('all6'));
const worstOne = Math.max(...BUILTIN_RUBRIC_IDS.map((id) => median(ratio(`one:${id}`))));
console.log(`target all six rubrics ≤ 0.25× parse: ${all6.toFixed(3)}× ${all6 <= 0.25 ? 'OK' : 'MISSED'}`);
console.log(`target one rubric (worst of six) ≤ 0.15× parse: ${worstOne.toFixed(3)}× ${worstOne <= 0.15 ? 'OK' : 'MISSED'}`);
console.log(`scan floor (one regex, 300 phrases): ${median(ratio('floor')).toFixed(4)}× parse`);
if (sink === 0.5) console.log('');
