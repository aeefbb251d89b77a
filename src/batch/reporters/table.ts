import { bandColor, palette } from './color.js';
import { compact, fmtScore, oneLine, rowName, type CompactRow } from './common.js';
import { RowStore } from './store.js';
import type { Reporter, ReporterOptions } from './types.js';

const truncate = (s: string, n: number) => (n <= 0 ? '' : s.length <= n ? s : n === 1 ? '…' : `${s.slice(0, n - 1)}…`);
const HEAD = ['ID', 'RUBRIC', 'SCORE', 'BAND', 'NOTES'];

function cells(r: CompactRow): string[] {
  return r.error
    ? [rowName(r), '', '', 'error', oneLine(`${r.error.code} at ${r.file}:${r.line}: ${r.error.message}`)]
    : [rowName(r), r.rubric ?? '', fmtScore(r.score!), r.band ?? '', (r.below ? ['below --min-score', ...(r.flags ?? [])] : (r.flags ?? [])).join(', ')];
}

/**
 * For people: ID, rubric, score, band, and flags or the error, aligned (column widths are measured
 * as rows come). Colour only when the caller says so (a TTY without NO_COLOR); with a width, long
 * cells are cut to fit the terminal.
 */
export function tableReporter(options: ReporterOptions = {}): Reporter {
  const store = new RowStore();
  const p = palette(options.color === true);
  const w = HEAD.slice(0, 4).map((h) => h.length);
  return {
    row(pr) {
      const r = compact(pr.brief, options.minScore);
      const c = cells(r);
      for (let i = 0; i < 4; i++) w[i] = Math.max(w[i], c[i].length);
      store.add(r);
      return '';
    },
    async end(_summary, write) {
      if (!store.count) {
        await write('No records.\n');
        return;
      }
      w[0] = Math.min(w[0], 40);
      const notesWidth = options.width ? Math.max(10, options.width - (w[0] + w[1] + w[2] + w[3] + 8)) : Infinity;
      const line = (c: string[], style?: (i: number, s: string) => string) =>
        [truncate(c[0], w[0]).padEnd(w[0]), c[1].padEnd(w[1]), c[2].padStart(w[2]), c[3].padEnd(w[3]), truncate(c[4], notesWidth)]
          .map((s, i) => (style ? style(i, s) : s))
          .join('  ')
          .trimEnd();
      await write(`${p.bold(line(HEAD))}\n`);
      for await (const r of store.rows()) {
        const styled = line(cells(r), (i, s) => {
          if (r.error) return i === 3 || i === 4 ? p.red(s) : s;
          if (i === 2 && r.below) return p.red(s);
          if (i === 3) return bandColor(p, r.band ?? '')(s);
          if (i === 4) return p.dim(s);
          return s;
        });
        await write(`${styled}\n`);
      }
    },
    dispose: () => store.dispose(),
  };
}
