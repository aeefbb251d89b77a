import { belowMinScore } from '../summary.js';
import type { RowBrief } from '../types.js';

/** What the buffering reporters (table, csv, markdown, junit) keep per row: the brief and the verdict. */
export interface CompactRow extends RowBrief {
  below?: boolean;
}

export function compact(b: RowBrief, minScore: number | undefined): CompactRow {
  return belowMinScore(b, minScore) ? { ...b, below: true } : b;
}

/** A label for a row that may have no id: `file:line`. */
export function rowName(r: { id?: string; file: string; line: number }): string {
  return r.id ?? `${r.file}:${r.line}`;
}

export const fmtScore = (s: number) => s.toFixed(1);

/** One line of text: collapses line breaks and runs of white space. */
export const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
