import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseRubric } from '../src/index.js';
import { cliIn } from './cli-helpers.js';

const ROOT = resolve(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'answer-eval-agreement-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = cliIn(dir);

const lines = (f: string) => readFileSync(join(ROOT, 'fixtures', f), 'utf8').split('\n').filter((l) => l.trim());
const EXECUTION = lines('ai-pm/execution.jsonl');
const LEADERSHIP = lines('ai-pm/leadership.jsonl');
const write = (name: string, rows: string[]) => {
  writeFileSync(join(dir, name), `${rows.join('\n')}\n`);
  return name;
};

/** Spearman with average ranks for ties, written independently of src/calibrate. */
function spearman(x: number[], y: number[]): number {
  const rank = (v: number[]) => v.map((a) => {
    const below = v.filter((b) => b < a).length;
    const same = v.filter((b) => b === a).length;
    return below + (same + 1) / 2;
  });
  const [rx, ry] = [rank(x), rank(y)];
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const [mx, my] = [mean(rx), mean(ry)];
  const cov = rx.reduce((s, a, i) => s + (a - mx) * (ry[i] - my), 0);
  const sx = Math.sqrt(rx.reduce((s, a) => s + (a - mx) ** 2, 0));
  const sy = Math.sqrt(ry.reduce((s, a) => s + (a - my) ** 2, 0));
  return cov / (sx * sy);
}

describe('answer-eval agreement', () => {
  const graded = write('graded.jsonl', [...EXECUTION, ...LEADERSHIP]);

  it('reports in JSON the Spearman one computes from the `score` output', async () => {
    const scored = await cli('score', graded, '--format', 'jsonl', '-j', '1', '--quiet');
    expect(scored.code).toBe(0);
    const scores = new Map(scored.stdout.trim().split('\n').map((l) => JSON.parse(l)).map((r) => [r.id, r.score]));
    const records = [...EXECUTION, ...LEADERSHIP].map((l) => JSON.parse(l));
    const expected = spearman(records.map((r) => scores.get(r.id)), records.map((r) => r.grade));

    const res = await cli('agreement', graded, '--format', 'json', '-j', '1');
    expect(res.code).toBe(0);
    const json = JSON.parse(res.stdout);
    expect(Math.abs(json.spearman - expected)).toBeLessThan(1e-4);
    expect(json.n).toBe(records.length);
    for (const k of ['pearson', 'kendall', 'qwk', 'exact', 'adjacent', 'pairwise', 'smd']) expect(typeof json[k]).toBe('number');
    expect(Object.keys(json.byRubric)).toEqual(['ai-pm/execution', 'ai-pm/leadership']);
    expect(json.items.map((i: { score: number }) => i.score)).toEqual(records.map((r) => scores.get(r.id)));
  });

  it('prints a table with the acceptance checks marked, and markdown', async () => {
    const table = await cli('agreement', graded, '--bootstrap', '100');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^Agreement with human grades: ${EXECUTION.length + LEADERSHIP.length} answers$`, 'm'));
    expect(table.stdout).toMatch(/^ {2}(pass|FAIL) {2}Pearson >= 0\.70: \d\.\d{3}$/m);
    const md = await cli('agreement', graded, '--format', 'markdown', '--bootstrap', '0');
    const n = EXECUTION.length + LEADERSHIP.length;
    expect(md.stdout).toMatch(new RegExp(`^## Agreement with human grades: ${n} answers$`, 'm'));
    expect(md.stdout).toMatch(new RegExp(`^\\| Spearman \\| \\d\\.\\d{3} \\|  \\| ${n} \\|$`, 'm'));
  });

  it('uses the built-in rubric of a record\'s round when it names no rubric, as the graded sets do', async () => {
    const rows = EXECUTION.map((l) => {
      const { rubric: _r, ...rest } = JSON.parse(l);
      return JSON.stringify({ ...rest, round: 'execution' });
    });
    const res = await cli('agreement', write('rounds.jsonl', rows), '--format', 'json', '--bootstrap', '0');
    expect(res.code).toBe(0);
    expect(JSON.parse(res.stdout).items[0].rubric).toBe('ai-pm/execution');
  });

  it('leaves out records without a usable grade, names their lines on stderr and exits 2', async () => {
    const rows = [...EXECUTION.slice(0, 8), JSON.stringify({ id: 'no-grade', rubric: 'ai-pm/execution', answer: 'We shipped it.' }), '{"id": "broken", '];
    const res = await cli('agreement', write('bad.jsonl', rows), '--format', 'json', '--bootstrap', '0');
    expect(res.code).toBe(2);
    expect(JSON.parse(res.stdout).n).toBe(8);
    expect(res.stderr).toMatch(/bad\.jsonl:9 \(no-grade\): INPUT_TYPE: no "grade"/);
    expect(res.stderr).toMatch(/bad\.jsonl:10: PARSE: Invalid JSON/);
  });

  it('exits 1 with --check when an acceptance check fails', async () => {
    // Grades that run against the scores: every correlation check fails.
    const rows = EXECUTION.map((l) => {
      const r = JSON.parse(l);
      return JSON.stringify({ ...r, grade: 6 - r.grade });
    });
    const res = await cli('agreement', write('reversed.jsonl', rows), '--check', '--bootstrap', '0');
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/^ {2}FAIL {2}QWK >= 0\.70/m);
  });

  it.each([
    [['agreement'], /agreement needs a file of graded answers/],
    [['agreement', 'graded.jsonl', '--format', 'csv'], /--format must be one of table, markdown, json/],
    [['agreement', 'graded.jsonl', '--rubric', 'ai-pm/nope'], /Unknown rubric "ai-pm\/nope"/],
    [['agreement', 'missing.jsonl'], /missing\.jsonl/],
  ])('refuses %j with exit 2 and no stack trace', async (argv, message) => {
    const res = await cli(...argv);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('answer-eval calibrate', () => {
  const graded = write('calibrate.jsonl', [...EXECUTION, ...LEADERSHIP]);

  it('writes a calibrated rubric that validates and that score and agreement accept as --rubric', async () => {
    const res = await cli('calibrate', graded, '--rubric', 'ai-pm/execution', '--out', 'execution.calibrated.json', '--date', '2025-06-01');
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(new RegExp(`^Calibrated ai-pm/execution -> version \\d+\\.\\d+\\.0\\+cal\\.[0-9a-f]{8}: ${EXECUTION.length} answers, 5-fold cross-validation by answer, ${LEADERSHIP.length} records of other rubrics ignored$`, 'm'));
    expect(res.stdout).toMatch(/calibrated rubric written to execution\.calibrated\.json/);
    const file = JSON.parse(readFileSync(join(dir, 'execution.calibrated.json'), 'utf8'));
    const rubric = parseRubric(file);
    expect(rubric.calibration).toMatchObject({ n: EXECUTION.length, folds: 5, date: '2025-06-01', grades: [1, 2, 3, 4, 5] });
    expect(rubric.calibration!.cutPoints).toHaveLength(4);
    // The file is a rubric reference like any other: score and agreement take it as --rubric.
    const unnamed = write('unnamed.jsonl', EXECUTION.map((l) => {
      const { rubric: _r, ...rest } = JSON.parse(l);
      return JSON.stringify(rest);
    }));
    const scored = await cli('score', unnamed, '--rubric', 'execution.calibrated.json', '--format', 'jsonl', '-j', '1', '--quiet');
    expect(scored.code).toBe(0);
    const rows = scored.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(EXECUTION.length);
    expect(rows.every((r) => r.rubric.version === rubric.version)).toBe(true);
    const agreed = await cli('agreement', unnamed, '--rubric', 'execution.calibrated.json', '--format', 'json', '--bootstrap', '0');
    expect(agreed.code).toBe(0);
    const json = JSON.parse(agreed.stdout);
    expect(json.cutPointSource).toBe('given');
    expect(json.cutPoints).toEqual(rubric.calibration!.cutPoints);
    expect(json.items.map((i: { score: number }) => i.score)).toEqual(rows.map((r) => r.score));
  });

  it('writes the rubric to stdout and the report to stderr without --out', async () => {
    const res = await cli('calibrate', graded, '--rubric', 'ai-pm/leadership', '--date', '2025-06-01', '--folds', '3');
    expect(res.code).toBe(0);
    expect(parseRubric(JSON.parse(res.stdout)).calibration!.folds).toBe(3);
    expect(res.stderr).toMatch(/^Calibrated ai-pm\/leadership/m);
  });

  it('is reproducible: the same data and date give the same file', async () => {
    await cli('calibrate', graded, '--rubric', 'ai-pm/execution', '--out', 'a.json', '--date', '2025-06-01');
    await cli('calibrate', graded, '--rubric', 'ai-pm/execution', '--out', 'b.json', '--date', '2025-06-01');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(readFileSync(join(dir, 'b.json'), 'utf8'));
  });

  it.each([
    [['calibrate', 'calibrate.jsonl'], /calibrate needs --rubric/],
    [['calibrate', 'calibrate.jsonl', '--rubric', 'ai-pm/execution', '--folds', '1'], /--folds must be a whole number of at least 2/],
    [['calibrate', 'calibrate.jsonl', '--rubric', 'ai-pm/execution', '--date', 'yesterday'], /--date must look like/],
    [['calibrate', 'calibrate.jsonl', '--rubric', 'ai-pm/technical-depth'], /needs at least 4 graded answers/],
  ])('refuses %j with exit 2', async (argv, message) => {
    const res = await cli(...argv);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  });

  it('refuses a file with unusable records and writes nothing', async () => {
    const bad = write('cal-bad.jsonl', [...EXECUTION, JSON.stringify({ id: 'x', rubric: 'ai-pm/execution', answer: 'ok', grade: 'great' })]);
    const res = await cli('calibrate', bad, '--rubric', 'ai-pm/execution', '--out', 'never.json');
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(new RegExp(`cal-bad\\.jsonl:${EXECUTION.length + 1} \\(x\\): INPUT_TYPE: "grade" must be a number`));
    expect(existsSync(join(dir, 'never.json'))).toBe(false);
  });
});
