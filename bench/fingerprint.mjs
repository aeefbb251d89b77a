#!/usr/bin/env node
// Behaviour fingerprint for performance work: every fixture answer against its own rubric (with
// its question) and against all six built-in rubrics (without), plus generated answers, as JSONL.
// Run it before and after an optimization and diff the outputs; they must be identical.
//
//   npm run build && node bench/fingerprint.mjs > /tmp/before.jsonl
//   (change, rebuild) && node bench/fingerprint.mjs > /tmp/after.jsonl && cmp /tmp/before.jsonl /tmp/after.jsonl
//
// `--dist DIR` scores with another build of the package (e.g. a copy of the tree at HEAD).
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fixtureRecords, generateAnswers } from './corpus.mjs';

const { values } = parseArgs({ options: { dist: { type: 'string' }, n: { type: 'string', default: '240' }, summary: { type: 'boolean', default: false } } });
const ae = values.dist ? await import(pathToFileURL(resolve(values.dist, 'index.js')).href) : await import('answer-eval');
const { analyze, createEvaluator, BUILTIN_RUBRIC_IDS } = ae;

const evaluators = new Map(BUILTIN_RUBRIC_IDS.map((id) => [id, createEvaluator(id)]));
const hash = createHash('sha256');
let lines = 0;
const emit = (row) => {
  const s = JSON.stringify(row);
  hash.update(s);
  lines++;
  if (!values.summary) process.stdout.write(`${s}\n`);
};

const records = [...fixtureRecords(), ...generateAnswers(Number(values.n), 7), ...generateAnswers(40, 11, { minWords: 20, maxWords: 1500 })];
for (const r of records) {
  const doc = analyze(r.answer);
  if (r.rubric && evaluators.has(r.rubric)) emit({ id: r.id, rubric: r.rubric, q: true, ev: evaluators.get(r.rubric).evaluate({ answer: doc, question: r.question }) });
  for (const [id, ev] of evaluators) emit({ id: r.id, rubric: id, ev: ev.evaluate(doc) });
}
if (values.summary) console.log(`${lines} evaluations, sha256 ${hash.digest('hex')}`);
