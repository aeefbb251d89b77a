import { compact, fmtScore, rowName, type CompactRow } from './common.js';
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

/**
 * One testsuite per input file, one testcase per answer. A testcase fails when the answer is below
 * --min-score (without one, only records that could not be scored are marked, as errors). No
 * timings are written, so that the report is the same from run to run.
 */
export function junitReporter(options: ReporterOptions = {}): Reporter {
  const rows: CompactRow[] = [];
  return {
    row(p) {
      rows.push(compact(p.brief, options.minScore));
      return '';
    },
    end() {
      const suites = new Map<string, CompactRow[]>();
      for (const r of rows) {
        let s = suites.get(r.file);
        if (!s) suites.set(r.file, (s = []));
        s.push(r);
      }
      const count = (list: CompactRow[]) => ({
        tests: list.length,
        failures: list.filter((r) => !r.error && r.below).length,
        errors: list.filter((r) => r.error).length,
      });
      const all = count(rows);
      const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
      out.push(`<testsuites name="answer-eval" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}">`);
      for (const [file, list] of suites) {
        const c = count(list);
        out.push(`  <testsuite name="${xmlEscape(file)}" tests="${c.tests}" failures="${c.failures}" errors="${c.errors}" skipped="0">`);
        for (const r of list) {
          const attrs = `name="${xmlEscape(rowName(r))}" classname="${xmlEscape(r.rubric ?? file)}" file="${xmlEscape(r.file)}" line="${r.line}"`;
          if (r.error) {
            out.push(`    <testcase ${attrs}>`);
            out.push(`      <error type="${xmlEscape(r.error.code)}" message="${xmlEscape(r.error.message)}">${xmlEscape(`${r.file}:${r.line}: ${r.error.message}`)}</error>`);
            out.push('    </testcase>');
            continue;
          }
          const detail = `score ${fmtScore(r.score!)} (${r.band})${r.flags?.length ? `; flags: ${r.flags.join(', ')}` : ''}\n${(r.criteria ?? []).map(([id, s]) => `${id}: ${s === null ? 'n/a' : s.toFixed(2)}`).join('\n')}`;
          out.push(`    <testcase ${attrs}>`);
          if (r.below) out.push(`      <failure type="below-min-score" message="${xmlEscape(`score ${fmtScore(r.score!)} is below --min-score ${options.minScore}`)}">${xmlEscape(detail)}</failure>`);
          out.push(`      <system-out>${xmlEscape(detail)}</system-out>`);
          out.push('    </testcase>');
        }
        out.push('  </testsuite>');
      }
      out.push('</testsuites>');
      return `${out.join('\n')}\n`;
    },
  };
}
