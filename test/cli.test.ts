import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../src/cli/commands/index.js';
import { runCli } from '../src/cli/run.js';
import type { CliIo } from '../src/cli/types.js';
import { buildWorker, fixtureRecords, jsonlWithFaults, ROOT } from './batch-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'answer-eval-cli-'));
let worker: Awaited<ReturnType<typeof buildWorker>>;
beforeAll(async () => {
  worker = await buildWorker('cli');
}, 60_000);
afterAll(() => {
  worker?.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

const FIXTURES = join(ROOT, 'fixtures/ai-pm');
const N_FIXTURES = fixtureRecords().length;
const PKG = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

function capture(tty: boolean, columns = 100) {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  }) as Writable & { isTTY?: boolean; columns?: number };
  if (tty) {
    stream.isTTY = true;
    stream.columns = columns;
  }
  return { stream, text: () => text };
}

interface RunOptions {
  stdin?: string;
  tty?: boolean;
  env?: Record<string, string>;
}

async function cli(argv: string[], o: RunOptions = {}) {
  const out = capture(o.tty === true);
  const err = capture(o.tty === true);
  const io: CliIo = {
    stdin: Readable.from(o.stdin === undefined ? [] : [Buffer.from(o.stdin)]),
    stdout: out.stream,
    stderr: err.stream,
    env: o.env ?? {},
    cwd: dir,
    workerUrl: worker.url,
  };
  const code = await runCli(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
}

const fixture = (name: string) => join(FIXTURES, `${name}.jsonl`);
const NO_STACK = /\n\s+at /;

describe('commands and help', () => {
  it('prints the package version', async () => {
    expect(await cli(['--version'])).toEqual({ code: 0, stdout: `${PKG.version}\n`, stderr: '' });
  });

  it('lists every command in --help, and asks for one (exit 2) when given nothing', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    for (const c of COMMANDS) expect(help.stdout).toContain(`  ${c.name}`);
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: answer-eval <command>');
  });

  it.each(COMMANDS.map((c) => c.name))('%s: --help shows its usage and options; the registry matches the command', async (name) => {
    const entry = COMMANDS.find((c) => c.name === name)!;
    const cmd = await entry.load();
    expect([cmd.name, cmd.summary]).toEqual([entry.name, entry.summary]);
    const r = await cli([...name.split(' '), '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Usage: ${cmd.usage}`);
    expect(r.stdout).toContain('-h, --help');
    for (const opt of Object.keys(cmd.options)) expect(r.stdout).toContain(`--${opt}`);
    expect((await cli(['help', ...name.split(' ')])).stdout).toBe(r.stdout);
  });

  it.each([
    [['score', fixture('execution'), '--bogus'], 'Unknown option --bogus for "score".', 'Usage: answer-eval score'],
    [['score', fixture('execution'), '--min-scor', '5'], 'Did you mean --min-score?', 'Usage: answer-eval score'],
    [['score', fixture('execution'), '--format'], '--format needs a value.', 'Usage: answer-eval score'],
    [['score', fixture('execution'), '--format', 'xml'], '--format must be one of table, json, jsonl, csv, markdown, junit; got "xml".', ''],
    [['score', fixture('execution'), '--concurrency', '0'], '--concurrency must be a whole number of at least 1', ''],
    [['score', fixture('execution'), '--min-score', 'high'], '--min-score must be a number; got "high".', ''],
    [['score'], 'score needs at least one input', ''],
    [['score', 'missing.jsonl'], 'No such file: missing.jsonl', ''],
    [['score', fixture('execution'), '--rubric', 'ai-pm/typo'], 'Unknown rubric "ai-pm/typo"', ''],
    [['scroe', 'x'], 'Unknown command "scroe". Did you mean "score"?', 'answer-eval --help'],
    [['rubrics', 'lst'], 'Unknown command "rubrics lst". Did you mean "rubrics list"?', ''],
    [['rubrics', 'show', 'ai-pm/nope'], 'Unknown rubric "ai-pm/nope"', ''],
    [['explain', fixture('execution')], 'holds 18 records; choose one with --id (e.g. ex01, ex02', ''],
    [['explain', fixture('execution'), '--id', 'zz'], 'No record with id "zz"', ''],
    [['explain', '-'], 'is empty: there is no answer to explain', ''],
  ])('%j exits 2 with a clear message and no stack trace', async (argv, message, usage) => {
    const r = await cli(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    if (usage) expect(r.stderr).toContain(usage);
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('shows a group\'s sub-commands for "rubrics" alone (exit 2) and "rubrics --help" (exit 0)', async () => {
    const alone = await cli(['rubrics']);
    expect(alone.code).toBe(2);
    expect(alone.stderr).toContain('rubrics list');
    const help = await cli(['rubrics', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('rubrics show');
  });
});

describe('score', () => {
  it('--format jsonl: exactly one JSON object per record on stdout, the summary on stderr', async () => {
    const r = await cli(['score', `${FIXTURES}/*.jsonl`, '--format', 'jsonl']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(N_FIXTURES);
    const rows = lines.map((l) => JSON.parse(l));
    expect(rows.map((x) => x.id)).toEqual(fixtureRecords().map((x) => x.id));
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['id', 'file', 'line', 'rubric', 'score', 'band', 'passed', 'criteria', 'flags', 'stats']);
      expect(row.score).toBeGreaterThanOrEqual(0);
      expect(row.score).toBeLessThanOrEqual(100);
      for (const c of row.criteria) expect(Object.keys(c)).toEqual(expect.arrayContaining(['id', 'score', 'evidence', 'feedback']));
    }
    expect(r.stderr).toMatch(new RegExp(`^answer-eval: ${N_FIXTURES} records, ${N_FIXTURES} scored, 0 errors, mean score \\d+\\.\\d`));
    expect(r.stderr).toContain('  bands: ');
    expect(r.stderr).toContain('criterion coverage');
    expect(r.stderr).toMatch(/ {4}metric-kpi-linkage +\d+\/\d+ +\d+% +mean \d\.\d\d/);
  });

  it('--min-score is checked before unscorable records: 1 when an answer is below, else 2', async () => {
    const bad = join(tmpdir(), `answer-eval-minscore-${process.pid}.jsonl`);
    writeFileSync(bad, `${JSON.stringify({ id: 'ok', rubric: 'ai-pm/leadership', answer: 'We agreed on a measurable bar and checked it a month later.' })}\n{not json\n`);
    try {
      expect((await cli(['score', bad, '-q', '--format', 'jsonl', '--min-score', '101'])).code).toBe(1);
      expect((await cli(['score', bad, '-q', '--format', 'jsonl', '--min-score', '0'])).code).toBe(2);
    } finally {
      rmSync(bad, { force: true });
    }
  });

  it('--quiet leaves stderr empty; --min-score 101 exits 1', async () => {
    const r = await cli(['score', fixture('leadership'), '--format', 'jsonl', '--quiet', '--min-score', '101']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(18);
    const loud = await cli(['score', fixture('leadership'), '--format', 'jsonl', '--min-score', '101']);
    expect(loud.stderr).toContain('below --min-score 101: 18');
    expect((await cli(['score', fixture('leadership'), '-q', '--min-score', '0'])).code).toBe(0);
  });

  it('keeps going past malformed records: every row written, error rows naming their line, exit 2', async () => {
    const { text, faults } = jsonlWithFaults(60, new Set([5, 17, 33]));
    writeFileSync(join(dir, 'faulty.jsonl'), text);
    const r = await cli(['score', 'faulty.jsonl', '--format', 'jsonl']);
    expect(r.code).toBe(2);
    const rows = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(60);
    expect(rows.filter((x) => x.error).map((x) => [x.line, x.error.code, x.file])).toEqual([...faults].map(([line, code]) => [line, code, 'faulty.jsonl']));
    expect(r.stderr).toContain('3 errors');
    expect(r.stderr).toContain('faulty.jsonl:5 (r5): PARSE: Invalid JSON');
    expect(r.stderr).not.toMatch(NO_STACK);
  });

  it('writes the same jsonl with --concurrency 1 and 2 (workers)', async () => {
    const { text } = jsonlWithFaults(230, new Set([7, 100, 229]));
    writeFileSync(join(dir, 'many.jsonl'), text);
    const one = await cli(['score', 'many.jsonl', '--format', 'jsonl', '--concurrency', '1']);
    const two = await cli(['score', 'many.jsonl', '--format', 'jsonl', '--concurrency', '2']);
    expect(one.stderr).toContain('in-process');
    expect(two.stderr).toContain('2 workers');
    expect(two.stdout).toBe(one.stdout);
    expect(two.stdout.split('\n')).toHaveLength(231);
  }, 60_000);

  it('csv of more records than are kept in memory: every row, in order, no temporary file left', async () => {
    const { text } = jsonlWithFaults(300, new Set([150]));
    writeFileSync(join(dir, 'three-hundred.jsonl'), text);
    const r = await cli(['score', 'three-hundred.jsonl', '--format', 'csv', '--concurrency', '1', '-q']);
    expect(r.code).toBe(2);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(301);
    expect(lines.slice(1).map((l) => Number(l.split(',')[2]))).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`answer-eval-rows-${process.pid}-`))).toEqual([]);
  }, 60_000);

  it('reads stdin with -, CSV included', async () => {
    const recs = fixtureRecords().slice(0, 3);
    const csv = `id,question,answer,rubric\n${recs.map((x) => [x.id, x.question ?? '', x.answer, x.rubric].map((v) => `"${v.replace(/"/g, '""')}"`).join(',')).join('\n')}\n`;
    const r = await cli(['score', '-', '--format', 'jsonl', '-q'], { stdin: csv });
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n').map((l) => [JSON.parse(l).id, JSON.parse(l).file])).toEqual(recs.map((x) => [x.id, '<stdin>']));
  });

  it('--out writes the report atomically and leaves no temporary file; a failed run leaves the old report', async () => {
    mkdirSync(join(dir, 'out'));
    const r = await cli(['score', fixture('execution'), '--format', 'csv', '--out', 'out/report.csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('report written to out/report.csv');
    expect(readFileSync(join(dir, 'out/report.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(19);
    const failed = await cli(['score', fixture('execution'), '--rubric', 'ai-pm/typo', '--out', 'out/report.csv']);
    expect(failed.code).toBe(2);
    expect(readFileSync(join(dir, 'out/report.csv'), 'utf8').trimEnd().split('\n')).toHaveLength(19);
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.csv']);
    const nowhere = await cli(['score', fixture('execution'), '--out', 'no/such/dir/r.csv']);
    expect(nowhere.code).toBe(2);
    expect(nowhere.stderr).toContain('Cannot write --out no/such/dir/r.csv');
  });

  it('draws progress only when stderr is a terminal, and colours only a terminal without NO_COLOR', async () => {
    const piped = await cli(['score', fixture('execution')]);
    expect(piped.stderr).not.toContain('\r');
    expect(piped.stdout).not.toMatch(/\u001b\[/);
    const tty = await cli(['score', fixture('execution')], { tty: true });
    expect(tty.stderr).toMatch(/\r\u001b\[K\[#*\.*\] +\d+% \d+ records/);
    expect(tty.stdout).toMatch(/\u001b\[3[123]m/);
    const noColor = await cli(['score', fixture('execution')], { tty: true, env: { NO_COLOR: '1' } });
    expect(noColor.stdout).not.toMatch(/\u001b\[/);
    expect(noColor.stdout.trimEnd().split('\n')).toHaveLength(19);
    const quietTty = await cli(['score', fixture('execution'), '-q'], { tty: true });
    expect(quietTty.stderr).toBe('');
  });
});

describe('explain', () => {
  it('shows each criterion with its evidence in context, feedback, talking points and most-used words', async () => {
    const r = await cli(['explain', fixture('execution'), '--id', 'ex01']);
    expect(r.code).toBe(0);
    const out = r.stdout;
    expect(out).toMatch(/^ex01 · ai-pm\/execution \d+\.\d+\.\d+/);
    expect(out).toMatch(/Score \d+\.\d \/ 100 · band \w+/);
    expect(out).toContain('Criteria');
    // Evidence quoted with the words around it, the evidence itself in brackets.
    expect(out).toMatch(/✓ "…[^"\n]*\[retention\][^"\n]*…" \(kpi\)/);
    expect(out).toMatch(/→ .+ \[[a-z-]+\]/);
    expect(out).toMatch(/Talking points covered: \d+ of \d+/);
    expect(out).toMatch(/Most-used words: [a-z]+ \(\d+\)/);
    expect(out).not.toMatch(/Most-used words:.*\b(the|and|would) \(/);
  });

  it('explains plain text from stdin against --rubric, and asks for a rubric when there is none', async () => {
    const answer = 'We never ran an A/B test. We shipped the model and watched recall.';
    const r = await cli(['explain', '-', '--rubric', 'ai-pm/measure-success'], { stdin: answer });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^answer · ai-pm\/measure-success/);
    const none = await cli(['explain', '-'], { stdin: answer });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('names no rubric: pass --rubric ID');
  });

  it('--format json gives the row with talking points and top words', async () => {
    const r = await cli(['explain', fixture('leadership'), '--id', 'ld01', '--format', 'json']);
    const j = JSON.parse(r.stdout);
    expect(j.id).toBe('ld01');
    expect(j.talkingPoints.map((t: { id: string }) => t.id)).toEqual(j.criteria.map((c: { id: string }) => c.id));
    expect(j.topWords.length).toBeGreaterThan(0);
    expect(j.topWords[0]).toEqual({ word: expect.any(String), count: expect.any(Number) });
  });
});

describe('rubrics', () => {
  it('list: every built-in rubric, as a table or JSON', async () => {
    const t = await cli(['rubrics', 'list']);
    expect(t.code).toBe(0);
    const ids = ['ai-pm/recruiter-screen', 'ai-pm/product-sense', 'ai-pm/execution', 'ai-pm/technical-depth', 'ai-pm/leadership', 'ai-pm/measure-success'];
    for (const id of ids) expect(t.stdout).toContain(id);
    const j = JSON.parse((await cli(['rubrics', 'list', '--format', 'json'])).stdout);
    expect(j.map((r: { id: string }) => r.id)).toEqual(ids);
  });

  it('show: criteria with weights and scorers; --format json is the rubric itself', async () => {
    const t = await cli(['rubrics', 'show', 'ai-pm/leadership']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^ai-pm\/leadership \d+\.\d+\.\d+: /);
    expect(t.stdout).toMatch(/stakeholder-resolution +\d+% +stakeholder-resolution/);
    const j = JSON.parse((await cli(['rubrics', 'show', 'ai-pm/leadership', '--format', 'json'])).stdout);
    expect(j.id).toBe('ai-pm/leadership');
    expect(j.criteria.length).toBeGreaterThan(3);
  });
});
