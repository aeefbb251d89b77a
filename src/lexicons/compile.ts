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
  /** Children by interned key id (see `keyId`). */
  next: Map<number, TrieNode>;
  /** Entries whose variant ends here (index into `entries`). */
  ends: number[];
}

// Trie keys are interned to small integers shared by every compiled lexicon, so that a document's
// tokens are translated to key ids once (memoized on the document) and each lexicon scan does
// integer Map lookups instead of building `s:<stem>` strings per token, node and lexicon.
const WILDCARD = 0;
const stemIds = new Map<string, number>();
const exactIds = new Map<string, number>();
let nextKeyId = 1;

function keyId(key: string): number {
  if (key === '*') return WILDCARD;
  const table = key.startsWith('s:') ? stemIds : exactIds;
  const k = key.slice(key.startsWith('s:') ? 2 : 1);
  let id = table.get(k);
  if (id === undefined) {
    id = nextKeyId++;
    table.set(k, id);
  }
  return id;
}

interface TokenKeys {
  /** How many key ids existed when this was computed; later lexicons may add keys. */
  version: number;
  /** Per token: [stem key id, exact key id], -1 when no lexicon has that key. */
  ids: Int32Array;
}

const TOKEN_KEYS = Symbol('lexicon-token-keys');

function tokenKeys(doc: AnswerDocument): Int32Array {
  const memo = doc.memo.get(TOKEN_KEYS) as TokenKeys | undefined;
  if (memo && memo.version === nextKeyId) return memo.ids;
  const toks = doc.tokens;
  const ids = new Int32Array(toks.length * 2);
  for (let k = 0; k < toks.length; k++) {
    ids[2 * k] = stemIds.get(toks[k].stem) ?? -1;
    ids[2 * k + 1] = exactIds.get(toks[k].lower) ?? -1;
  }
  doc.memo.set(TOKEN_KEYS, { version: nextKeyId, ids });
  return ids;
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
  /** 1 at the key ids that start a variant (root children), so a scan skips other tokens cheaply. */
  readonly first: Uint8Array;
  readonly maxLength: number;
  has(entryId: string): boolean;
  match(doc: AnswerDocument): LexiconMatch[];
}

const WORD_RE = /\p{N}+(?:[.,]\p{N}+)*|[\p{L}\p{M}][\p{L}\p{M}\p{N}]*(?:'[\p{L}]+)*|\p{N}[\p{L}\p{M}\p{N}]*|\*/gu;

/** Splits a variant into trie keys; the last word also accepts its plural's stem ("bias"/"biases"). */
export function variantKeys(variant: string): string[][] {
  const exact = variant.startsWith('=');
  // Lexicon authors often write contractions with a space ("i d choose", "don t"); answers spell
  // them "I'd", "don't", which tokenize as one word. Rejoin the clitic so both match.
  const body = (exact ? variant.slice(1) : variant)
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\b([a-z]+) (t|d|ll|s|m|re|ve)\b/g, (all, w: string, c: string) => (c === 't' ? (/n$/.test(w) ? `${w}'t` : all) : /^(i|we|you|they|he|she|it|that|there|what|who|let|here)$/.test(w) ? `${w}'${c}` : all));
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
        const id = keyId(key);
        let child = node.next.get(id);
        if (!child) {
          child = { next: new Map(), ends: [] };
          node.next.set(id, child);
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
  const first = new Uint8Array(nextKeyId);
  for (const id of root.next.keys()) first[id] = 1;
  const compiled: CompiledLexicon = {
    id: lexicon.id,
    entries: lexicon.entries,
    root,
    first,
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

const FRONTIER_A: TrieNode[] = [];
const FRONTIER_B: TrieNode[] = [];

function scan(lex: CompiledLexicon, doc: AnswerDocument): LexiconMatch[] {
  const toks = doc.tokens;
  const keys = tokenKeys(doc);
  const root = lex.root;
  const first = lex.first;
  const nFirst = first.length;
  const out: LexiconMatch[] = [];
  let i = 0;
  while (i < toks.length) {
    // Most tokens start no variant: two typed-array reads and move on. (A key id at or past
    // `first.length` was created by a later lexicon, so it starts nothing here.)
    const s0 = keys[2 * i];
    const e0 = keys[2 * i + 1];
    if (!(s0 >= 0 && s0 < nFirst && first[s0] === 1) && !(e0 >= 0 && e0 < nFirst && first[e0] === 1)) {
      i++;
      continue;
    }
    // Longest match starting at i, walking the trie along joined tokens of one sentence.
    let best = -1;
    let bestEnds: number[] = [];
    // Two scratch arrays swapped per step, with explicit counts (scan is synchronous and never
    // re-entered), instead of a new frontier array per token: this loop runs for every candidate.
    let frontier = FRONTIER_A;
    let next = FRONTIER_B;
    frontier[0] = root;
    let nf = 1;
    for (let j = i; j < toks.length && j - i < lex.maxLength && nf > 0; j++) {
      const tk = toks[j];
      if (j > i && (!tk.joined || tk.sentence !== toks[i].sentence)) break;
      const sk = keys[2 * j];
      const ek = keys[2 * j + 1];
      let nn = 0;
      for (let f = 0; f < nf; f++) {
        const node = frontier[f];
        const a = sk >= 0 ? node.next.get(sk) : undefined;
        if (a) next[nn++] = a;
        const b = ek >= 0 ? node.next.get(ek) : undefined;
        if (b) next[nn++] = b;
        const w = j > i ? node.next.get(WILDCARD) : undefined;
        if (w) next[nn++] = w;
      }
      const swap = frontier;
      frontier = next;
      next = swap;
      nf = nn;
      for (let f = 0; f < nf; f++) {
        const node = frontier[f];
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
    const negated = doc.negatedRange(i, best + 1);
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
