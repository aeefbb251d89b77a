import { compact, fmtScore, oneLine, rowName } from './common.js';
import { RowStore } from './store.js';
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
  const store = new RowStore();
  return {
    row(p) {
      store.add(compact(p.brief, options.minScore));
      return '';
    },
    async end(summary, write) {
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
      await write(`${out.join('\n')}\n`);
      for await (const r of store.rows()) {
        if (r.error) {
          await write(`| ⚠️ | ${mdCell(rowName(r))} | | | | ${mdCell(`${r.error.code}: ${r.error.message}`)} (line ${r.line}) |\n`);
          continue;
        }
        const fail = options.minScore !== undefined ? r.below : !r.passed;
        await write(`| ${fail ? '❌' : '✅'} | ${mdCell(rowName(r))} | ${mdCell(r.rubric ?? '')} | ${fmtScore(r.score!)} | ${mdCell(r.band ?? '')} | ${mdCell((r.flags ?? []).join(', '))} |\n`);
      }
    },
    dispose: () => store.dispose(),
  };
}
