/** Half-open range of UTF-16 code units in the ORIGINAL answer text. */
export interface Span {
  start: number;
  end: number;
}

export interface Token {
  /** Position in `doc.tokens`. */
  i: number;
  /** Lower-cased normalized form. */
  lower: string;
  /** Porter stem of `lower` (numbers and very long tokens are their own stem). */
  stem: string;
  kind: 'word' | 'number';
  /** Offsets in the original text. */
  start: number;
  end: number;
  /** Offsets in the normalized text. */
  ns: number;
  ne: number;
  sentence: number;
  clause: number;
  /** True when only spaces or joiners (- / ' & +) separate this token from the previous one. */
  joined: boolean;
  /** Index of the negation scope covering this token, or -1. */
  negation: number;
  /** Starts with an upper-case letter in the text (proper nouns, acronyms, sentence starts). */
  upper: boolean;
}

export interface Sentence {
  index: number;
  span: Span;
  tokenStart: number;
  tokenEnd: number;
  paragraph: number;
  kind: 'text' | 'heading' | 'list-item';
  /** Index into `doc.listItems` when this sentence begins a list item. */
  listItem: number;
}

export interface Clause {
  index: number;
  sentence: number;
  tokenStart: number;
  tokenEnd: number;
}

export interface Paragraph {
  index: number;
  span: Span;
  sentenceStart: number;
  sentenceEnd: number;
}

export interface ListItem {
  index: number;
  span: Span;
  marker: string;
  ordered: boolean;
  sentence: number;
}

export interface Heading {
  index: number;
  span: Span;
  text: string;
  sentence: number;
}

export interface NumberMention {
  span: Span;
  text: string;
  value: number;
  /** percent, points, bps, currency, ms, seconds, minutes, hours, days, weeks, months, years, x, count, year, ratio ("one in twelve"), or null. */
  unit: string | null;
  token: number;
}

export interface NegationScope {
  index: number;
  /** The cue ("never", "didn't", "failed to", "rather than"). */
  cue: Span;
  cueText: string;
  /** Tokens governed by the cue: [tokenStart, tokenEnd). */
  tokenStart: number;
  tokenEnd: number;
  span: Span;
  /** `rather than` / `instead of` reject an alternative; the rest deny a fact. */
  kind: 'denial' | 'alternative';
}

export interface DocumentStats {
  words: number;
  sentences: number;
  characters: number;
}
