import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { creditable, evidence, groupBy, POSITION_VERB, quantitiesBySentence, ROLE_STEM, sentenceText, stuffing, stuffingCap } from './shared.js';

const MEASURE = /\b(measur|rate|data|showed|shows|fell|rose|dropped|percent|metric|audit|compar)/;

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
    const parties = [...(g.get('party') ?? [])];
    const positions = [...(g.get('position') ?? [])];
    // People named by role count as parties ("our perception lead, Lena", "the VP of sales"), and a
    // role or party followed by a verb of stating a position gives that side's case ("the ML lead
    // argued...", "Support worried...").
    for (const t of doc.tokens) {
      if (!ROLE_STEM.test(t.stem) || t.negation >= 0 || info.stuffed[t.i]) continue;
      if (parties.some((p) => p.tokenStart <= t.i && t.i < p.tokenEnd)) continue;
      const span = { start: t.start, end: t.end };
      parties.push({ lexicon: 'stakeholders', entry: `role:${t.stem}`, group: 'party', tags: [], weight: 1, tokenStart: t.i, tokenEnd: t.i + 1, span, text: doc.text.slice(t.start, t.end), negated: false, sentence: t.sentence, clause: t.clause });
    }
    for (const p of parties) {
      for (let k = p.tokenEnd; k < Math.min(doc.tokens.length, p.tokenEnd + 4); k++) {
        const t = doc.tokens[k];
        if (t.sentence !== p.sentence) break;
        if (!POSITION_VERB.test(t.stem) || positions.some((q) => q.tokenStart === k)) continue;
        positions.push({ lexicon: 'stakeholders', entry: 'states-position', group: 'position', tags: [], weight: 1, tokenStart: k, tokenEnd: k + 1, span: { start: t.start, end: t.end }, text: doc.text.slice(t.start, t.end), negated: false, sentence: t.sentence, clause: t.clause });
        break;
      }
    }
    const resolution = g.get('resolution') ?? [];
    const validation = g.get('validation') ?? [];
    const measurable = g.get('measurable') ?? [];
    const distinctParties = new Set(parties.map((m) => m.entry));
    // Each side's case: a party with a position stated in the same sentence ("Legal worried that...").
    const sided = new Set<string>();
    for (const p of parties) if (positions.some((q) => q.sentence === p.sentence || (q.sentence === p.sentence + 1 && q.tokenStart - doc.sentences[q.sentence].tokenStart < 4))) sided.add(p.entry);
    const { all: quantities } = quantitiesBySentence(doc);
    const nearNumber = (sentence: number) => quantities.has(sentence) || quantities.has(sentence + 1);
    // A resolution made measurable: an agreed metric or bar, or numbers at the resolution.
    const madeMeasurable = measurable.length > 0 || resolution.some((m) => nearNumber(m.sentence));
    // Validation counts fully when it reports a measurement, not just "afterwards".
    const measuredValidation = validation.some((m) => nearNumber(m.sentence) || MEASURE.test(sentenceText(doc, m.sentence)));
    let score =
      0.1 * Math.min(1, distinctParties.size / opts.partiesForFull) +
      0.25 * Math.min(1, sided.size / 2) +
      0.2 * (madeMeasurable ? 1 : 0) +
      0.2 * (resolution.length ? 1 : 0) +
      0.25 * (measuredValidation ? 1 : validation.length ? 0.4 : 0);
    for (const m of parties.slice(0, 2)) ev.push(evidence(m, 'party'));
    for (const m of positions.slice(0, 2)) ev.push(evidence(m, 'position'));
    if (measurable.length) ev.push(evidence(measurable[0], 'made-measurable'));
    if (resolution.length) ev.push(evidence(resolution[0], 'resolution'));
    if (validation.length) ev.push(evidence(validation[0], 'validation'));
    const push = g.get('pushback') ?? [];
    if (push.length) {
      ev.push(evidence(push[0], 'pushback'));
      if (resolution.length) score += 0.05;
    }
    if (!g.get('party')?.length) feedback.push({ messageId: 'no-parties' });
    if (!g.get('position')?.length) feedback.push({ messageId: 'no-positions' });
    if (!madeMeasurable) feedback.push({ messageId: 'not-measurable' });
    if (!g.get('resolution')?.length) feedback.push({ messageId: 'no-resolution' });
    if (!g.get('validation')?.length) feedback.push({ messageId: 'no-validation' });
    const cap = stuffingCap(all, info);
    return { score: Math.min(1, score, cap.cap), evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
