import { compact, fmtScore, rowName } from './common.js';
import { RowStore } from './store.js';
import type { Reporter, ReporterOptions } from './types.js';

/** XML 1.0 text: markup characters escaped, characters XML forbids (most C0 controls, lone surrogates) dropped. */
export function xmlEscape(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Suite {
  file: string;
  tests: number;
  failures: number;
  errors: number;
}

/**
 * One testsuite per input file, one testcase per answer. A testcase fails when the answer is below
 * --min-score (without one, only records that could not be scored are marked, as errors). The
 * counts in the opening tags are gathered as rows come, the rows wait in a RowStore. No timings
 * are written, so that the report is the same from run to run.
 */
export function junitReporter(options: ReporterOptions = {}): Reporter {
  const store = new RowStore();
  // Consecutive rows of one file make a suite (files are read one after the other).
  const suites: Suite[] = [];
  const total = { tests: 0, failures: 0, errors: 0 };
  return {
    row(p) {
      const r = compact(p.brief, options.minScore);
      let s = suites[suites.length - 1];
      if (!s || s.file !== r.file) suites.push((s = { file: r.file, tests: 0, failures: 0, errors: 0 }));
      s.tests++;
      total.tests++;
      if (r.error) {
        s.errors++;
        total.errors++;
      } else if (r.below) {
        s.failures++;
        total.failures++;
      }
      store.add(r);
      return '';
    },
    async end(_summary, write) {
      await write(`<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="answer-eval" tests="${total.tests}" failures="${total.failures}" errors="${total.errors}">\n`);
      let k = -1;
      let left = 0;
      for await (const r of store.rows()) {
        if (left === 0) {
          if (k >= 0) await write('  </testsuite>\n');
          const s = suites[++k];
          left = s.tests;
          await write(`  <testsuite name="${xmlEscape(s.file)}" tests="${s.tests}" failures="${s.failures}" errors="${s.errors}" skipped="0">\n`);
        }
        left--;
        const attrs = `name="${xmlEscape(rowName(r))}" classname="${xmlEscape(r.rubric ?? r.file)}" file="${xmlEscape(r.file)}" line="${r.line}"`;
        if (r.error) {
          await write(
            `    <testcase ${attrs}>\n      <error type="${xmlEscape(r.error.code)}" message="${xmlEscape(r.error.message)}">${xmlEscape(`${r.file}:${r.line}: ${r.error.message}`)}</error>\n    </testcase>\n`,
          );
          continue;
        }
        const detail = `score ${fmtScore(r.score!)} (${r.band})${r.flags?.length ? `; flags: ${r.flags.join(', ')}` : ''}\n${(r.criteria ?? []).map(([id, s]) => `${id}: ${s === null ? 'n/a' : s.toFixed(2)}`).join('\n')}`;
        const failure = r.below ? `      <failure type="below-min-score" message="${xmlEscape(`score ${fmtScore(r.score!)} is below --min-score ${options.minScore}`)}">${xmlEscape(detail)}</failure>\n` : '';
        await write(`    <testcase ${attrs}>\n${failure}      <system-out>${xmlEscape(detail)}</system-out>\n    </testcase>\n`);
      }
      if (k >= 0) await write('  </testsuite>\n');
      await write('</testsuites>\n');
    },
    dispose: () => store.dispose(),
  };
}
