#!/usr/bin/env node
// Fuzzer: at least 100,000 generated inputs through the built package, not part of CI.
//
//   npm run build && npm run fuzz -- [--n 100000] [--seed 1] [--cli-every 25000] [--out fuzz-failures.jsonl]
//
// Inputs: answer-like text (words, markup, odd Unicode), raw Unicode and UTF-16 code units (lone
// surrogates), mutations of realistic generated answers, non-string values and malformed records,
// and now and then a long adversarial text (bench/adversarial.mjs) of up to the 50,000-character limit.
// For every input: evaluate() returns an Evaluation that validates against EvaluationSchema, whose
// evidence texts equal the original slices, and whose JSON is identical when computed again from a
// fresh analysis; or it throws one of the library's typed errors. Every --cli-every inputs a JSONL
// file of the latest inputs (plus broken lines) goes through `answer-eval score`: one row per
// record, rows equal to the library's evaluations, typed error rows, no stack trace; at the end,
// files that are not answer files (no newline, 2 MB lines, NUL bytes, nested JSON) must each be
// refused or scored within 5 s.
// Exit status 1 when anything failed; failures are written to --out.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { CASES, CASE_NAMES } from '../bench/adversarial.mjs';
import { generateAnswers, rng } from '../bench/corpus.mjs';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '1' },
    'cli-every': { type: 'string', default: '25000' },
    out: { type: 'string', default: 'fuzz-failures.jsonl' },
  },
});
const N = Number(values.n);
const SEED = Number(values.seed);
const CLI_EVERY = Number(values['cli-every']);
const ROOT = fileURLToPath(new URL('..', import.meta.url));

const ae = await import('answer-eval');
const { AnswerEvalError, BUILTIN_RUBRIC_IDS, EvaluationSchema, analyze, createEvaluator } = ae;
const evaluators = new Map(BUILTIN_RUBRIC_IDS.map((id) => [id, createEvaluator(id)]));
const TYPED = new Set(['INPUT_TYPE', 'INPUT_EMPTY', 'INPUT_TOO_LONG']);

// --- generators ---------------------------------------------------------------------------------

const SPECIALS = [
  '\u0000', '\u0007', '\r\n', '\r', '\n', '\n\n', '\t', '\u000b', '\f', '\u0085', '\u2028', '\u2029', '\u200b', '\u200c', '\u200d',
  '\u2060', '\ufeff', '\u00ad', '\u202e', '\u200f', 'שלום', 'مرحبا', '\ud800', '\udfff', 'e\u0301', '\u0301', '😀', '👍🏽',
  '👩‍👩‍👧', '🇺🇸', 'ﬁ', 'ﷺ', '①', '½', '\u00a0', '\u3000', '—', '–', '“', '”', '‘', '’', '…', '•', '中文', 'İ', 'ß',
];
const WORDS = (
  'precision recall churn retention NPS F1 latency A/B test holdout GDPR EU AI Act trade-off because so which but however ' +
  "not never no didn't won't without rather than instead of we I would should the a metric KPI users fraud losses cut raised by " +
  '2 points 40% $1.2M 3x 200ms 0.85 1,000 2024 e.g. i.e. U.S. vs. First Second Finally In short RICE legal compliance drift owner'
).split(' ');
const MARKUP = ['# ', '## ', '**', '__', '- ', '* ', '1. ', '(a) ', '> ', '```', '`', '<b>', '</b>', '<script>x</script>', '&amp;', '| a | b |', '|---|', '[x](y)', ':', ';', ',', '.', '!', '?', '(', ')', '[', ']', '"', "'", '/', '-', '&'];
const SEPS = [' ', ' ', ' ', '', '\n', ', ', '. ', '\r\n', '\t'];
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 2, arbitrary: fc.constantFrom(...SPECIALS) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 6 }) },
);
const answerLike = fc.array(fc.tuple(piece, fc.constantFrom(...SEPS)), { maxLength: 300 }).map((xs) => xs.map(([p, s]) => p + s).join(''));
const ARBS = {
  'answer-like': answerLike,
  graphemes: fc.string({ unit: 'grapheme', maxLength: 400 }),
  'code points': fc.string({ unit: 'binary', maxLength: 300 }),
  'code units': fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 300 }),
  specials: fc.string({ unit: fc.constantFrom(...SPECIALS, ' ', 'a', '.'), maxLength: 200 }),
  'not a string': fc.oneof(fc.constantFrom(null, undefined, 0, NaN, true, [], {}), fc.anything().filter((x) => typeof x !== 'string')),
  'malformed record': fc.record({ id: fc.anything(), question: fc.anything(), answer: fc.anything() }, { requiredKeys: [] }),
};
const ARB_NAMES = Object.keys(ARBS);

// Mutations of realistic answers: odd characters, markup and cuts dropped into real prose.
const realistic = generateAnswers(400, SEED + 77).map((a) => a.answer);
function mutate(r) {
  let s = r.pick(realistic);
  const k = 1 + r.int(6);
  for (let i = 0; i < k; i++) {
    const at = r.int(s.length + 1);
    const op = r.int(5);
    if (op === 0) s = s.slice(0, at) + r.pick(SPECIALS) + s.slice(at);
    else if (op === 1) s = s.slice(0, at) + r.pick(MARKUP) + s.slice(at);
    else if (op === 2) s = s.slice(0, at) + s.slice(Math.min(s.length, at + r.int(40)));
    else if (op === 3) s = s.slice(0, at) + s.slice(at, at + r.int(200)).repeat(1 + r.int(4)) + s.slice(at);
    else s = s.slice(0, at) + s.slice(at, at + 30).toUpperCase() + s.slice(at + 30);
  }
  return s;
}

// --- checks ---------------------------------------------------------------------------------------

const failures = [];
const describe = (x) => {
  try {
    return JSON.stringify(x) ?? Object.prototype.toString.call(x);
  } catch {
    return Object.prototype.toString.call(x);
  }
};
const fail = (kind, input, why) => {
  failures.push({ kind, why, input: typeof input === 'string' ? input.slice(0, 2000) : describe(input) });
  if (failures.length <= 10) console.error(`FAIL [${kind}] ${why}`);
};

function check(kind, input, rubricId, question) {
  const ev = evaluators.get(rubricId);
  let result;
  try {
    result = ev.evaluate(kind === 'malformed record' ? input : { id: 'f', answer: input, question });
  } catch (e) {
    if (!(e instanceof AnswerEvalError)) return fail(kind, input, `untyped error: ${e?.stack ?? e}`), 'untyped';
    if (!TYPED.has(e.code)) return fail(kind, input, `unexpected code ${e.code}: ${e.message}`), e.code;
    return e.code;
  }
  const text = typeof input === 'string' ? input : input?.answer;
  if (typeof text !== 'string') return fail(kind, input, 'scored a non-string answer'), 'bad';
  const json = JSON.stringify(result);
  const parsed = EvaluationSchema.safeParse(JSON.parse(json));
  if (!parsed.success) return fail(kind, input, `schema: ${JSON.stringify(parsed.error.issues.slice(0, 2))}`), 'bad';
  for (const c of result.criteria) {
    for (const e of c.evidence) if (e.text !== text.slice(e.span.start, e.span.end) || e.span.end > text.length) return fail(kind, input, `evidence ${JSON.stringify(e)} is not the original slice`), 'bad';
  }
  const again = JSON.stringify(ev.evaluate(kind === 'malformed record' ? { ...input, answer: analyze(text) } : { id: 'f', answer: analyze(text), question }));
  if (again !== json) return fail(kind, input, 'second run differs'), 'bad';
  return 'ok';
}

// --- CLI round -------------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'answer-eval-fuzz-'));
let cliRounds = 0;
let cliRows = 0;
function cliRound(recent) {
  cliRounds++;
  const records = recent.map((text, i) => ({ id: `r${i}`, rubric: BUILTIN_RUBRIC_IDS[i % BUILTIN_RUBRIC_IDS.length], answer: text }));
  const lines = records.map((r) => JSON.stringify(r));
  // Broken lines in known places: each must come back as an error row with a typed code.
  lines.splice(3, 0, '{"id": "broken", "answer": ');
  lines.splice(10, 0, JSON.stringify({ id: 'num', rubric: 'ai-pm/execution', answer: 7 }));
  lines.splice(20, 0, JSON.stringify({ id: 'norubric', answer: 'We cut churn.' }));
  const file = join(tmp, `round${cliRounds}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const p = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'score', file, '--format', 'jsonl'], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const where = `CLI round ${cliRounds}`;
  if (![0, 2].includes(p.status)) fail('cli', file, `${where}: exit ${p.status}: ${p.stderr.slice(0, 500)}`);
  if (/\n\s+at .+:\d+:\d+\)?\n/.test(p.stderr)) fail('cli', file, `${where}: stack trace on stderr`);
  const rows = p.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l));
  cliRows += rows.length;
  if (rows.length !== lines.length) return fail('cli', file, `${where}: ${rows.length} rows for ${lines.length} records`);
  const byLine = new Map(lines.map((l, i) => [i + 1, l]));
  for (const row of rows) {
    if (row.error) {
      if (row.error.code === 'INTERNAL' || !/^[A-Z_]+$/.test(row.error.code)) fail('cli', byLine.get(row.line), `${where}: error row ${JSON.stringify(row.error)}`);
      continue;
    }
    const rec = JSON.parse(byLine.get(row.line));
    const ev = evaluators.get(rec.rubric).evaluate({ id: rec.id, answer: rec.answer });
    const { answerId: _a, ...lib } = ev;
    const { id: _i, file: _f, line: _l, ...cli } = row;
    if (JSON.stringify(cli) !== JSON.stringify(lib)) fail('cli', rec.answer, `${where}: line ${row.line} differs from evaluate()`);
  }
  for (const [id, code] of [['broken', 'PARSE'], ['num', 'INPUT_TYPE'], ['norubric', null]]) {
    const row = rows.find((r) => r.id === id || (id === 'broken' && r.line === 4));
    if (!row?.error || (code && row.error.code !== code)) fail('cli', id, `${where}: record ${id} should be an error row${code ? ` ${code}` : ''}, got ${JSON.stringify(row?.error ?? row?.score)}`);
  }
}

// Files that are not answer files at all: each must be refused or scored within seconds.
function cliAdversarialFiles() {
  const files = {
    'no newline, 300 kB of letters': 'a'.repeat(300_000),
    'no newline, 300 kB of spaces and letters': 'ab '.repeat(100_000),
    'one 2 MB JSON line': JSON.stringify({ id: 'big', rubric: 'ai-pm/execution', answer: 'word '.repeat(400_000) }),
    '100,000 blank lines': '\n'.repeat(100_000),
    'NUL bytes': '\u0000'.repeat(200_000),
    'a JSON array of 5,000 numbers': JSON.stringify(Array.from({ length: 5000 }, (_, i) => i)),
    'deeply nested JSON': `${'['.repeat(5000)}${']'.repeat(5000)}`,
  };
  for (const [name, text] of Object.entries(files)) {
    const file = join(tmp, 'adversarial.jsonl');
    writeFileSync(file, text);
    const s = performance.now();
    const p = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'score', file, '--rubric', 'ai-pm/execution', '--format', 'jsonl'], { encoding: 'utf8', timeout: 30_000, maxBuffer: 1 << 28 });
    const ms = performance.now() - s;
    if (p.error || ![0, 2].includes(p.status)) fail('cli file', name, `exit ${p.status ?? p.error?.message} after ${ms.toFixed(0)} ms: ${p.stderr.slice(0, 300)}`);
    else if (/\n\s+at .+:\d+:\d+\)?\n/.test(p.stderr)) fail('cli file', name, 'stack trace on stderr');
    else if (ms > 5000) fail('cli file', name, `took ${ms.toFixed(0)} ms`);
    cliFiles.push([name, ms]);
  }
}
const cliFiles = [];

// --- run -------------------------------------------------------------------------------------------

const r = rng(SEED);
const counts = {};
const outcomes = {};
let slowest = { ms: 0, kind: '' };
const recent = [];
const t0 = performance.now();
const CHUNK = 500;
let done = 0;
for (let chunk = 0; done < N; chunk++) {
  const samples = Object.fromEntries(ARB_NAMES.map((k) => [k, fc.sample(ARBS[k], { numRuns: CHUNK, seed: SEED * 1_000_003 + chunk * 31 + ARB_NAMES.indexOf(k) })]));
  for (let k = 0; k < CHUNK && done < N; k++, done++) {
    let kind;
    let input;
    const roll = r();
    if (roll < 0.002) {
      kind = `adversarial: ${r.pick(CASE_NAMES)}`;
      input = CASES[kind.slice(13)](1000 + r.int(49_000));
    } else if (roll < 0.3) {
      kind = 'mutated answer';
      input = mutate(r);
    } else {
      kind = ARB_NAMES[(chunk + k) % ARB_NAMES.length];
      input = samples[kind][k];
    }
    const family = kind.startsWith('adversarial') ? 'adversarial' : kind;
    counts[family] = (counts[family] ?? 0) + 1;
    const rubricId = BUILTIN_RUBRIC_IDS[done % BUILTIN_RUBRIC_IDS.length];
    const question = done % 4 === 0 ? 'How would you measure whether the model caused the change?' : undefined;
    const s = performance.now();
    const outcome = check(kind, input, rubricId, question);
    const ms = performance.now() - s;
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    if (ms > slowest.ms) slowest = { ms, kind, length: typeof input === 'string' ? input.length : 0 };
    if (ms > 1000) fail(kind, input, `took ${ms.toFixed(0)} ms (two evaluations)`);
    if (typeof input === 'string' && input.length < 5000) {
      recent.push(input);
      if (recent.length > 300) recent.shift();
    }
    if (CLI_EVERY > 0 && (done + 1) % CLI_EVERY === 0) cliRound(recent);
  }
  if (done % 10_000 < CHUNK) console.error(`${done} inputs, ${failures.length} failures, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}
if (CLI_EVERY > 0 && N % CLI_EVERY !== 0) cliRound(recent);
if (CLI_EVERY > 0) cliAdversarialFiles();
rmSync(tmp, { recursive: true, force: true });

const secs = (performance.now() - t0) / 1000;
console.log(`answer-eval fuzz: ${done} inputs, seed ${SEED}, ${secs.toFixed(0)} s, node ${process.version}`);
console.table(Object.entries(counts).map(([kind, n]) => ({ kind, inputs: n })));
console.log(`outcomes: ${Object.entries(outcomes).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
console.log(`CLI rounds: ${cliRounds} (${cliRows} rows)`);
if (cliFiles.length) console.log(`CLI on adversarial files: ${cliFiles.map(([n, ms]) => `${n} ${ms.toFixed(0)} ms`).join(' · ')}`);
console.log(`slowest input: ${slowest.ms.toFixed(0)} ms for two evaluations (${slowest.kind}, ${slowest.length} characters)`);
if (failures.length) {
  writeFileSync(values.out, `${failures.map((f) => JSON.stringify(f)).join('\n')}\n`);
  console.log(`FAILURES: ${failures.length} (written to ${values.out})`);
  process.exitCode = 1;
} else console.log('no failures');
