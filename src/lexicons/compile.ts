import { stem } from '../document/stem.js';
import type { AnswerDocument } from '../document/analyze.js';
import type { Span } from '../document/types.js';
import { RubricValidationError, toIssues } from '../errors.js';
import { LexiconSchema, type Lexicon, type LexiconEntry } from './schema.js';

export interface LexiconMatch {
  lexicon: string;
  entry: string;
  group: string | undefined;
  tags: readonly string[];
  weight: number;
  tokenStart: number;
  tokenEnd: number;
  span: Span;
  text: string;
  negated: boolean;
  sentence: number;
  clause: number;
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Entries whose variant ends here (index into `entries`). */
  ends: number[];
}

/**
 * A lexicon compiled into a token trie: keys are `s:<stem>`, `=<exact lower form>` or `*`.
 * Scanning is linear in the number of tokens times the longest variant, and never looks at raw
 * substrings, so "multitasking" cannot match "task" and "also" cannot match "so".
 */
export interface CompiledLexicon {
  readonly id: string;
  readonly entries: readonly LexiconEntry[];
  readonly root: TrieNode;
  readonly maxLength: number;
  has(entryId: string): boolean;
  match(doc: AnswerDocument): LexiconMatch[];
}

const WORD_RE = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:'[\p{L}]+)*|\p{N}[\p{L}\p{M}\p{N}]*|\*/gu;

/** Splits a variant into trie keys; the last word also accepts its plural's stem ("bias"/"biases"). */
export function variantKeys(variant: string): string[][] {
  const exact = variant.startsWith('=');
  const body = (exact ? variant.slice(1) : variant).toLowerCase().replace(/[\u2018\u2019]/g, "'");
  const words = body.match(WORD_RE) ?? [];
  return words.map((w, i) => {
    if (w === '*') return ['*'];
    if (exact || /^\d/.test(w)) return [`=${w}`];
    const keys = new Set([`s:${stem(w)}`]);
    if (i === words.length - 1 && w.length > 3 && !w.includes("'")) keys.add(`s:${stem(w.endsWith('s') ? `${w}es` : `${w}s`)}`);
    return [...keys];
  });
}

function insert(root: TrieNode, keys: string[][], entry: number): number {
  let frontier = [root];
  for (const alts of keys) {
    const nextFrontier: TrieNode[] = [];
    for (const node of frontier) {
      for (const key of alts) {
        let child = node.next.get(key);
        if (!child) {
          child = { next: new Map(), ends: [] };
          node.next.set(key, child);
        }
        nextFrontier.push(child);
      }
    }
    frontier = nextFrontier;
  }
  for (const node of frontier) if (!node.ends.includes(entry)) node.ends.push(entry);
  return keys.length;
}

export function compileLexicon(lexicon: Lexicon): CompiledLexicon {
  const root: TrieNode = { next: new Map(), ends: [] };
  let maxLength = 1;
  const ids = new Set<string>();
  lexicon.entries.forEach((e, idx) => {
    ids.add(e.id);
    for (const v of e.variants) {
      const keys = variantKeys(v);
      if (keys.length === 0) continue;
      maxLength = Math.max(maxLength, insert(root, keys, idx));
    }
  });
  const compiled: CompiledLexicon = {
    id: lexicon.id,
    entries: lexicon.entries,
    root,
    maxLength,
    has: (id) => ids.has(id),
    match: (doc) => doc.memoize(compiled, () => scan(compiled, doc)),
  };
  return compiled;
}

/** Validates raw lexicon data and compiles it; bad data is a typed error naming the path. */
export function loadLexicon(data: unknown, source = 'lexicon'): CompiledLexicon {
  const parsed = LexiconSchema.safeParse(data);
  if (!parsed.success) throw new RubricValidationError(toIssues(parsed.error.issues), { file: source, what: 'lexicon', code: 'LEXICON_INVALID' });
  return compileLexicon(parsed.data);
}

function scan(lex: CompiledLexicon, doc: AnswerDocument): LexiconMatch[] {
  const toks = doc.tokens;
  const out: LexiconMatch[] = [];
  let i = 0;
  while (i < toks.length) {
    // Longest match starting at i, walking the trie along joined tokens of one sentence.
    let best = -1;
    let bestEnds: number[] = [];
    let frontier: TrieNode[] = [lex.root];
    for (let j = i; j < toks.length && j - i < lex.maxLength && frontier.length; j++) {
      const tk = toks[j];
      if (j > i && (!tk.joined || tk.sentence !== toks[i].sentence)) break;
      const next: TrieNode[] = [];
      for (const node of frontier) {
        const a = node.next.get(`s:${tk.stem}`);
        if (a) next.push(a);
        const b = node.next.get(`=${tk.lower}`);
        if (b) next.push(b);
        const w = j > i ? node.next.get('*') : undefined;
        if (w) next.push(w);
      }
      frontier = next;
      for (const node of frontier) {
        if (node.ends.length) {
          best = j;
          bestEnds = node.ends;
        }
      }
    }
    if (best < 0) {
      i++;
      continue;
    }
    const entry = lex.entries[bestEnds[0]];
    const span = doc.tokenSpan(i, best + 1);
    let negated = false;
    // Negated when a cue outside the match governs it: "never ran an A/B test", but the variant
    // "no appeals" is not negated by its own "no".
    for (let k = i; k <= best; k++) {
      const n = toks[k].negation;
      if (n >= 0 && doc.negations[n].cue.start < span.start) negated = true;
    }
    out.push({
      lexicon: lex.id,
      entry: entry.id,
      group: entry.group,
      tags: entry.tags ?? [],
      weight: entry.weight ?? 1,
      tokenStart: i,
      tokenEnd: best + 1,
      span,
      text: doc.text.slice(span.start, span.end),
      negated,
      sentence: toks[i].sentence,
      clause: toks[i].clause,
    });
    i = best + 1;
  }
  return out;
}
