import { compact, fmtScore, oneLine } from './common.js';
import { RowStore } from './store.js';
import type { Reporter, ReporterOptions } from './types.js';

const FIXED = ['id', 'file', 'line', 'rubric', 'rubric_version', 'score', 'band', 'passed', 'below_min_score', 'flags', 'error_code', 'error_message'];

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
export function csvField(v: string | number | boolean | undefined | null): string {
  if (v === undefined || v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One row per answer, one column per criterion (criterion score 0..1, empty when it does not
 * apply or the answer's rubric has no such criterion). Criterion columns come in order of first
 * appearance, so the header is known only at the end: rows wait in a RowStore. Error messages are
 * put on one line, so that even a line-based tool sees one line per record.
 */
export function csvReporter(options: ReporterOptions = {}): Reporter {
  const store = new RowStore();
  const criteria: string[] = [];
  const known = new Set<string>();
  return {
    row(p) {
      const c = compact(p.brief, options.minScore);
      for (const [id] of c.criteria ?? []) {
        if (!known.has(id)) {
          known.add(id);
          criteria.push(id);
        }
      }
      store.add(c);
      return '';
    },
    async end(_summary, write) {
      // A criterion named like a fixed column gets a prefix rather than a duplicate header.
      const header = [...FIXED.slice(0, 9), ...criteria.map((c) => (FIXED.includes(c) ? `criterion:${c}` : c)), ...FIXED.slice(9)];
      await write(`${header.map(csvField).join(',')}\n`);
      for await (const r of store.rows()) {
        const scores = new Map((r.criteria ?? []).map(([id, score]) => [id, score] as const));
        const cells = [
          r.id,
          r.file,
          r.line,
          r.rubric,
          r.version,
          r.score === undefined ? undefined : fmtScore(r.score),
          r.band,
          r.passed,
          options.minScore === undefined || r.error ? undefined : r.below === true,
          ...criteria.map((id) => {
            const s = scores.get(id);
            return s === undefined || s === null ? undefined : s;
          }),
          r.flags?.join(';'),
          r.error?.code,
          r.error ? oneLine(r.error.message) : undefined,
        ];
        await write(`${cells.map(csvField).join(',')}\n`);
      }
    },
    dispose: () => store.dispose(),
  };
}
