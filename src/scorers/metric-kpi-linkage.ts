import { z } from 'zod';
import type { AnswerDocument } from '../document/analyze.js';
import type { LexiconMatch } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { creditable, diminishing, evidence, stuffing, stuffingCap } from './shared.js';

const DIRECTION = /^(reduc|cut|lift|increas|drop|fell|fall|rise|rose|rais|lower|fewer|more|less|higher|improv|grow|grew|declin|halv|doubl|shrink|shrank|boost|save|saved|sav|prevent|avoid)/;
const ANAPHOR = new Set(['this', 'that', 'which', 'it', 'these', 'those', 'so', "that's", "it's", 'each', 'every', 'then']);

export const options = z.strictObject({
  /** Sentences apart that a metric and a KPI may be and still count as linked (via "this"/"which"). */
  window: z.number().int().min(0).max(3).default(2),
  /** Credit for a metric and a KPI that merely co-occur (0..1). */
  cooccurrenceCredit: z.number().min(0).max(1).default(0.2),
});
type Options = z.infer<typeof options>;

interface Link {
  metric: LexiconMatch;
  kpi: LexiconMatch;
  link: LexiconMatch;
  strength: number;
  direction: boolean;
  number: boolean;
}

function hasDirection(doc: AnswerDocument, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (DIRECTION.test(doc.tokens[k].stem)) return true;
  return false;
}

function hasNumber(doc: AnswerDocument, sentences: Set<number>): boolean {
  return doc.numbers.some((n) => n.unit !== 'year' && sentences.has(doc.tokens[n.token].sentence));
}

/** First token of a sentence refers back ("This cuts...", "Which means..."). */
function refersBack(doc: AnswerDocument, sentence: number): boolean {
  const s = doc.sentences[sentence];
  for (let k = s.tokenStart; k < Math.min(s.tokenEnd, s.tokenStart + 6); k++) if (ANAPHOR.has(doc.tokens[k].lower)) return true;
  return false;
}

export default defineScorer({
  id: 'metric-kpi-linkage',
  description:
    'Credits a model metric joined to a user or business KPI by a linking construction ("a 2-point gain in recall cuts fraud losses"), within a clause or across adjacent sentences; more for a direction and a number. Co-occurrence alone earns little.',
  options,
  messages: {
    'no-model-metric': 'Name the model metric you would watch (precision at the shipped threshold, recall, latency, hallucination rate...).',
    'no-kpi': 'Say which user behaviour or business number the model should move (churn, conversion, handle time, fraud losses...).',
    'not-linked': 'You mention {metric} and {kpi} but never say how one moves the other: link them ("a 2-point gain in recall cuts fraud losses by...").',
    'no-direction-or-number': 'Quantify the link: which direction, and by how much.',
    'negated-link': 'The link is stated only as something that was not done or not measured.',
    'user-to-business-only': 'You tie user behaviour to a business number; also say which model metric drives that behaviour.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const metricsAll = ctx.lexicons.get('model-metrics').match(doc);
    const kpisAll = ctx.lexicons.get('kpis').match(doc);
    const linksAll = ctx.lexicons.get('linking').match(doc);
    const metrics = creditable(metricsAll, info);
    const kpis = creditable(kpisAll, info);
    const links = creditable(linksAll, info);
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];

    const bySentence = <T extends { sentence: number }>(xs: T[]) => {
      const m = new Map<number, T[]>();
      for (const x of xs) m.set(x.sentence, [...(m.get(x.sentence) ?? []), x]);
      return m;
    };
    const linksBy = bySentence(links);
    const found: Link[] = [];

    const tryPair = (a: LexiconMatch, b: LexiconMatch, base: number) => {
      const s0 = Math.min(a.sentence, b.sentence);
      const s1 = Math.max(a.sentence, b.sentence);
      if (s1 - s0 > opts.window) return;
      let best: LexiconMatch | null = null;
      if (s0 === s1) {
        // Same sentence: a link between the two, or a causal opener before both ("because", "so that").
        const lo = Math.min(a.tokenStart, b.tokenStart);
        const hi = Math.max(a.tokenEnd, b.tokenEnd);
        for (const l of linksBy.get(s0) ?? []) {
          if (l.tokenStart >= lo && l.tokenEnd <= hi && !(l.tokenStart >= a.tokenStart && l.tokenEnd <= a.tokenEnd) && !(l.tokenStart >= b.tokenStart && l.tokenEnd <= b.tokenEnd)) best = l;
        }
        if (!best) for (const l of linksBy.get(s0) ?? []) if (l.tokenEnd <= lo && l.group !== 'value' && lo - l.tokenEnd <= 8) best = l;
      } else {
        // Across sentences: the later one refers back and carries the link ("This cuts churn...").
        for (let s = s0 + 1; s <= s1 && !best; s++) {
          if (!refersBack(doc, s)) continue;
          for (const l of linksBy.get(s) ?? []) best = best ?? l;
        }
      }
      if (!best) return;
      const sentences = new Set<number>();
      for (let s = s0; s <= s1; s++) sentences.add(s);
      const lo = doc.sentences[s0].tokenStart;
      const hi = doc.sentences[s1].tokenEnd;
      const direction = hasDirection(doc, lo, hi);
      const number = hasNumber(doc, sentences);
      const distance = s1 - s0;
      let strength = base * (distance === 0 ? 1 : distance === 1 ? 0.85 : 0.7);
      strength *= Math.min(a.weight, b.weight) < 1 ? 0.8 : 1;
      strength = Math.min(1, strength + (direction ? 0.12 : 0) + (number ? 0.18 : 0));
      found.push({ metric: a, kpi: b, link: best, strength, direction, number });
    };

    for (const m of metrics) for (const k of kpis) tryPair(m, k, 0.7);
    // User behaviour tied to a business number is half the chain.
    const users = kpis.filter((k) => k.group === 'user');
    const biz = kpis.filter((k) => k.group === 'business');
    for (const u of users) for (const b of biz) if (u.entry !== b.entry) tryPair(u, b, 0.45);

    // Distinct links: one per (metric concept, kpi concept).
    const byKey = new Map<string, Link>();
    for (const l of found) {
      const key = `${l.metric.entry}|${l.kpi.entry}`;
      const prev = byKey.get(key);
      if (!prev || prev.strength < l.strength) byKey.set(key, l);
    }
    const distinct = [...byKey.values()].sort((x, y) => y.strength - x.strength || x.metric.tokenStart - y.metric.tokenStart);
    for (const l of distinct.slice(0, 4)) {
      ev.push(evidence(l.metric, l.metric.lexicon === 'kpis' ? 'user-behaviour' : 'model-metric'), evidence(l.link, 'linking-construction'), evidence(l.kpi, 'kpi'));
    }
    let score = diminishing(distinct.map((l) => l.strength), 0.95);

    const hasMetric = metrics.length > 0;
    const hasKpi = kpis.length > 0;
    const fullChain = distinct.some((l) => l.metric.lexicon === 'model-metrics');
    if (!distinct.length && hasMetric && hasKpi) {
      score = opts.cooccurrenceCredit;
      ev.push(evidence(metrics[0], 'model-metric'), evidence(kpis[0], 'kpi'));
      feedback.push({ messageId: 'not-linked', data: { metric: metrics[0].text, kpi: kpis[0].text }, span: metrics[0].span });
    } else if (!distinct.length) {
      score = hasMetric || hasKpi ? opts.cooccurrenceCredit / 2 : 0;
      if (hasMetric) ev.push(evidence(metrics[0], 'model-metric'));
      if (hasKpi) ev.push(evidence(kpis[0], 'kpi'));
    }
    if (!hasMetric) feedback.push({ messageId: 'no-model-metric' });
    if (!hasKpi) feedback.push({ messageId: 'no-kpi' });
    if (distinct.length && !fullChain) feedback.push({ messageId: 'user-to-business-only' });
    if (distinct.length && !distinct.some((l) => l.direction || l.number)) feedback.push({ messageId: 'no-direction-or-number' });
    const negatedMentions = [...metricsAll, ...kpisAll].filter((m) => m.negated);
    if (negatedMentions.length && !distinct.length) {
      for (const m of negatedMentions.slice(0, 3)) ev.push(evidence(m, m.lexicon === 'kpis' ? 'kpi' : 'model-metric'));
      feedback.push({ messageId: 'negated-link', span: negatedMentions[0].span });
    }
    const cap = stuffingCap([...metricsAll, ...kpisAll], info);
    score = Math.min(score, cap.cap);
    return { score, evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
