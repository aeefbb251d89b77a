import { z } from 'zod';
import { defineScorer } from './define-scorer.js';

export const options = z
  .strictObject({
    /** The word range a good answer to this question falls in (e.g. a 30-second answer: 50-130). */
    minWords: z.number().int().min(1).default(50),
    maxWords: z.number().int().min(1).default(150),
  })
  .refine((o) => o.maxWords >= o.minWords, { message: 'maxWords must be at least minWords', path: ['maxWords'] });
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'concision',
  description:
    'For questions that ask for a short answer: full credit inside the expected word range, falling off linearly below it and above it (to zero at three times the maximum). Use it only where concision is part of the question.',
  options,
  messages: {
    'too-long': 'At {words} words this runs long for the question; aim for {maxWords} or fewer.',
    'too-short': 'At {words} words this is too thin to answer the question; aim for at least {minWords}.',
  },
  score(doc, opts: Options) {
    const words = doc.stats.words;
    if (words > opts.maxWords) {
      const over = (words - opts.maxWords) / (2 * opts.maxWords);
      return { score: Math.max(0, 1 - over), evidence: [], feedback: [{ messageId: 'too-long', data: { words, maxWords: opts.maxWords } }] };
    }
    if (words < opts.minWords) {
      return { score: words / opts.minWords, evidence: [], feedback: [{ messageId: 'too-short', data: { words, minWords: opts.minWords } }] };
    }
    return { score: 1, evidence: [], feedback: [] };
  },
});
