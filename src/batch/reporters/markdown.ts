import { compact, fmtScore, oneLine, rowName, type CompactRow } from './common.js';
import type { Reporter, ReporterOptions } from './types.js';

/** Table cell text: no line breaks, pipes escaped, HTML-significant characters neutralized. */
export function mdCell(s: string): string {
  return oneLine(s).replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)}%` : '–');

/**
 * For pull-request comments: the summary first, then one table line per answer. The verdict column
 * is "below --min-score" when a threshold is given, otherwise the rubric's own pass score.
 */
export function markdownReporter(options: ReporterOptions = {}): Reporter {
  const rows: CompactRow[] = [];
  return {
    row(p) {
      rows.push(compact(p.brief, options.minScore));
      return '';
    },
    end(summary) {
      const out: string[] = [];
      out.push(`## answer-eval: ${summary.count} answer${summary.count === 1 ? '' : 's'}`, '');
      out.push('| | |', '|---|---|');
      out.push(`| Scored | ${summary.scored} |`);
      out.push(`| Errors | ${summary.errors}${summary.errorCodes.length ? ` (${summary.errorCodes.map((e) => `${e.code} ${e.count}`).join(', ')})` : ''} |`);
      out.push(`| Mean score | ${summary.scored ? fmtScore(summary.meanScore) : '–'} |`);
      out.push(`| Bands | ${summary.bands.map((b) => `${b.id} ${b.count}`).join(' · ') || '–'} |`);
      if (options.minScore !== undefined) out.push(`| Below --min-score ${options.minScore} | ${summary.belowMin} |`);
      out.push('');
      if (summary.criteria.length) {
        out.push('| Criterion | Covered | Mean |', '|---|---:|---:|');
        for (const c of summary.criteria) out.push(`| ${mdCell(c.id)} | ${c.covered}/${c.applicable} (${pct(c.covered, c.applicable)}) | ${c.applicable ? c.meanScore.toFixed(2) : '–'} |`);
        out.push('');
      }
      out.push('| | ID | Rubric | Score | Band | Notes |', '|---|---|---|---:|---|---|');
      for (const r of rows) {
        if (r.error) {
          out.push(`| ⚠️ | ${mdCell(rowName(r))} | | | | ${mdCell(`${r.error.code}: ${r.error.message}`)} (line ${r.line}) |`);
          continue;
        }
        const fail = options.minScore !== undefined ? r.below : !r.passed;
        out.push(`| ${fail ? '❌' : '✅'} | ${mdCell(rowName(r))} | ${mdCell(r.rubric ?? '')} | ${fmtScore(r.score!)} | ${mdCell(r.band ?? '')} | ${mdCell((r.flags ?? []).join(', '))} |`);
      }
      return `${out.join('\n')}\n`;
    },
  };
}
