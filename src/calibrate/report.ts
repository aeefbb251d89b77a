import { AGREEMENT_METRICS, type AgreementFigures, type AgreementMetric, type AgreementReport } from './agreement.js';
import type { CalibrationResult } from './calibrate.js';
import type { AgreementRun } from './run.js';

export type ReportFormat = 'table' | 'markdown' | 'json';

const LABELS: Record<AgreementMetric, string> = {
  spearman: 'Spearman',
  pearson: 'Pearson',
  kendall: 'Kendall tau-b',
  qwk: 'QWK',
  exact: 'exact agreement',
  adjacent: 'adjacent agreement',
  pairwise: 'pairwise order',
  smd: 'SMD',
};

const r4 = (x: number | null): number | null => (x === null ? null : Math.round(x * 1e4) / 1e4);
const fmt = (x: number | null | undefined, d = 3): string => (x === null || x === undefined ? 'n/a' : x.toFixed(d));
const ci = (c: [number, number] | null): string => (c ? `[${c[0].toFixed(3)}, ${c[1].toFixed(3)}]` : '');

/** Figures as JSON under the stable keys (values rounded to 4 places), with n and intervals. */
function figuresJson(f: AgreementFigures): Record<string, unknown> {
  const out: Record<string, unknown> = { n: f.n };
  for (const m of AGREEMENT_METRICS) out[m] = r4(f[m]);
  out.intervals = Object.fromEntries(
    AGREEMENT_METRICS.map((m) => [m, { n: f.figures[m].n, ci95: f.figures[m].ci95 ? f.figures[m].ci95!.map((x) => r4(x)) : null }]),
  );
  return out;
}

export function agreementJson(report: AgreementReport): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...figuresJson(report),
    scale: report.scale,
    cutPoints: report.cutPoints.map((c) => r4(c)),
    cutPointSource: report.cutPointSource,
  };
  if (report.human) out.human = figuresJson(report.human);
  if (report.machineOnDoubleGraded) out.machineOnDoubleGraded = figuresJson(report.machineOnDoubleGraded);
  if (report.degradation) {
    const { smd: _smd, intervals, ...rest } = figuresJson(report.degradation) as Record<string, unknown> & { intervals: Record<string, unknown> };
    const { smd: _i, ...iv } = intervals;
    out.degradation = { ...rest, intervals: iv };
  }
  out.checks = report.checks.map((c) => ({ ...c, value: r4(c.value) }));
  return out;
}

function pad(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length)));
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd()).join('\n');
}

function markdownTable(rows: string[][]): string {
  const [head, ...body] = rows;
  const line = (r: string[]) => `| ${r.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(head), `|${head.map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`, ...body.map(line)].join('\n');
}

function figureRows(report: AgreementReport, pairsNote: string): string[][] {
  const rows: string[][] = [];
  const dual = !!report.human;
  rows.push(dual ? ['figure', 'machine', '95% interval', 'n', 'human-human', 'machine (same items)', 'degradation'] : ['figure', 'value', '95% interval', 'n']);
  for (const m of AGREEMENT_METRICS) {
    const f = report.figures[m];
    const n = m === 'pairwise' ? `${f.n} pairs${pairsNote}` : String(f.n);
    const row = [LABELS[m], fmt(f.value), ci(f.ci95), n];
    if (dual) row.push(fmt(report.human![m]), fmt(report.machineOnDoubleGraded![m]), m === 'smd' ? '' : fmt(report.degradation![m]));
    rows.push(row);
  }
  return rows;
}

function checkLines(report: AgreementReport): string[] {
  return report.checks.map((c) => {
    const mark = c.pass === null ? 'n/a ' : c.pass ? 'pass' : 'FAIL';
    const note = c.id === 'smd' && report.cutPointSource === 'fitted' ? ' (cut points fitted on these data: near 0 by construction)' : '';
    return `${mark}  ${c.label}: ${fmt(c.value)}${note}`;
  });
}

function header(report: AgreementReport): string[] {
  const where = { fitted: 'fitted on these data', given: "from the rubric's calibration", 'cross-validated': 'fitted without each held-out fold' }[report.cutPointSource];
  return [
    `grade scale ${report.scale.join(', ')}; score cut points ${report.cutPoints.map((c) => fmt(c, 1)).join(', ')} (${where})`,
    'intervals: percentile bootstrap over answers, seeded',
  ];
}

function byRubricRows(run: AgreementRun): string[][] | null {
  const ids = Object.keys(run.byRubric);
  if (!ids.length) return null;
  const rows = [['rubric', 'n', 'Spearman', 'Pearson', 'QWK', 'exact', 'adjacent', 'pairwise']];
  for (const id of ids) {
    const r = run.byRubric[id];
    rows.push([id, String(r.n), fmt(r.spearman), fmt(r.pearson), fmt(r.qwk), fmt(r.exact), fmt(r.adjacent), fmt(r.pairwise)]);
  }
  return rows;
}

function skippedLines(run: AgreementRun): string[] {
  return run.skipped.map((s) => `skipped line ${s.record.line ?? '?'}${s.record.id ? ` (${s.record.id})` : ''}: ${s.code}: ${s.message}`);
}

/** The agreement report in one of the CLI's formats. */
export function formatAgreement(run: AgreementRun, format: ReportFormat): string {
  const report = run.report;
  const pairsNote = run.items.some((i) => i.question) ? ', same question' : '';
  if (format === 'json') {
    const out: Record<string, unknown> = agreementJson(report);
    if (Object.keys(run.byRubric).length) out.byRubric = Object.fromEntries(Object.entries(run.byRubric).map(([id, r]) => [id, agreementJson(r)]));
    out.items = run.items;
    out.skipped = run.skipped.map((s) => ({ line: s.record.line, id: s.record.id, code: s.code, message: s.message }));
    return `${JSON.stringify(out, null, 2)}\n`;
  }
  const title = `Agreement with human grades: ${report.n} answers${report.human ? `, ${report.human.n} graded twice` : ''}`;
  const byRubric = byRubricRows(run);
  if (format === 'markdown') {
    const parts = [`## ${title}`, '', ...header(report).map((l) => `${l}  `), '', markdownTable(figureRows(report, pairsNote)), '', '### Acceptance checks', '', ...checkLines(report).map((l) => `- ${l}`)];
    if (byRubric) parts.push('', '### By rubric', '', markdownTable(byRubric));
    const sk = skippedLines(run);
    if (sk.length) parts.push('', ...sk.map((l) => `- ${l}`));
    return `${parts.join('\n')}\n`;
  }
  const parts = [title, ...header(report), '', pad(figureRows(report, pairsNote)), '', 'acceptance checks', ...checkLines(report).map((l) => `  ${l}`)];
  if (byRubric) parts.push('', pad(byRubric));
  const sk = skippedLines(run);
  if (sk.length) parts.push('', ...sk);
  return `${parts.join('\n')}\n`;
}

/** What calibration did, with the held-out figures before and after. */
export function formatCalibration(result: CalibrationResult, format: ReportFormat): string {
  if (format === 'json') {
    return `${JSON.stringify(
      {
        rubric: { id: result.rubric.id, version: result.rubric.version },
        n: result.n,
        ignored: result.ignored,
        skipped: result.skipped.map((s) => ({ line: s.record.line, id: s.record.id, code: s.code, message: s.message })),
        folds: result.folds,
        foldsBy: result.foldsBy,
        adopted: result.adopted,
        weights: result.weights,
        cutPoints: result.rubric.calibration?.cutPoints,
        before: agreementJson(result.before),
        fitted: agreementJson(result.fitted),
        after: agreementJson(result.after),
      },
      null,
      2,
    )}\n`;
  }
  const rows = [['held-out figure', 'before', 'after']];
  for (const m of AGREEMENT_METRICS) rows.push([LABELS[m], fmt(result.before[m]), fmt(result.after[m])]);
  const wrows = [['criterion', 'weight before', 'fitted', 'after']];
  for (const w of result.weights) wrows.push([w.id, String(w.before), String(w.fitted), String(w.after)]);
  const lines = [
    `Calibrated ${result.rubric.id} -> version ${result.rubric.version}: ${result.n} answers, ${result.folds}-fold cross-validation by ${result.foldsBy}${result.ignored ? `, ${result.ignored} records of other rubrics ignored` : ''}`,
    result.adopted
      ? 'fitted weights adopted (held-out Spearman not lower than the rubric\'s own weights)'
      : `fitted weights NOT adopted: held-out Spearman ${fmt(result.fitted.spearman)} < ${fmt(result.before.spearman)} with the rubric's own weights; only the cut points are new`,
    `grade cut points: ${(result.rubric.calibration?.cutPoints ?? []).map((c) => fmt(c, 2)).join(', ')} for grades ${(result.rubric.calibration?.grades ?? []).join(', ')}`,
    'figures are held-out only: each answer scored by weights and cut points fitted without its fold',
  ];
  const sk = result.skipped.map((s) => `skipped line ${s.record.line ?? '?'}${s.record.id ? ` (${s.record.id})` : ''}: ${s.code}: ${s.message}`);
  if (format === 'markdown') {
    return `${[`## ${lines[0]}`, '', ...lines.slice(1).map((l) => `${l}  `), '', markdownTable(rows), '', markdownTable(wrows), ...(sk.length ? ['', ...sk.map((l) => `- ${l}`)] : [])].join('\n')}\n`;
  }
  return `${[...lines, '', pad(rows), '', pad(wrows), ...(sk.length ? ['', ...sk] : [])].join('\n')}\n`;
}
