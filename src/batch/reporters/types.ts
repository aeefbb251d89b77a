import type { BatchSummary } from '../summary.js';
import type { ProcessedRow } from '../types.js';

export interface ReporterOptions {
  /** ANSI colour (table only; the caller decides: a TTY and no NO_COLOR). */
  color?: boolean;
  /** Answers below this total score fail (junit) and are marked (table, markdown). */
  minScore?: number;
  /** Terminal width, to fit the table (none: no truncation). */
  width?: number;
}

/**
 * A reporter turns rows into text. `row` returns what to write now: streaming formats (jsonl, json)
 * write each row as it comes; formats whose head depends on all rows (csv columns, junit counts,
 * markdown summary, table widths) keep a compact form and write everything in `end`.
 */
export interface Reporter {
  /** Text (or UTF-8 bytes) to write for this row now; '' when the reporter writes at the end. */
  row(p: ProcessedRow): string | Uint8Array;
  end(summary: BatchSummary): string;
}
