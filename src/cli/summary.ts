import type { BatchSummary } from '../batch/summary.js';
import { oneLine } from '../batch/reporters/common.js';
import type { Palette } from '../batch/reporters/color.js';

const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)}%` : '–');

/** The end-of-run summary for stderr: counts, mean, bands, per-criterion coverage, errors. */
export function renderSummary(s: BatchSummary, info: { seconds: number; workers: number }, p: Palette): string {
  const lines: string[] = [];
  const where = info.workers ? `${info.workers} worker${info.workers === 1 ? '' : 's'}` : 'in-process';
  lines.push(
    `${p.bold('answer-eval')}: ${s.count} record${s.count === 1 ? '' : 's'}, ${s.scored} scored, ${s.errors ? p.red(`${s.errors} error${s.errors === 1 ? '' : 's'}`) : '0 errors'}` +
      `${s.scored ? `, mean score ${s.meanScore.toFixed(1)}` : ''} (${info.seconds.toFixed(1)} s, ${where})`,
  );
  if (s.bands.length) lines.push(`  bands: ${s.bands.map((b) => `${b.id} ${b.count}`).join(' · ')}`);
  if (s.minScore !== undefined) lines.push(`  below --min-score ${s.minScore}: ${s.belowMin ? p.red(String(s.belowMin)) : '0'}`);
  if (s.criteria.length) {
    lines.push('  criterion coverage (answers with evidence / answers it applies to):');
    const w = Math.max(...s.criteria.map((c) => c.id.length));
    for (const c of s.criteria) {
      lines.push(`    ${c.id.padEnd(w)}  ${`${c.covered}/${c.applicable}`.padStart(11)}  ${pct(c.covered, c.applicable).padStart(4)}  mean ${c.applicable ? c.meanScore.toFixed(2) : ' –  '}`);
    }
  }
  if (s.errors) {
    lines.push(`  errors: ${s.errorCodes.map((e) => `${e.code} ${e.count}`).join(' · ')}`);
    for (const e of s.firstErrors) lines.push(`    ${e.file}:${e.line}${e.id !== undefined ? ` (${e.id})` : ''}: ${e.error.code}: ${oneLine(e.error.message).slice(0, 160)}`);
    if (s.errors > s.firstErrors.length) lines.push(`    … and ${s.errors - s.firstErrors.length} more (error rows in the output)`);
  }
  return `${lines.join('\n')}\n`;
}
