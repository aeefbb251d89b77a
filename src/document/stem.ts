import { createRequire } from 'node:module';

// natural's root import loads database clients and prints to stdout; take only the stemmer file.
const requireCjs = createRequire(import.meta.url);
const porter = requireCjs('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

// Answers repeat a small vocabulary; a bounded cache makes stemming nearly free after warm-up.
const cache = new Map<string, string>();
const CACHE_LIMIT = 50_000;

/** Porter stem of a lower-cased word. Apostrophe forms and very long tokens are kept as they are. */
export function stem(lower: string): string {
  const hit = cache.get(lower);
  if (hit !== undefined) return hit;
  let s: string;
  if (lower.length > 40 || lower.length < 3 || lower.includes("'")) s = lower;
  else s = porter.stem(lower);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(lower, s);
  return s;
}
