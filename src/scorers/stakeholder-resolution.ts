import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { creditable, evidence, groupBy, stuffing, stuffingCap } from './shared.js';

const PARTS: [group: string, signal: string, weight: number][] = [
  ['party', 'party', 0.15],
  ['position', 'position', 0.2],
  ['measurable', 'made-measurable', 0.2],
  ['resolution', 'resolution', 0.2],
  ['validation', 'validation', 0.25],
];

export const options = z.strictObject({
  /** Distinct parties to name for full credit on that part. */
  partiesForFull: z.number().int().min(1).default(2),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'stakeholder-resolution',
  description:
    'Credits the arc of a disagreement handled well: the parties, each side\'s case in its own terms, the disagreement made measurable, the resolution, and how it was validated afterwards.',
  options,
  messages: {
    'no-parties': 'Name who disagreed (legal, the engineering director, the clinical lead...).',
    'no-positions': 'State each side\'s case in its own terms: what each was worried about.',
    'not-measurable': 'Turn the disagreement into something measurable both sides accept (a metric, a threshold, an exit criterion).',
    'no-resolution': 'Say how it was resolved and who decided.',
    'no-validation': 'Say how you checked afterwards that the resolution worked.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const all = ctx.lexicons.get('stakeholders').match(doc);
    const g = groupBy(creditable(all, info), (m) => m.group ?? '');
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    let score = 0;
    for (const [group, signal, weight] of PARTS) {
      const ms = g.get(group) ?? [];
      let part = ms.length ? 1 : 0;
      if (group === 'party') part = Math.min(1, new Set(ms.map((m) => m.entry)).size / opts.partiesForFull);
      if (group === 'pushback') continue;
      score += weight * part;
      for (const m of ms.slice(0, group === 'party' ? 2 : 1)) ev.push(evidence(m, signal));
    }
    // Pushing back is part of the story but only counts with a resolution.
    const push = g.get('pushback') ?? [];
    if (push.length) {
      ev.push(evidence(push[0], 'pushback'));
      if (g.get('resolution')?.length) score += 0.05;
    }
    // A measurable resolution may also be carried by numbers next to a resolution.
    if (!g.get('measurable')?.length && (g.get('resolution') ?? []).some((m) => doc.numbers.some((n) => Math.abs(doc.tokens[n.token].sentence - m.sentence) <= 1))) score += 0.1;
    if (!g.get('party')?.length) feedback.push({ messageId: 'no-parties' });
    if (!g.get('position')?.length) feedback.push({ messageId: 'no-positions' });
    if (!g.get('measurable')?.length) feedback.push({ messageId: 'not-measurable' });
    if (!g.get('resolution')?.length) feedback.push({ messageId: 'no-resolution' });
    if (!g.get('validation')?.length) feedback.push({ messageId: 'no-validation' });
    const cap = stuffingCap(all, info);
    return { score: Math.min(1, score, cap.cap), evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
