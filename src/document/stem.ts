import { createRequire } from 'node:module';
import { LEXICON_STEMS } from './stems.generated.js';

type Porter = { stem(word: string): string };
let porter: Porter | null = null;

function porterStem(word: string): string {
  // natural's root import loads database clients and prints to stdout; take only the stemmer file,
  // and only once a word is missing from the tables below.
  if (!porter) porter = createRequire(import.meta.url)('natural/lib/natural/stemmers/porter_stemmer.js') as Porter;
  return porter.stem(word);
}

// Stems of the built-in lexicons' words, precomputed (scripts/gen-stems.mjs): compiling the
// lexicons on the first evaluation then needs no stemming. Split into a Map on first use.
let known: Map<string, string> | null = null;

function knownStems(): Map<string, string> {
  if (!known) {
    known = new Map();
    const parts = LEXICON_STEMS.split(' ');
    for (let i = 0; i + 1 < parts.length; i += 2) known.set(parts[i], parts[i + 1]);
  }
  return known;
}

// Answers repeat a small vocabulary; a bounded cache makes stemming nearly free after warm-up.
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Porter stem of a lower-cased word. Apostrophe forms and very long tokens are kept as they are. */
export function stem(lower: string): string {
  const hit = cache.get(lower) ?? knownStems().get(lower);
  if (hit !== undefined) return hit;
  let s: string;
  if (lower.length > 40 || lower.length < 3 || lower.includes("'")) s = lower;
  else s = porterStem(lower);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(lower, s);
  return s;
}
