import { z } from 'zod';

/**
 * A lexicon is data: concepts, each with the ways real answers say it.
 *
 * Variant syntax (matched on word tokens, never on raw substrings):
 * - `"people cancelling"`: tokens are lower-cased and Porter-stemmed, so this also matches
 *   "people cancel" and "people cancelled". Hyphens, slashes and apostrophes split tokens like
 *   spaces do, so `"a/b test"` matches "A/B test" and "A-B tests"; a comma or full stop between
 *   two words breaks a phrase.
 * - `"=us"`: a leading `=` matches the lower-cased form exactly, without stemming (for short
 *   acronyms whose stems collide with ordinary words).
 * - `"*"` inside a variant matches any one word: `"cost of * false"`.
 */
export const LexiconEntrySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case id'),
  group: z.string().optional(),
  variants: z.array(z.string().min(1)).min(1),
  /** Tags used by scorers, e.g. domains for a regulation ("lending", "health"). */
  tags: z.array(z.string()).optional(),
  /** Relative strength 0..1 where a scorer distinguishes strong and weak forms (default 1). */
  weight: z.number().min(0).max(1).optional(),
  note: z.string().min(1),
  source: z.string().optional(),
});

export const LexiconSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  entries: z.array(LexiconEntrySchema).min(1),
});

export type LexiconEntry = z.infer<typeof LexiconEntrySchema>;
export type Lexicon = z.infer<typeof LexiconSchema>;
