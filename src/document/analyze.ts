import { InputError } from '../errors.js';
import { normalize, type Normalized } from './normalize.js';
import { stem } from './stem.js';
import { findNegations } from './negation.js';
import { findNumbers } from './numbers.js';
import type {
  Clause,
  DocumentStats,
  Heading,
  ListItem,
  NegationScope,
  NumberMention,
  Paragraph,
  Sentence,
  Span,
  Token,
} from './types.js';
import { posTags, type PosTag } from './pos.js';

export const DEFAULT_MAX_LENGTH = 50_000;

export interface AnalyzeOptions {
  /** Longest accepted answer in UTF-16 code units (default 50,000). */
  maxLength?: number;
}

// Word tokens: numbers with decimal/thousands separators, or letters/digits with inner apostrophes
// ("didn't"). Hyphens and slashes split tokens; `joined` records that they were glued.
const TOKEN_RE = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:'[\p{L}]+)*|\p{N}[\p{L}\p{M}\p{N}]*/gu;
const CLAUSE_WORDS = new Set([
  'but', 'however', 'although', 'though', 'whereas', 'yet', 'because', 'unless', 'while', 'which',
  'so', 'instead', 'otherwise', 'whereby', 'since', 'meanwhile', 'then', 'until',
]);
const LIST_RE = /^[ \t]*(?:([-*•+])|(\d{1,3})[.)]|\(?([a-zA-Z]|\d{1,3})\))[ \t]+(?=\S)/;
const MD_HEADING_RE = /^[ \t]{0,3}#{1,6}[ \t]+\S/;
const MAX_HEADING_CHARS = 200;
const BOLD_LINE_RE = /^[ \t]*(\*\*|__)([^*_\n]{1,80}?)\1[ \t]*:?[ \t]*$/;
const BOLD_LEAD_RE = /^[ \t]*(?:[-*•+][ \t]+|\d{1,3}[.)][ \t]+)?(\*\*|__)([^*_\n]{1,60}?)\1/;
const COLON_HEADING_RE = /^[ \t]*[A-Z][^.!?,;\n]{0,50}:[ \t]*$/;
const ABBREV_RE = /(?:^|[\s(])(?:e\.g|i\.e|vs|etc|approx|dr|mr|mrs|ms|inc|ltd|co|jr|sr|st|fig|cf|al|no|u\.s|e\.u|u\.k)\.$/i;

/**
 * The analyzed answer: built once, read by every scorer. Everything here is derived from the
 * text; expensive views (POS tags, lexicon matches) are computed lazily and memoized.
 */
export class AnswerDocument {
  readonly text: string;
  readonly normalized: string;
  readonly tokens: Token[];
  readonly sentences: Sentence[];
  readonly clauses: Clause[];
  readonly paragraphs: Paragraph[];
  readonly listItems: ListItem[];
  readonly headings: Heading[];
  readonly numbers: NumberMention[];
  readonly negations: NegationScope[];
  readonly stats: DocumentStats;
  /** Memo for derived views (lexicon matches, stuffing analysis), keyed by their producer. */
  readonly memo = new Map<unknown, unknown>();
  private readonly map: Normalized;
  private posCache = new Map<number, PosTag[]>();

  /** @internal use analyze() */
  constructor(text: string, map: Normalized, parts: Omit<AnswerDocument, 'text' | 'normalized' | 'memo' | 'toOriginal' | 'tokenSpan' | 'slice' | 'pos' | 'sentenceOf' | 'memoize' | 'negatedRange' | 'stats'> & { stats: DocumentStats }) {
    this.text = text;
    this.normalized = map.text;
    this.map = map;
    this.tokens = parts.tokens;
    this.sentences = parts.sentences;
    this.clauses = parts.clauses;
    this.paragraphs = parts.paragraphs;
    this.listItems = parts.listItems;
    this.headings = parts.headings;
    this.numbers = parts.numbers;
    this.negations = parts.negations;
    this.stats = parts.stats;
  }

  /** Maps a normalized range to the original text. */
  toOriginal(ns: number, ne: number): Span {
    if (ne <= ns) {
      const at = ns < this.map.srcStart.length ? this.map.srcStart[ns] : this.text.length;
      return { start: at, end: at };
    }
    return { start: this.map.srcStart[ns], end: this.map.srcEnd[ne - 1] };
  }

  /** Span of tokens [a, b) in the original text. */
  tokenSpan(a: number, b: number): Span {
    const t0 = this.tokens[a];
    const t1 = this.tokens[Math.max(a, b - 1)];
    return { start: t0.start, end: t1.end };
  }

  /** Original text of a span. */
  slice(span: Span): string {
    return this.text.slice(span.start, span.end);
  }

  /**
   * True when a negation cue outside tokens [a, b) governs one of them: "never ran an A/B test"
   * negates "A/B test", but the phrase "no appeals" is not negated by its own "no".
   */
  negatedRange(a: number, b: number): boolean {
    const span = this.tokenSpan(a, b);
    for (let k = a; k < b; k++) {
      const n = this.tokens[k].negation;
      if (n < 0) continue;
      const cue = this.negations[n].cue;
      if (cue.end <= span.start || cue.start >= span.end) return true;
    }
    return false;
  }

  sentenceOf(token: number): Sentence {
    return this.sentences[this.tokens[token].sentence];
  }

  /** Memoizes a derived view on this document (shared by all scorers and rubrics). */
  memoize<T>(key: unknown, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
  }

  /**
   * Part-of-speech tags for one sentence, from compromise, loaded and computed on first use only.
   * Tags align with the sentence's tokens.
   */
  pos(sentence: number): PosTag[] {
    let tags = this.posCache.get(sentence);
    if (!tags) {
      const s = this.sentences[sentence];
      tags = posTags(this.tokens.slice(s.tokenStart, s.tokenEnd), this.normalized);
      this.posCache.set(sentence, tags);
    }
    return tags;
  }
}

interface Line {
  ns: number;
  ne: number;
  kind: 'blank' | 'heading' | 'list' | 'text';
  marker: string;
  ordered: boolean;
  /** For a bold lead-in heading ("**Context.** text"), where the heading part ends. */
  headEnd: number;
}

function classifyLines(t: string): Line[] {
  const lines: Line[] = [];
  let pos = 0;
  while (pos <= t.length) {
    let nl = t.indexOf('\n', pos);
    if (nl < 0) nl = t.length;
    const raw = t.slice(pos, nl);
    const line: Line = { ns: pos, ne: nl, kind: 'text', marker: '', ordered: false, headEnd: -1 };
    if (!raw.trim()) line.kind = 'blank';
    // A heading is a short line; a marked-up line longer than a sentence is text.
    else if (raw.length <= MAX_HEADING_CHARS && (MD_HEADING_RE.test(raw) || BOLD_LINE_RE.test(raw) || COLON_HEADING_RE.test(raw))) line.kind = 'heading';
    else {
      const m = LIST_RE.exec(raw);
      if (m) {
        line.kind = 'list';
        line.marker = m[0].trim();
        line.ordered = !m[1];
      }
      const b = BOLD_LEAD_RE.exec(raw);
      if (b) line.headEnd = pos + b.index + b[0].length;
    }
    lines.push(line);
    pos = nl + 1;
  }
  return lines;
}

// Markup trimmed from heading text. Trimmed character by character: the equivalent
// `/^[...]+|[...]+$/g` replace backtracks quadratically on a long run of trailing characters that
// does not reach the end of the line.
const HEADING_LEAD = /[\s#*_]/;
const HEADING_TRAIL = /[\s*_:]/;
const LEAD_IN_LEAD = /[\s#*_\-•+\d.)]/;
const LEAD_IN_TRAIL = /[\s*_:.]/;

function trimRuns(s: string, lead: RegExp, trail: RegExp): string {
  let a = 0;
  let b = s.length;
  while (a < b && lead.test(s[a])) a++;
  while (b > a && trail.test(s[b - 1])) b--;
  return s.slice(a, b);
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
}

/**
 * Sentence boundaries inside one block of normalized text [a, b): after . ! ? followed by space
 * (not after an abbreviation or a single initial), and at ':' that ends a line.
 */
function splitSentences(t: string, a: number, b: number, out: [number, number][]) {
  let start = a;
  for (let i = a; i < b; i++) {
    const c = t.charCodeAt(i);
    if (c !== 46 && c !== 33 && c !== 63) continue; // . ! ?
    let j = i + 1;
    while (j < b && (t[j] === '.' || t[j] === '!' || t[j] === '?' || t[j] === '"' || t[j] === "'" || t[j] === ')' || t[j] === '*' || t[j] === ']')) j++;
    if (j < b && t[j] !== ' ' && t[j] !== '\n' && t[j] !== '\t') continue;
    if (c === 46) {
      const before = t.slice(Math.max(a, i - 6), i + 1);
      if (ABBREV_RE.test(before)) continue;
      // A single letter before the full stop is an initial ("J. Smith"), unless a word follows in lower case.
      const p1 = t.charCodeAt(i - 1);
      const p2 = i - 2 >= a ? t.charCodeAt(i - 2) : 32;
      if (isWordChar(p1) && !isWordChar(p2) && p1 >= 65 && p1 <= 90) continue;
      // A following lower-case word means the sentence goes on ("approx. 5", "the U.S. market").
      let k = j;
      while (k < b && t[k] === ' ') k++;
      const nc = t.charCodeAt(k);
      if (k < b && nc >= 97 && nc <= 122 && j - i === 1) continue;
    }
    if (j > start) pushCapped(t, start, j, out);
    start = j;
    i = j - 1;
  }
  if (b > start && t.slice(start, b).trim()) pushCapped(t, start, b, out);
}

/**
 * Longest sentence, in normalized characters. Real sentences stay far below it (the longest in
 * the fixtures is ~330); a transcript without punctuation or a pasted log would otherwise be one
 * "sentence" of thousands of words, and scorers that relate every pair of matches inside a
 * sentence would take quadratic time or worse on it.
 */
const MAX_SENTENCE_CHARS = 1000;

/**
 * Pushes [a, b) as one sentence, or as several when it is over MAX_SENTENCE_CHARS: each piece
 * ends at the last clause break (, ; :) in its second half, else at the last space, and never
 * inside a word; a stretch with no space at all stays whole (it is one token).
 */
function pushCapped(t: string, a: number, b: number, out: [number, number][]) {
  // A sentence starts at its first visible character, not at the space after the previous one.
  while (a < b && (t.charCodeAt(a) === 32 || t.charCodeAt(a) === 9 || t.charCodeAt(a) === 10)) a++;
  if (a >= b) return;
  while (b - a > MAX_SENTENCE_CHARS) {
    const lo = a + (MAX_SENTENCE_CHARS >> 1);
    let cut = -1;
    let space = -1;
    for (let k = a + MAX_SENTENCE_CHARS; k > lo; k--) {
      const c = t.charCodeAt(k);
      if (c !== 32 && c !== 10 && c !== 9) continue;
      if (space < 0) space = k;
      const p = t.charCodeAt(k - 1);
      if (p === 44 || p === 59 || p === 58) {
        cut = k;
        break;
      }
    }
    if (cut < 0) cut = space;
    if (cut < 0) {
      // No space in the window: cut at the next one so that no word is split.
      for (let k = a + MAX_SENTENCE_CHARS; k < b; k++) {
        const c = t.charCodeAt(k);
        if (c === 32 || c === 10 || c === 9) {
          cut = k;
          break;
        }
      }
      if (cut < 0) break;
    }
    out.push([a, cut]);
    a = cut;
  }
  out.push([a, b]);
}

export function analyze(text: unknown, options: AnalyzeOptions = {}): AnswerDocument {
  if (typeof text !== 'string') {
    throw new InputError('INPUT_TYPE', `The answer must be a string, got ${text === null ? 'null' : Array.isArray(text) ? 'an array' : typeof text}.`);
  }
  const maxLength = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > maxLength) {
    throw new InputError('INPUT_TOO_LONG', `The answer is ${text.length} characters long, over the limit of ${maxLength} (maxLength). Shorten it or raise maxLength.`);
  }
  if (!text.trim()) throw new InputError('INPUT_EMPTY', 'The answer is empty (only white space).');

  const map = normalize(text);
  const t = map.text;
  // Zero-width characters, BOMs and soft hyphens vanish in normalization: judge emptiness after it.
  if (!t.trim()) throw new InputError('INPUT_EMPTY', 'The answer is empty (only white space or invisible characters).');
  const lines = classifyLines(t);

  // 1. Blocks → sentence ranges with their kind and paragraph.
  const ranges: { a: number; b: number; kind: Sentence['kind']; paragraph: number; listItem: number }[] = [];
  const listItems: ListItem[] = [];
  const headings: Heading[] = [];
  const paragraphs: { ns: number; ne: number; first: number }[] = [];
  let paragraph = -1;
  let prevBlank = true;
  let blockStart = -1;
  let blockEnd = -1;
  let blockList = -1;
  const toOrig = (a: number, b: number): Span => (b <= a ? { start: map.srcStart[a] ?? text.length, end: map.srcStart[a] ?? text.length } : { start: map.srcStart[a], end: map.srcEnd[b - 1] });
  const newParagraph = (ns: number) => {
    paragraph++;
    paragraphs.push({ ns, ne: ns, first: ranges.length });
  };
  const flush = () => {
    if (blockStart < 0) return;
    const parts: [number, number][] = [];
    splitSentences(t, blockStart, blockEnd, parts);
    parts.forEach(([a, b], k) => {
      ranges.push({ a, b, kind: blockList >= 0 && k === 0 ? 'list-item' : 'text', paragraph, listItem: k === 0 ? blockList : -1 });
    });
    paragraphs[paragraph].ne = blockEnd;
    blockStart = -1;
    blockList = -1;
  };
  for (const line of lines) {
    if (line.kind === 'blank') {
      flush();
      prevBlank = true;
      continue;
    }
    if (line.kind === 'heading') {
      flush();
      newParagraph(line.ns);
      const raw = t.slice(line.ns, line.ne);
      const clean = trimRuns(raw, HEADING_LEAD, HEADING_TRAIL);
      headings.push({ index: headings.length, span: toOrig(line.ns, line.ne), text: clean, sentence: ranges.length });
      ranges.push({ a: line.ns, b: line.ne, kind: 'heading', paragraph, listItem: -1 });
      paragraphs[paragraph].ne = line.ne;
      prevBlank = false;
      continue;
    }
    // A new sentence block starts at a list item, after a blank line, or when the previous line
    // ended a sentence; otherwise the line is a soft wrap of the block before it.
    const prevEnds = blockStart >= 0 && /[.!?:;"')*]\s*$/.test(t.slice(Math.max(blockStart, blockEnd - 3), blockEnd));
    const startsNew = blockStart < 0 || line.kind === 'list' || prevEnds;
    if (startsNew) {
      flush();
      if (prevBlank || paragraph < 0 || (line.kind === 'list' && listItems.length === 0)) newParagraph(line.ns);
      blockStart = line.ns;
      if (line.kind === 'list') {
        blockList = listItems.length;
        listItems.push({ index: listItems.length, span: toOrig(line.ns, line.ne), marker: line.marker, ordered: line.ordered, sentence: ranges.length });
      }
    }
    if (line.headEnd > 0) {
      // "**Context.** We had ..." : the bold lead-in is a heading of its own.
      const hs = line.ns;
      const raw = t.slice(hs, line.headEnd);
      const clean = trimRuns(raw, LEAD_IN_LEAD, LEAD_IN_TRAIL);
      if (blockStart === hs && line.kind !== 'list') {
        headings.push({ index: headings.length, span: toOrig(hs, line.headEnd), text: clean, sentence: ranges.length });
        ranges.push({ a: hs, b: line.headEnd, kind: 'heading', paragraph, listItem: -1 });
        blockStart = line.headEnd;
      } else if (line.kind === 'list') {
        headings.push({ index: headings.length, span: toOrig(hs, line.headEnd), text: clean, sentence: ranges.length });
      }
    }
    blockEnd = line.ne;
    prevBlank = false;
  }
  flush();

  // 2. Tokens, assigned to sentences by position.
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  let r = 0;
  TOKEN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let prevEnd = -1;
  let prevSentence = -1;
  while ((m = TOKEN_RE.exec(t))) {
    const ns = m.index;
    const ne = ns + m[0].length;
    while (r < ranges.length && ranges[r].b <= ns) r++;
    if (r >= ranges.length) break;
    if (ns < ranges[r].a) continue; // markup between blocks
    while (sentences.length <= r) {
      const g = ranges[sentences.length];
      sentences.push({ index: sentences.length, span: toOrig(g.a, g.b), tokenStart: tokens.length, tokenEnd: tokens.length, paragraph: g.paragraph, kind: g.kind, listItem: g.listItem });
    }
    const lower = m[0].toLowerCase();
    const kind = m[0].charCodeAt(0) >= 48 && m[0].charCodeAt(0) <= 57 && /^[\d.,]+$/.test(m[0]) ? 'number' : 'word';
    let joined = false;
    if (prevSentence === r && prevEnd >= 0) {
      joined = true;
      for (let k = prevEnd; k < ns; k++) {
        const ch = t[k];
        // "%" and "$" belong to the number beside them ("a 5% holdout", "$2M saved").
        if (!(ch === ' ' || ch === '-' || ch === '/' || ch === "'" || ch === '&' || ch === '+' || ch === '"' || ch === '*' || ch === '_' || ch === '\t' || ch === '%' || ch === '$')) {
          joined = false;
          break;
        }
      }
      // A spaced hyphen (" - ", from an em dash) is a clause break, not a joiner.
      if (joined && ns - prevEnd >= 3 && t.slice(prevEnd, ns).includes(' - ')) joined = false;
    }
    const c0 = m[0].charCodeAt(0);
    tokens.push({
      i: tokens.length,
      lower,
      stem: kind === 'number' ? lower : stem(lower),
      kind,
      start: map.srcStart[ns],
      end: map.srcEnd[ne - 1],
      ns,
      ne,
      sentence: r,
      clause: -1,
      joined,
      negation: -1,
      upper: c0 >= 65 && c0 <= 90,
    });
    sentences[r].tokenEnd = tokens.length;
    prevEnd = ne;
    prevSentence = r;
  }
  // Sentences without tokens (pure punctuation) are kept so indices stay aligned with ranges.
  while (sentences.length < ranges.length) {
    const g = ranges[sentences.length];
    sentences.push({ index: sentences.length, span: toOrig(g.a, g.b), tokenStart: tokens.length, tokenEnd: tokens.length, paragraph: g.paragraph, kind: g.kind, listItem: g.listItem });
  }

  // 3. Clauses: break at , ; : ( ) and a spaced dash, and before clause-opening words.
  const clauses: Clause[] = [];
  for (const s of sentences) {
    let cStart = s.tokenStart;
    for (let k = s.tokenStart; k < s.tokenEnd; k++) {
      const tok = tokens[k];
      let brk = false;
      if (k > s.tokenStart) {
        if (!tok.joined) {
          const gap = t.slice(tokens[k - 1].ne, tok.ns);
          brk = /[,;:()[\]]|\s-\s|\.\s/.test(gap);
        }
        if (!brk && CLAUSE_WORDS.has(tok.lower)) brk = true;
      }
      if (brk && k > cStart) {
        clauses.push({ index: clauses.length, sentence: s.index, tokenStart: cStart, tokenEnd: k });
        cStart = k;
      }
    }
    if (s.tokenEnd > cStart) clauses.push({ index: clauses.length, sentence: s.index, tokenStart: cStart, tokenEnd: s.tokenEnd });
  }
  for (const c of clauses) for (let k = c.tokenStart; k < c.tokenEnd; k++) tokens[k].clause = c.index;

  const negations = findNegations(tokens, clauses, t, (a, b) => toOrig(tokens[a].ns, tokens[b - 1].ne));
  const numbers: NumberMention[] = findNumbers(tokens, t, toOrig);

  const paras: Paragraph[] = paragraphs.map((p, i) => ({
    index: i,
    span: toOrig(p.ns, Math.max(p.ns, p.ne)),
    sentenceStart: p.first,
    sentenceEnd: i + 1 < paragraphs.length ? paragraphs[i + 1].first : ranges.length,
  }));

  const words = tokens.length;
  const stats: DocumentStats = {
    words,
    sentences: sentences.filter((s) => s.tokenEnd > s.tokenStart && s.kind !== 'heading').length,
    characters: text.length,
  };
  return new AnswerDocument(text, map, { tokens, sentences, clauses, paragraphs: paras, listItems, headings, numbers, negations, stats });
}
