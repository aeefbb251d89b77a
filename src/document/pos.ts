import { createRequire } from 'node:module';
import type { Token } from './types.js';

export type PosTag = 'Verb' | 'Noun' | 'Adjective' | 'Adverb' | 'Other';

type Nlp = ((text: string) => { json(opts?: object): { terms: { text: string; tags: string[] }[] }[] }) & object;
let nlp: Nlp | null = null;

function load(): Nlp {
  // compromise's CJS bundle loads in ~220 ms (its ESM entry ~440 ms): only when a tag is needed.
  if (!nlp) nlp = createRequire(import.meta.url)('compromise') as Nlp;
  return nlp;
}

/** Coarse POS tags aligned with `tokens` (one sentence), computed by compromise. */
export function posTags(tokens: Token[], normalized: string): PosTag[] {
  if (tokens.length === 0) return [];
  const text = normalized.slice(tokens[0].ns, tokens[tokens.length - 1].ne);
  const base = tokens[0].ns;
  const terms = load()(text).json({ offset: true, terms: { offset: true } }) as unknown as {
    terms: { tags: string[]; offset: { start: number; length: number } }[];
  }[];
  const tags: PosTag[] = tokens.map(() => 'Other');
  let k = 0;
  for (const s of terms) {
    for (const term of s.terms) {
      const a = base + term.offset.start;
      const b = a + term.offset.length;
      const tag: PosTag = term.tags.includes('Verb') ? 'Verb' : term.tags.includes('Noun') ? 'Noun' : term.tags.includes('Adjective') ? 'Adjective' : term.tags.includes('Adverb') ? 'Adverb' : 'Other';
      while (k < tokens.length && tokens[k].ne <= a) k++;
      for (let j = k; j < tokens.length && tokens[j].ns < b; j++) tags[j] = tag;
    }
  }
  return tags;
}
