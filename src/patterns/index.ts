import { RE2JS } from 're2js';
import type { AnswerDocument } from '../document/analyze.js';
import type { Span } from '../document/types.js';
import { AnswerEvalError } from '../errors.js';

/**
 * User regular expressions from rubric files. They run on re2js, a port of RE2: matching time is
 * linear in the text whatever the pattern, so `(a+)+$` cannot hang the process. The price is
 * RE2 syntax: no backreferences, no lookahead or lookbehind. Anything re2js refuses is a
 * PATTERN_UNSAFE error that quotes the pattern.
 */

/** Longest accepted pattern source, in characters. */
export const MAX_PATTERN_LENGTH = 500;
/**
 * Largest compiled program (RE2 instructions). Counted repetitions inflate programs
 * (`(\w{50}){20}`); a cap keeps compile time and memory per rubric small.
 */
export const MAX_PROGRAM_SIZE = 5_000;
/** Matches kept per pattern per answer; more than this is noise, not evidence. */
export const MAX_MATCHES = 200;

export interface CompiledPattern {
  readonly source: string;
  /** All non-empty matches in `text`, as half-open ranges of `text`. */
  exec(text: string): { start: number; end: number }[];
}

function unsafe(source: string, why: string): AnswerEvalError {
  return new AnswerEvalError('PATTERN_UNSAFE', `Pattern ${JSON.stringify(source)} was rejected: ${why}.`);
}

function explain(message: string): string {
  const m = message.replace(/^error parsing regexp:\s*/, '');
  if (/\\[1-9]|invalid escape sequence: `\\[1-9]/.test(m)) return `backreferences are not supported (they need backtracking, which can take exponential time); ${m}`;
  if (/\(\?[=!]|\(\?<[=!]|invalid named capture: `\(\?<[=!]|unsupported Perl syntax: `\(\?[=!<]/.test(m)) return `lookahead and lookbehind are not supported on the linear-time engine; ${m}`;
  if (/repeat count/.test(m)) return `a counted repetition is larger than 1000 or nested too deeply; ${m}`;
  return `it is not a valid RE2 pattern (${m})`;
}

/**
 * Compiles a user pattern. Case-insensitive by default, like phrases (write `(?-i)` at the
 * start to match case). At each position the longest match wins (the POSIX rule), so
 * `\$\d+ ?(m|million)` takes "$3 million" whole: evidence should show the whole figure. Rejects what could hang or flood a scan: non-RE2 syntax, huge programs,
 * and patterns that match the empty string (they would "match" every answer).
 */
export function compilePattern(source: string, options: { caseSensitive?: boolean } = {}): CompiledPattern {
  if (typeof source !== 'string' || !source) throw unsafe(String(source), 'a pattern must be a non-empty string');
  if (source.length > MAX_PATTERN_LENGTH) throw unsafe(`${source.slice(0, 60)}…`, `it is longer than ${MAX_PATTERN_LENGTH} characters`);
  let re: RE2JS;
  try {
    re = RE2JS.compile(source, RE2JS.LONGEST_MATCH | (options.caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE));
  } catch (e) {
    throw unsafe(source, explain(e instanceof Error ? e.message : String(e)));
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) throw unsafe(source, `it compiles to ${re.programSize()} instructions (limit ${MAX_PROGRAM_SIZE}); use fewer or smaller counted repetitions`);
  if (re.matches('')) throw unsafe(source, 'it matches the empty string, so it would match every answer');
  return {
    source,
    exec(text) {
      const out: { start: number; end: number }[] = [];
      const m = re.matcher(text);
      while (out.length < MAX_MATCHES && m.find()) {
        const start = m.start();
        const end = m.end();
        // A pattern that can match empty somewhere (`x?`) is skipped there; find() moves on.
        if (end > start) out.push({ start, end });
      }
      return out;
    },
  };
}

/** Trailing characters trimmed from a match: `\s?` and `[\d,.]*` tails are not evidence. */
// Tested one character at a time from each end: the equivalent /[\s.,;:]+$/ backtracks
// quadratically on a long run of spaces inside a match (0.8 s for 40,000 spaces).
const TRAILING = /[\s.,;:]/u;
const LEADING = /\s/u;

/**
 * Matches a compiled pattern against the document's normalized text (NFKC, straight quotes) and
 * maps each match back to the original answer. Leading white space and trailing white space or
 * punctuation are trimmed from the span, never the whole match.
 */
export function matchPattern(doc: AnswerDocument, pattern: CompiledPattern): Span[] {
  const t = doc.normalized;
  const out: Span[] = [];
  for (const { start, end } of pattern.exec(t)) {
    const raw = t.slice(start, end);
    let lead = 0;
    while (lead < raw.length && LEADING.test(raw[lead])) lead++;
    let trail = 0;
    while (raw.length - trail > lead && TRAILING.test(raw[raw.length - 1 - trail])) trail++;
    const ns = start + lead;
    const ne = end - trail > ns ? end - trail : end;
    const span = doc.toOriginal(ns, ne);
    if (span.end > span.start) out.push(span);
  }
  return out;
}
