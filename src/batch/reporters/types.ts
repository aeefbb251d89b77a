import type { BatchSummary } from '../summary.js';
import type { ProcessedRow } from '../types.js';

export interface ReporterOptions {
  /** ANSI colour (table only; the caller decides: a TTY and no NO_COLOR). */
  color?: boolean;
  /** Answers below this total score fail (junit) and are marked (table, markdown, csv). */
  minScore?: number;
  /** Terminal width, to fit the table (none: no truncation). */
  width?: number;
}

/** Writes a piece of the report; resolves when the piece may be forgotten. */
export type Write = (piece: string) => Promise<void>;

/**
 * A reporter turns rows into text. Streaming formats (jsonl, json) write each row as it comes;
 * formats whose head depends on all rows (csv columns, junit counts, markdown summary, table
 * widths) gather what the head needs as rows come, keep the rows in a RowStore (on disk past a few
 * hundred) and write everything in `end`, piece by piece.
 */
export interface Reporter {
  /** Text (or UTF-8 bytes) to write for this row now; '' when the reporter writes at the end. */
  row(p: ProcessedRow): string | Uint8Array;
  end(summary: BatchSummary, write: Write): Promise<void>;
  /** Drops what the reporter keeps (its temporary file): after `end`, or instead of it on abort. */
  dispose(): void;
}

/** The end of a report as one string (tests, small reports). */
export async function endToString(reporter: Reporter, summary: BatchSummary): Promise<string> {
  let out = '';
  await reporter.end(summary, async (piece) => {
    out += piece;
  });
  return out;
}
