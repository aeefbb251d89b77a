import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import type { LexiconMatch } from '../lexicons/index.js';
import { constructions } from './constructions.js';
import { creditable, evidence, groupBy, stuffing, stuffingCap } from './shared.js';

export const options = z.strictObject({
  /** Highest score an answer that never makes the call can reach. */
  noDecisionCap: z.number().min(0).max(1).default(0.3),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'prioritization',
  description:
    'Credits a prioritization reasoned to the end: a decision among the options, the options put on a common scale, what is given up, and what evidence would reverse the decision.',
  options,
  messages: {
    'no-decision': 'Make the call: which option goes first, and which waits.',
    'no-common-scale': 'Put the options on one scale (expected revenue, users affected, cost of delay per week...).',
    'no-giveup': 'Say what you give up or defer by choosing this.',
    'no-reversal': 'Say what evidence would make you reverse the call.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const all = ctx.lexicons.get('prioritization').match(doc);
    const g = groupBy(creditable(all, info), (m) => m.group ?? '');
    const contrast = creditable(ctx.lexicons.get('contrast').match(doc), info);
    const decisions: { span: LexiconMatch['span']; text: string }[] = [
      ...(g.get('decision') ?? []),
      ...contrast.filter((m) => m.group === 'decision'),
      ...constructions(doc).filter((c) => c.kind === 'decision' && !c.negated && !info.stuffed[c.tokenStart]),
    ];
    const scale = g.get('scale') ?? [];
    const giveup = [...(g.get('giveup') ?? []), ...contrast.filter((m) => m.entry === 'give-up' || m.entry === 'at-the-cost-of')];
    const reversal = g.get('reversal') ?? [];
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    // The common scale is stronger when numbers sit with it (dollars, users, weeks).
    const scaleWithNumbers = scale.some((m) => doc.numbers.some((n) => Math.abs(doc.tokens[n.token].sentence - m.sentence) <= 1));
    let score = (decisions.length ? 0.35 : 0) + (scale.length ? (scaleWithNumbers ? 0.25 : 0.15) : 0) + (giveup.length ? 0.2 : 0) + (reversal.length ? 0.2 : 0);
    if (decisions.length) ev.push({ span: decisions[0].span, text: decisions[0].text, signal: 'decision' });
    if (scale.length) ev.push(evidence(scale[0], 'common-scale'));
    if (giveup.length) ev.push(evidence(giveup[0], 'given-up'));
    if (reversal.length) ev.push(evidence(reversal[0], 'reversal-condition'));
    if (!decisions.length) {
      score = Math.min(score, opts.noDecisionCap);
      feedback.push({ messageId: 'no-decision' });
    }
    if (!scale.length) feedback.push({ messageId: 'no-common-scale' });
    if (!giveup.length) feedback.push({ messageId: 'no-giveup' });
    if (!reversal.length) feedback.push({ messageId: 'no-reversal' });
    const cap = stuffingCap(all, info);
    return { score: Math.min(1, score, cap.cap), evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
