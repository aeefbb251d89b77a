import { z } from 'zod';
import type { LexiconMatch } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { constructions } from './constructions.js';
import { creditable, diminishing, evidence, stuffing, stuffingCap } from './shared.js';

export const options = z.strictObject({
  /** Sentences either side of the contrast in which the decision and rationale may stand. */
  window: z.number().int().min(0).max(3).default(1),
});
type Options = z.infer<typeof options>;

const FIRST_PERSON = new Set(['i', 'we', "i'd", "we'd", "i'll", "we'll", "i'm", "we're", 'my', 'our']);
const BENEFIT = new Set(['for', 'to', 'so']);
const STAKES = /^(cost|risk|speed|fast|slow|time|delay|revenu|user|custom|patient|peopl|qualiti|scope|week|month|dollar|monei|safe|harm|trust|error|mistak|wrong|miss|friction|complaint|deadlin|launch|ship|engin|budget|churn|convers|retent|sale|lose|lost|gain|benefit|downsid|upsid|fairness|bia|privaci|legal|regul|complianc|worker|staff|clinician|agent)$/;
const STOP = new Set(['the', 'a', 'an', 'to', 'of', 'and', 'or', 'we', 'i', 'it', 'is', 'be', 'that', 'this', 'in', 'on', 'for', 'with', 'some', 'more', 'less', 'so', 'but']);

interface Instance {
  marker: LexiconMatch;
  decision?: LexiconMatch;
  rationale?: LexiconMatch;
  strength: number;
}

export default defineScorer({
  id: 'tradeoff',
  description:
    'Credits a trade-off reasoned out: both sides of a tension named, a decision, and its rationale ("not X, but Y", "X at the cost of Y", "accept ... in exchange for ...", "even if"). A bare "there are trade-offs" earns little.',
  options,
  messages: {
    'no-tradeoff': 'Name a tension explicitly: what you gain, what it costs, and which side you took.',
    'bare-tradeoff': 'You say there is a trade-off but not between what and what, or which way you went.',
    'no-decision': 'Make the call: say which side of the trade-off you chose.',
    'no-rationale': 'Give the why behind the call (because..., since the cost of a miss is...).',
    'one-sided': 'Only one side of the trade-off is named; say what you give up for it.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const all = ctx.lexicons.get('contrast').match(doc);
    const ms = creditable(all, info);
    const linking = creditable(ctx.lexicons.get('linking').match(doc), info).filter((m) => m.entry === 'because' || m.entry === 'so-that' || m.group === 'value');
    const markers = ms.filter((m) => m.group === 'contrast' || m.group === 'concession');
    const terms = ms.filter((m) => m.group === 'tradeoff-term');
    const decisions = [
      ...ms.filter((m) => m.group === 'decision'),
      ...constructions(doc)
        .filter((c) => c.kind === 'decision' && !c.negated && !info.stuffed[c.tokenStart])
        .map((c) => ({ ...all[0], lexicon: 'constructions', entry: 'decision', group: 'decision', tags: [], weight: 1, tokenStart: c.tokenStart, tokenEnd: c.tokenEnd, span: c.span, text: c.text, negated: false, sentence: c.sentence, clause: doc.tokens[c.tokenStart].clause }) as LexiconMatch),
    ];
    const rationales = [...ms.filter((m) => m.group === 'rationale'), ...linking];
    const near = (xs: LexiconMatch[], s: number) => xs.filter((x) => Math.abs(x.sentence - s) <= opts.window);
    const content = (a: number, b: number) => {
      let n = 0;
      for (let k = a; k < b; k++) if (!STOP.has(doc.tokens[k].lower) && doc.tokens[k].lower.length > 2) n++;
      return n;
    };
    const stakeSentences = new Set<number>();
    for (const lex of ['model-metrics', 'kpis']) for (const x of creditable(ctx.lexicons.get(lex).match(doc), info)) stakeSentences.add(x.sentence);
    for (const t of doc.tokens) if (STAKES.test(t.stem)) stakeSentences.add(t.sentence);
    const stakeTokens = new Uint8Array(doc.tokens.length);
    for (const lex of ['model-metrics', 'kpis']) for (const x of creditable(ctx.lexicons.get(lex).match(doc), info)) for (let k = x.tokenStart; k < x.tokenEnd; k++) stakeTokens[k] = 1;
    for (const t of doc.tokens) if (STAKES.test(t.stem) || t.kind === 'number') stakeTokens[t.i] = 1;
    const stakesIn = (a: number, b: number, orSentence: number) => {
      for (let k = a; k < b; k++) if (stakeTokens[k]) return true;
      if (a === b || b - a <= 1) return orSentence >= 0 && stakeSentences.has(orSentence);
      return false;
    };
    const stakesNear = (sentence: number) => stakeSentences.has(sentence) || stakeSentences.has(sentence - 1) || stakeSentences.has(sentence + 1);
    const firstPersonNear = (at: number) => {
      for (let k = Math.max(0, at - 4); k < at; k++) if (FIRST_PERSON.has(doc.tokens[k].lower)) return true;
      return false;
    };
    const instances: Instance[] = [];
    let oneSided = false;
    for (const m of markers) {
      const s = doc.sentences[m.sentence];
      const before = content(s.tokenStart, m.tokenStart);
      const after = content(m.tokenEnd, s.tokenEnd);
      // Both sides: words on each side of the marker, or the previous sentence as the first side.
      const prevSide = m.tokenStart - s.tokenStart <= 1 && m.sentence > 0;
      const twoSided = (before >= 2 || prevSide) && after >= 2;
      if (!twoSided) {
        oneSided = true;
        continue;
      }
      // A concession in the candidate's own voice ("I'll give up some accept rate for...", "we
      // accepted lower precision") is itself the decision.
      const own = firstPersonNear(m.tokenStart);
      const decision = near(decisions, m.sentence)[0] ?? (own && m.group === 'concession' ? m : undefined);
      let rationale = near(rationales, m.sentence).find((r) => r.tokenStart !== m.tokenStart);
      // "give up X for Y" / "accept X to get Y": the benefit clause is the reason.
      if (!rationale && m.group === 'concession') {
        for (let k = m.tokenEnd; k < s.tokenEnd; k++) if (BENEFIT.has(doc.tokens[k].lower)) rationale = m;
      }
      const choice = m.group === 'concession' || m.entry === 'rather-than' || m.entry === 'chose-over';
      const base = m.group === 'concession' ? 0.5 : choice ? 0.45 : 0.3 * m.weight;
      let strength = base + (decision && decision !== m ? 0.2 : decision ? 0.15 : 0) + (rationale ? 0.3 : 0);
      // A contrast with no decision and no reason is only a description ("it's fast but costly").
      if (!decision && !rationale) strength = Math.min(strength, choice ? 0.35 : 0.2);
      // A product trade-off puts something at stake on a side: a metric, a user or business
      // outcome, cost, time, risk. "Ratios rather than absolute levels" is a modelling choice.
      if (!stakesNear(m.sentence)) strength = Math.min(strength, 0.3);
      // Both sides must carry something at stake ("ship fast, but ship something broken"): a hedge
      // such as "although I'm not sure why" has nothing on its far side.
      if (!stakesIn(s.tokenStart, m.tokenStart, m.sentence > 0 ? m.sentence - 1 : -1) || !stakesIn(m.tokenEnd, s.tokenEnd, -1)) strength = Math.min(strength, 0.3);
      // Without a decision there is a description of a tension, not a trade-off made.
      if (!decision) strength = Math.min(strength, 0.35);
      instances.push({ marker: m, decision, rationale, strength });
    }
    for (const t of terms) {
      const decision = near(decisions, t.sentence)[0];
      const rationale = near(rationales, t.sentence)[0];
      const strength = 0.15 + (decision ? 0.2 : 0) + (rationale ? 0.15 : 0);
      instances.push({ marker: t, decision, rationale, strength });
    }
    // One instance per sentence: the strongest.
    const bySentence = new Map<number, Instance>();
    for (const i of instances) {
      const prev = bySentence.get(i.marker.sentence);
      if (!prev || prev.strength < i.strength) bySentence.set(i.marker.sentence, i);
    }
    const best = [...bySentence.values()].sort((a, b) => b.strength - a.strength);
    const ev: Evidence[] = [];
    for (const i of best.slice(0, 3)) {
      ev.push(evidence(i.marker, i.marker.group === 'tradeoff-term' ? 'tradeoff-term' : 'contrast'));
      if (i.decision) ev.push(evidence(i.decision, 'decision'));
      if (i.rationale) ev.push(evidence(i.rationale, 'rationale'));
    }
    for (const n of all.filter((m) => m.negated && m.group === 'decision').slice(0, 2)) ev.push(evidence(n, 'decision'));
    const feedback: RawFinding[] = [];
    const top = best[0];
    if (!top) feedback.push({ messageId: oneSided ? 'one-sided' : 'no-tradeoff' });
    else {
      if (top.marker.group === 'tradeoff-term' && top.strength < 0.4) feedback.push({ messageId: 'bare-tradeoff', span: top.marker.span });
      if (!top.decision) feedback.push({ messageId: 'no-decision' });
      if (!top.rationale) feedback.push({ messageId: 'no-rationale' });
    }
    // A second reasoned trade-off adds a little; repeats of the same pattern add nothing more.
    let score = diminishing(best.map((i) => i.strength), 1.1);
    const cap = stuffingCap(all, info);
    score = Math.min(score, cap.cap);
    return { score, evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
