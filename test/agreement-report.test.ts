import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { calibrate, createEvaluator } from '../src/index.js';
import { parseLabeledAnswers } from '../src/calibrate/labeled.js';
import { formatAgreement, formatCalibration } from '../src/calibrate/report.js';
import { rubricForRound, runAgreement } from '../src/calibrate/run.js';

const read = (f: string) => parseLabeledAnswers(readFileSync(new URL(`../fixtures/${f}`, import.meta.url), 'utf8'), f);
const FIXTURES = [...read('ai-pm/execution.jsonl'), ...read('ai-pm/technical-depth.jsonl'), ...read('contrasts.jsonl')];

/** Spearman written out independently of src/calibrate: Pearson on average ranks. */
function referenceSpearman(x: number[], y: number[]): number {
  const ranks = (v: number[]) => {
    const sorted = [...v].sort((a, b) => a - b);
    return v.map((a) => {
      const first = sorted.indexOf(a);
      const last = sorted.lastIndexOf(a);
      return (first + last) / 2 + 1;
    });
  };
  const rx = ranks(x);
  const ry = ranks(y);
  const m = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = m(rx);
  const my = m(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  rx.forEach((a, i) => {
    num += (a - mx) * (ry[i] - my);
    dx += (a - mx) ** 2;
    dy += (ry[i] - my) ** 2;
  });
  return num / Math.sqrt(dx * dy);
}

describe('runAgreement()', () => {
  const run = runAgreement(FIXTURES, { bootstrap: 200 });

  it('reports the Spearman of the evaluator\'s own scores against the grades', () => {
    const evs = new Map<string, ReturnType<typeof createEvaluator>>();
    const scores = FIXTURES.map((r) => {
      if (!evs.has(r.rubric!)) evs.set(r.rubric!, createEvaluator(r.rubric!));
      return evs.get(r.rubric!)!.evaluate({ id: r.id, question: r.question, answer: r.answer }).score;
    });
    expect(run.items.map((i) => i.score)).toEqual(scores);
    expect(run.report.spearman!).toBeCloseTo(referenceSpearman(scores, FIXTURES.map((r) => r.grade)), 10);
    expect(run.report.n).toBe(FIXTURES.length);
  });

  it('breaks the figures down by rubric when the answers span several', () => {
    const measurable = [...new Set(FIXTURES.map((r) => r.rubric!))].filter((id) => new Set(FIXTURES.filter((r) => r.rubric === id).map((r) => r.grade)).size >= 2).sort();
    expect(measurable.length).toBeGreaterThanOrEqual(3);
    expect(Object.keys(run.byRubric)).toEqual(measurable);
    expect(run.byRubric['ai-pm/execution'].n).toBe(FIXTURES.filter((r) => r.rubric === 'ai-pm/execution').length);
  });

  it('compares pairs only within a question', () => {
    const byQuestion = new Map<string, number[]>();
    for (const r of FIXTURES) byQuestion.set(r.question!, [...(byQuestion.get(r.question!) ?? []), r.grade]);
    let pairs = 0;
    for (const g of byQuestion.values()) for (let i = 0; i < g.length; i++) for (let j = i + 1; j < g.length; j++) if (g[i] !== g[j]) pairs++;
    expect(run.report.figures.pairwise.n).toBe(pairs);
  });

  it('skips an answer the evaluator refuses, with its line, and measures the rest', () => {
    const withEmpty = [...FIXTURES.slice(0, 6), { answer: '   ', grade: 3, rubric: 'ai-pm/execution', id: 'blank', line: 99 }];
    const r = runAgreement(withEmpty, { bootstrap: 0 });
    expect(r.report.n).toBe(6);
    expect(r.skipped.map((s) => [s.record.line, s.code])).toEqual([[99, 'INPUT_EMPTY']]);
    expect(formatAgreement(r, 'table')).toMatch(/skipped line 99 \(blank\): INPUT_EMPTY/);
  });

  it('maps a record\'s round to its built-in rubric only when asked, and otherwise names the line without a rubric', () => {
    const rec = FIXTURES.slice(0, 6).map(({ rubric: _r, ...rest }) => ({ ...rest, round: 'execution' }));
    expect(runAgreement(rec, { bootstrap: 0, fallback: rubricForRound }).items[0].rubric).toBe('ai-pm/execution');
    expect(() => runAgreement(rec, { bootstrap: 0 })).toThrow(/line 1 names no rubric/);
  });

  it('maps scores with a calibrated rubric\'s own cut points when it scored every answer', () => {
    const exec = FIXTURES.filter((r) => r.rubric === 'ai-pm/execution');
    const cal = calibrate('ai-pm/execution', exec, { date: '2025-06-01', bootstrap: 0 }).rubric;
    const unnamed = exec.map(({ rubric: _r, ...rest }) => rest);
    const r = runAgreement(unnamed, { rubric: cal, bootstrap: 0 });
    expect(r.report.cutPointSource).toBe('given');
    expect(r.report.cutPoints).toEqual(cal.calibration!.cutPoints);
    expect(r.items[0].rubric).toBe('ai-pm/execution');
    // As with `answer-eval score`, a record's own rubric field wins over the --rubric default.
    const named = runAgreement(exec, { rubric: cal, bootstrap: 0 });
    expect(named.report.cutPointSource).toBe('fitted');
    const builtIn = createEvaluator('ai-pm/execution');
    expect(named.items.map((i) => i.score)).toEqual(exec.map((x) => builtIn.evaluate({ question: x.question, answer: x.answer }).score));
  });
});

describe('formatAgreement()', () => {
  const run = runAgreement(FIXTURES.slice(0, 18), { bootstrap: 100 });

  it('puts the figures under stable keys in JSON', () => {
    const json = JSON.parse(formatAgreement(run, 'json'));
    for (const k of ['spearman', 'pearson', 'kendall', 'qwk', 'exact', 'adjacent', 'pairwise', 'smd', 'n']) expect(typeof json[k]).toBe('number');
    expect(json.spearman).toBeCloseTo(run.report.spearman!, 4);
    expect(json.intervals.spearman.n).toBe(18);
    expect(json.intervals.spearman.ci95).toHaveLength(2);
    expect(json.checks.map((c: { id: string }) => c.id)).toEqual(['qwk', 'pearson', 'smd']);
    expect(json.items).toHaveLength(18);
    expect(json.items[0]).toMatchObject({ id: 'ex01', rubric: 'ai-pm/execution', grade: 5 });
  });

  it('marks acceptance checks in the table and in markdown', () => {
    const table = formatAgreement(run, 'table');
    expect(table).toMatch(/^Agreement with human grades: 18 answers/);
    expect(table).toMatch(/^ {2}(pass|FAIL) {2}QWK >= 0\.70: \d\.\d{3}$/m);
    expect(table).toMatch(/^pairwise order .* pairs, same question$/m);
    const md = formatAgreement(run, 'markdown');
    expect(md).toMatch(/^\| figure \| value \| 95% interval \| n \|$/m);
    expect(md).toMatch(/^- (pass|FAIL) {2}\|SMD\| <= 0\.15: /m);
  });

  it('shows human-human figures and degradation columns with a second grade', () => {
    const graded2 = FIXTURES.slice(0, 18).map((r, i) => ({ ...r, grade2: i % 4 === 0 ? Math.min(5, r.grade + 1) : r.grade }));
    const r = runAgreement(graded2, { bootstrap: 0 });
    const json = JSON.parse(formatAgreement(r, 'json'));
    expect(json.human.n).toBe(18);
    expect(json.degradation).not.toHaveProperty('smd');
    expect(json.checks.map((c: { id: string }) => c.id)).toContain('degradation-qwk');
    expect(formatAgreement(r, 'table')).toMatch(/human-human/);
  });
});

describe('formatCalibration()', () => {
  it('shows held-out figures before and after, and the weights', () => {
    const exec = FIXTURES.filter((r) => r.rubric === 'ai-pm/execution');
    const res = calibrate('ai-pm/execution', FIXTURES, { date: '2025-06-01', bootstrap: 0 });
    const text = formatCalibration(res, 'table');
    expect(text).toMatch(new RegExp(`^Calibrated ai-pm/execution -> version ${res.rubric.version.replace(/[.+]/g, '\\$&')}: ${exec.length} answers, 5-fold cross-validation`));
    expect(text).toMatch(/held-out only/);
    const first = res.weights[0];
    expect(text).toMatch(new RegExp(`^${first.id} +${first.before} +${first.fitted} +${first.after}$`, 'm'));
    const json = JSON.parse(formatCalibration(res, 'json'));
    expect(json.before.spearman).toBeCloseTo(res.before.spearman!, 4);
    expect(json.after.cutPointSource).toBe('cross-validated');
    expect(json.ignored).toBe(FIXTURES.length - exec.length);
  });
});
