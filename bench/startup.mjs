#!/usr/bin/env node
// Cold start: wall time of fresh node processes, as the median of --runs interleaved runs, minus
// a bare `node -e 0` measured in the same loop.
//
//   npm run build && node bench/startup.mjs [--runs 21] [--root DIR]
//
// Scenarios: importing the package (ESM and CJS), and import plus the first evaluation of a
// typical answer against one rubric, against all six, and of a keyword-list answer (the one kind
// of answer that makes the stuffing check load compromise for part-of-speech tags).
// `--root DIR` runs them in another copy of the package (its own package.json and dist/).
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '21' }, root: { type: 'string' } } });
const RUNS = Number(values.runs);
const root = values.root ? resolve(values.root) : fileURLToPath(new URL('..', import.meta.url));

const TYPICAL =
  "I'd put four of the six engineers on model quality and two on a narrow slice of UI. In our last cohort, 62% of people who churned in month one had marked an answer as wrong at least twice, so a 5-point gain in answer accuracy should cut 30-day churn by about 2 points. What I give up is the redesign's onboarding gains for a quarter. If a holdout shows accuracy gains aren't moving retention, I move people back to UI.";
const STUFFED = 'Key metrics: precision, recall, F1, AUC, NPS, churn, latency, CSAT, DAU, retention. Frameworks: RICE, MoSCoW, Kano, HEART, AARRR.';

const q = JSON.stringify;
const scenarios = {
  'bare node -e 0': '0',
  "import('answer-eval')": "import('answer-eval')",
  "require('answer-eval')": "require('answer-eval')",
  'import + first evaluation (1 rubric)': `import('answer-eval').then((m) => { m.createEvaluator('ai-pm/execution').evaluate(m.analyze(${q(TYPICAL)})); })`,
  'import + first evaluation (6 rubrics)': `import('answer-eval').then((m) => { const d = m.analyze(${q(TYPICAL)}); for (const id of m.BUILTIN_RUBRIC_IDS) m.createEvaluator(id).evaluate(d); })`,
  'import + first evaluation (keyword list)': `import('answer-eval').then((m) => { m.createEvaluator('ai-pm/technical-depth').evaluate(m.analyze(${q(STUFFED)})); })`,
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const times = Object.fromEntries(Object.keys(scenarios).map((k) => [k, []]));
const noisy = new Set();
for (let r = 0; r < RUNS + 1; r++) {
  for (const [name, code] of Object.entries(scenarios)) {
    const t0 = process.hrtime.bigint();
    const p = spawnSync(process.execPath, ['-e', code], { cwd: root, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (p.status !== 0) throw new Error(`${name} failed:\n${p.stderr}`);
    if (p.stdout || p.stderr) noisy.add(`${name} printed: ${(p.stdout + p.stderr).slice(0, 200)}`);
    if (r > 0) times[name].push(ms); // the first round warms the file system cache
  }
}
const base = median(times['bare node -e 0']);
console.log(`answer-eval start-up: median of ${RUNS} runs each, node ${process.version}, ${root}`);
console.table(
  Object.keys(scenarios).map((name) => ({
    scenario: name,
    'median ms': median(times[name]).toFixed(1),
    'above bare node ms': name === 'bare node -e 0' ? '' : (median(times[name]) - base).toFixed(1),
    'min ms': Math.min(...times[name]).toFixed(1),
  })),
);
const imp = median(times["import('answer-eval')"]) - base;
const first = median(times['import + first evaluation (1 rubric)']) - base;
console.log(`target import ≤ 150 ms above bare node: ${imp.toFixed(1)} ms ${imp <= 150 ? 'OK' : 'MISSED'}`);
console.log(`target import + first evaluation ≤ 300 ms above bare node: ${first.toFixed(1)} ms ${first <= 300 ? 'OK' : 'MISSED'}`);
console.log(noisy.size ? `printed output (must be silent):\n${[...noisy].join('\n')}` : 'no scenario printed anything');
