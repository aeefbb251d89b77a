import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import type { LexiconMatch } from '../lexicons/index.js';
import { constructions } from './constructions.js';
import { creditable, evidence, groupBy, quantitiesBySentence, stuffing, stuffingCap } from './shared.js';

const SWITCH = /^(switch|revisit|reconsid|revers|pivot|swap|replan|rethink|flip|move|shift|pull|reallocat|redirect)$/;

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
    const scale: LexiconMatch[] = [...(g.get('scale') ?? [])];
    const giveup = [...(g.get('giveup') ?? []), ...contrast.filter((m) => m.entry === 'give-up' || m.entry === 'at-the-cost-of')];
    const reversal: { span: LexiconMatch['span']; text: string; sentence: number }[] = [...(g.get('reversal') ?? [])];
    // A stop rule ("if week-4 results are not clean, it waits until January") or a conditional
    // switch ("if the pilot shows no gain, I move people back") is what would reverse the call.
    for (const c of constructions(doc)) if (c.kind === 'stop-rule' && !c.negated && !info.stuffed[c.tokenStart]) reversal.push(c);
    for (const sent of doc.sentences) {
      let cond = -1;
      for (let k = sent.tokenStart; k < sent.tokenEnd; k++) if (/^(if|unless|otherwise)$/.test(doc.tokens[k].lower)) { cond = k; break; }
      if (cond < 0) continue;
      for (let k = sent.tokenStart; k < sent.tokenEnd; k++) {
        if (!SWITCH.test(doc.tokens[k].stem) || doc.tokens[k].negation >= 0) continue;
        const a = Math.min(cond, k);
        const b = Math.max(cond, k) + 1;
        const span = doc.tokenSpan(a, b);
        reversal.push({ span, text: doc.slice(span), sentence: sent.index });
        break;
      }
    }
    // Both options priced in the same unit: numbers next to a comparison ("worth about 1% of search
    // revenue, versus maybe 0.6% for the ranker").
    if (!scale.length) {
      const compared = contrast.filter((m) => m.entry === 'versus' || m.entry === 'whereas' || m.entry === 'chose-over' || m.entry === 'rather-than');
      const { withUnit } = quantitiesBySentence(doc);
      const priced = compared.find((m) => withUnit.has(m.sentence) && (withUnit.has(m.sentence - 1) || withUnit.has(m.sentence + 1) || withUnit.get(m.sentence)! >= 2));
      if (priced) scale.push({ ...priced, group: 'scale', entry: 'priced-options' });
    }
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    // The common scale is stronger when numbers sit with it (dollars, users, weeks).
    const scaleWithNumbers = scale.some((m) => doc.numbers.some((n) => Math.abs(doc.tokens[n.token].sentence - m.sentence) <= 1));
    let score = (decisions.length ? 0.35 : 0) + (scale.length ? (scaleWithNumbers ? 0.25 : 0.15) : 0) + (giveup.length ? 0.2 : 0) + (reversal.length ? 0.2 : 0);
    if (decisions.length) ev.push({ span: decisions[0].span, text: decisions[0].text, signal: 'decision' });
    if (scale.length) ev.push(evidence(scale[0], 'common-scale'));
    if (giveup.length) ev.push(evidence(giveup[0], 'given-up'));
    if (reversal.length) ev.push({ span: reversal[0].span, text: reversal[0].text, signal: 'reversal-condition' });
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
