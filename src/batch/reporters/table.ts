import { bandColor, palette } from './color.js';
import { compact, fmtScore, oneLine, rowName, type CompactRow } from './common.js';
import type { Reporter, ReporterOptions } from './types.js';

const truncate = (s: string, n: number) => (n <= 0 ? '' : s.length <= n ? s : n === 1 ? '…' : `${s.slice(0, n - 1)}…`);

/**
 * For people: ID, rubric, score, band, and flags or the error, aligned. Colour only when the caller
 * says so (a TTY without NO_COLOR); with a width, long cells are cut to fit the terminal.
 */
export function tableReporter(options: ReporterOptions = {}): Reporter {
  const rows: CompactRow[] = [];
  const p = palette(options.color === true);
  return {
    row(pr) {
      rows.push(compact(pr.brief, options.minScore));
      return '';
    },
    end() {
      if (!rows.length) return 'No records.\n';
      const head = ['ID', 'RUBRIC', 'SCORE', 'BAND', 'NOTES'];
      const cells = rows.map((r) =>
        r.error
          ? [rowName(r), '', '', 'error', oneLine(`${r.error.code} at ${r.file}:${r.line}: ${r.error.message}`)]
          : [rowName(r), r.rubric ?? '', fmtScore(r.score!), r.band ?? '', (r.below ? ['below --min-score', ...(r.flags ?? [])] : (r.flags ?? [])).join(', ')],
      );
      const w = [0, 1, 2, 3].map((i) => Math.max(head[i].length, ...cells.map((c) => c[i].length)));
      w[0] = Math.min(w[0], 40);
      const notesWidth = options.width ? Math.max(10, options.width - (w[0] + w[1] + w[2] + w[3] + 8)) : Infinity;
      const line = (c: string[], style?: (i: number, s: string) => string) => {
        const parts = [truncate(c[0], w[0]).padEnd(w[0]), c[1].padEnd(w[1]), c[2].padStart(w[2]), c[3].padEnd(w[3]), truncate(c[4], notesWidth)];
        return parts
          .map((s, i) => (style ? style(i, s) : s))
          .join('  ')
          .trimEnd();
      };
      const out = [p.bold(line(head))];
      cells.forEach((c, k) => {
        const r = rows[k];
        out.push(
          line(c, (i, s) => {
            if (r.error) return i === 3 || i === 4 ? p.red(s) : s;
            if (i === 2 && r.below) return p.red(s);
            if (i === 3) return bandColor(p, r.band ?? '')(s);
            if (i === 4) return p.dim(s);
            return s;
          }),
        );
      });
      return `${out.join('\n')}\n`;
    },
  };
}
