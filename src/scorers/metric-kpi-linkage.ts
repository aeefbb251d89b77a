import { z } from 'zod';
import type { AnswerDocument } from '../document/analyze.js';
import type { LexiconMatch } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { asMatch, constructions } from './constructions.js';
import { creditable, diminishing, evidence, quantitiesBySentence, stuffing, stuffingCap } from './shared.js';

const DIRECTION = /^(reduc|cut|lift|increas|drop|fell|fall|rise|rose|rais|lower|fewer|more|less|higher|improv|grow|grew|declin|halv|doubl|shrink|shrank|boost|save|saved|sav|prevent|avoid)/;
// Words for what people do with the feature ("do people accept them", "act on an alert").
const BEHAVIOUR = new Set(['behaviour', 'behavior', 'accept', 'ignor', 'adopt', 'click', 'mute', 'act', 'engag', 'return', 'cancel', 'trust', 'rely', 'overrid', 'complain', 'edit', 'abandon', 'retri', 'reveal', 'block', 'report']);
const LAYER_LABEL: Record<string, string> = { model: 'model', behaviour: 'user', behavior: 'user', user: 'user', usag: 'user', busi: 'business', outcom: 'business', impact: 'business', revenu: 'business' };
const TARGET_OF = /^(model|predict|predictor|classifi|score|propens|detector|detect|label|featur)$/;
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

/** Per-answer lookups built once: direction words as prefix counts, sentences with a number. */
function linkIndex(doc: AnswerDocument) {
  const directionPrefix = new Int32Array(doc.tokens.length + 1);
  for (let k = 0; k < doc.tokens.length; k++) directionPrefix[k + 1] = directionPrefix[k] + (DIRECTION.test(doc.tokens[k].stem) ? 1 : 0);
  const numberSentences = new Set(quantitiesBySentence(doc).all.keys());
  return {
    numberSentences,
    hasDirection: (a: number, b: number) => directionPrefix[b] - directionPrefix[a] > 0,
    hasNumber: (sentences: Iterable<number>) => {
      for (const s of sentences) if (numberSentences.has(s)) return true;
      return false;
    },
  };
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
    const { hasDirection, hasNumber, numberSentences } = linkIndex(doc);
    const metricsAll = ctx.lexicons.get('model-metrics').match(doc);
    const kpisAll = ctx.lexicons.get('kpis').match(doc);
    const linksAll = ctx.lexicons.get('linking').match(doc);
    // Evaluation artefacts ("labelled set", "annotators") are not metrics; "model quality" is.
    const metrics = creditable(metricsAll, info).filter((m) => m.group !== 'evaluation' || m.entry === 'model-quality');
    // A measured error rate in plain words is a model metric ("8% of its answers are wrong"), and
    // so is the quality of the output as people meet it ("how many drafts people keep").
    for (const c of constructions(doc)) {
      if ((c.kind !== 'error-measure' && c.kind !== 'output-quality') || c.negated || info.stuffed[c.tokenStart]) continue;
      if (metrics.some((m) => m.sentence === c.sentence)) continue;
      const m = asMatch(c, doc, 'classification');
      if (c.kind === 'output-quality') m.weight = 0.85;
      metrics.push(m);
    }
    // A KPI that names the model's target ("churn model", "fraud score", "conversion prediction")
    // is part of the model, not an outcome it moves.
    const kpis = creditable(kpisAll, info).filter((k) => !TARGET_OF.test(doc.tokens[k.tokenEnd]?.stem ?? ''));
    // Outcomes said in plain words count as KPIs: "orders per visitor", "fell from 19 days to 8".
    const metricTokens = new Set<number>();
    for (const m of metricsAll) for (let k = m.tokenStart; k < m.tokenEnd; k++) metricTokens.add(k);
    for (const c of constructions(doc)) {
      if ((c.kind !== 'ratio-outcome' && c.kind !== 'quantified-change' && c.kind !== 'people-outcome') || c.negated || info.stuffed[c.tokenStart]) continue;
      let overlaps = false;
      for (let k = c.tokenStart; k < c.tokenEnd; k++) if (metricTokens.has(k)) overlaps = true;
      if (overlaps || kpis.some((k) => k.sentence === c.sentence)) continue;
      kpis.push({ lexicon: 'kpis', entry: c.kind, group: c.kind === 'people-outcome' ? 'user' : 'business', tags: [], weight: 0.85, tokenStart: c.tokenStart, tokenEnd: c.tokenEnd, span: c.span, text: c.text, negated: false, sentence: c.sentence, clause: doc.tokens[c.tokenStart].clause });
    }
    const links = creditable(linksAll, info);
    const hasMetric = metrics.length > 0;
    const hasKpi = kpis.length > 0;
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];

    const bySentence = <T extends { sentence: number }>(xs: T[]) => {
      const m = new Map<number, T[]>();
      for (const x of xs) {
        const arr = m.get(x.sentence);
        if (arr) arr.push(x);
        else m.set(x.sentence, [x]);
      }
      return m;
    };
    const linksBy = bySentence(links);
    const found: Link[] = [];

    // Two mentions may be linked across sentences only inside one paragraph or one list.
    const sameBlock = (s0: number, s1: number) => {
      const a = doc.sentences[s0];
      const b = doc.sentences[s1];
      return a.paragraph === b.paragraph;
    };
    const tryPair = (a: LexiconMatch, b: LexiconMatch, base: number) => {
      const s0 = Math.min(a.sentence, b.sentence);
      const s1 = Math.max(a.sentence, b.sentence);
      if (s1 - s0 > opts.window || (s1 > s0 && !sameBlock(s0, s1))) return;
      const inside = (l: LexiconMatch) => (l.tokenStart >= a.tokenStart && l.tokenEnd <= a.tokenEnd) || (l.tokenStart >= b.tokenStart && l.tokenEnd <= b.tokenEnd);
      let best: LexiconMatch | null = null;
      let factor = 1;
      if (s0 === s1) {
        // Same sentence: a link between the two, or a causal opener before both ("because", "so that").
        const lo = Math.min(a.tokenStart, b.tokenStart);
        const hi = Math.max(a.tokenEnd, b.tokenEnd);
        for (const l of linksBy.get(s0) ?? []) if (l.tokenStart >= lo && l.tokenEnd <= hi && !inside(l)) best = l;
        if (!best) for (const l of linksBy.get(s0) ?? []) if (l.tokenEnd <= lo && l.group !== 'value' && lo - l.tokenEnd <= 8) best = l;
      } else {
        // Across sentences: a link in the later sentences ("This cuts churn...", "...which is worth $180").
        for (let s = s0 + 1; s <= s1 && !best; s++) for (const l of linksBy.get(s) ?? []) if (!inside(l)) best = best ?? l;
        factor = (s1 - s0 === 1 ? 0.8 : 0.65) + (refersBack(doc, s1) ? 0.1 : 0);
      }
      if (!best) return;
      const sentences = new Set<number>();
      for (let s = s0; s <= s1; s++) sentences.add(s);
      const lo = doc.sentences[s0].tokenStart;
      const hi = doc.sentences[s1].tokenEnd;
      const direction = hasDirection(lo, hi);
      const number = hasNumber(sentences);
      let strength = base * factor;
      strength *= Math.min(a.weight, b.weight) < 1 ? 0.8 : 1;
      strength = Math.min(1, strength + (direction ? 0.12 : 0) + (number ? 0.18 : 0));
      found.push({ metric: a, kpi: b, link: best, strength, direction, number });
    };

    // Pairs are only tried within the window, through a sentence index: an answer with thousands
    // of mentions stays linear.
    const kpisBy = bySentence(kpis);
    const pairWithin = (xs: LexiconMatch[], pick: (k: LexiconMatch) => boolean, base: number, same: (a: LexiconMatch, b: LexiconMatch) => boolean = () => false) => {
      for (const m of xs) {
        for (let s = m.sentence - opts.window; s <= m.sentence + opts.window; s++) {
          const ks = kpisBy.get(s);
          if (!ks) continue;
          for (let n = 0; n < ks.length && n < 8; n++) if (pick(ks[n]) && !same(m, ks[n])) tryPair(m, ks[n], base);
        }
      }
    };
    pairWithin(metrics.slice(0, 200), () => true, 0.7);
    // User behaviour tied to a business number is half the chain.
    const users = kpis.filter((k) => k.group === 'user');
    const biz = kpis.filter((k) => k.group === 'business');
    pairWithin(users.slice(0, 200), (k) => k.group === 'business', 0.45, (u, b) => u.entry === b.entry);

    // Vague outcomes ("usage", "engagement") make weak links.
    for (const l of found) if (l.kpi.weight < 0.8) l.strength *= 0.6;
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

    // The chain told as a narrative rather than in one sentence. (1) Layers in order within a few
    // sentences: model quality, then what people do, then a business number ("Three layers: is the
    // model good... does it change what people do... does it move retention?"). (2) A model metric
    // and a quantified outcome ("returns fell from 11.8% to 9.9% of orders") in the same answer.
    // Per sentence, per layer, the first and last token where the layer is mentioned: within one
    // sentence the layers must come in order ("the model's accuracy, whether users act on it, and a
    // business metric").
    const layer = new Map<number, Map<string, { min: number; max: number }>>();
    const mark = (sentence: number, l: string, pos: number) => {
      let m = layer.get(sentence);
      if (!m) layer.set(sentence, (m = new Map()));
      const r = m.get(l);
      if (!r) m.set(l, { min: pos, max: pos });
      else {
        r.min = Math.min(r.min, pos);
        r.max = Math.max(r.max, pos);
      }
    };
    for (const m of metrics) mark(m.sentence, 'model', m.tokenStart);
    // Layers need real outcome mentions; vague usage counts ("usage", "engagement") do not make
    // the user layer on their own.
    for (const k of kpis) {
      if (k.entry === 'ratio-outcome' || k.entry === 'people-outcome') mark(k.sentence, 'user', k.tokenStart);
      else if (k.weight >= 1) mark(k.sentence, k.group === 'user' ? 'user' : 'business', k.tokenStart);
    }
    // Labelled layers ("- Model: precision...", "- Behaviour: ...", "- Business: retention").
    for (const sent of doc.sentences) {
      const first = doc.tokens[sent.tokenStart];
      if (!first || sent.tokenEnd - sent.tokenStart < 3) continue;
      const gap = doc.normalized.slice(first.ne, doc.tokens[sent.tokenStart + 1].ns);
      if (!/[:.]/.test(gap)) continue;
      const l = Object.hasOwn(LAYER_LABEL, first.stem) ? LAYER_LABEL[first.stem] : undefined;
      if (l) mark(sent.index, l, sent.tokenStart);
    }
    const inMetric = new Uint8Array(doc.tokens.length);
    for (const m of metricsAll) for (let k = m.tokenStart; k < m.tokenEnd; k++) inMetric[k] = 1;
    for (const t of doc.tokens) {
      if (t.negation >= 0 || inMetric[t.i]) continue;
      if (BEHAVIOUR.has(t.stem) && /^(peopl|user|custom|patient|shopper|student|agent|recruit|manag|advertis|merchant|nurs|clinician|driver|staff|they)$/.test(doc.tokens[t.i - 1]?.stem ?? doc.tokens[t.i - 2]?.stem ?? '')) mark(t.sentence, 'user', t.i);
      else if (t.lower === 'business' && /^(number|metric|outcom|kpi|result|valu|impact|goal)/.test(doc.tokens[t.i + 1]?.stem ?? '')) mark(t.sentence, 'business', t.i);
    }
    let narrative = 0;
    let narrativeSpan: { a: number; b: number } | null = null;
    const order = [...layer.keys()].sort((a, b) => a - b);
    // Is some mention of layer `x` in sentence `a` before some mention of layer `y` in sentence `b`?
    const before = (a: number, x: string, b: number, y: string) => {
      const p = layer.get(a)?.get(x);
      const q = layer.get(b)?.get(y);
      return !!p && !!q && (a < b || (a === b && p.min < q.max));
    };
    for (const i of order) {
      if (!layer.get(i)!.has('model')) continue;
      for (let j = i; j <= i + 5; j++) {
        if (!before(i, 'model', j, 'user')) continue;
        for (let k = j; k <= i + 6; k++) {
          if (!before(j, 'user', k, 'business')) continue;
          let num = false;
          for (let x = i; x <= k; x++) if (numberSentences.has(x)) num = true;
          const v = 0.62 + (num ? 0.15 : 0);
          if (v > narrative && hasMetric) {
            narrative = v;
            narrativeSpan = { a: i, b: k };
          }
        }
      }
    }
    const quantified = kpis.find((k) => numberSentences.has(k.sentence) && hasDirection(doc.sentences[k.sentence].tokenStart, doc.sentences[k.sentence].tokenEnd));
    if (hasMetric && quantified) {
      const v = 0.45 + (quantified.group === 'business' ? 0.1 : 0);
      if (v > narrative) {
        narrative = v;
        narrativeSpan = null;
        ev.push(evidence(metrics[0], 'model-metric'), evidence(quantified, 'quantified-outcome'));
      }
    }
    if (narrativeSpan) {
      const first = doc.sentences[narrativeSpan.a];
      const last = doc.sentences[narrativeSpan.b];
      ev.push({ span: first.span, text: '', signal: 'layered-chain' }, { span: last.span, text: '', signal: 'layered-chain' });
    }
    if (narrative > score) score = narrative;

    const fullChain = distinct.some((l) => l.metric.lexicon !== 'kpis') || narrative > 0;
    if (!distinct.length && !narrative && hasMetric && hasKpi) {
      score = opts.cooccurrenceCredit;
      ev.push(evidence(metrics[0], 'model-metric'), evidence(kpis[0], 'kpi'));
      feedback.push({ messageId: 'not-linked', data: { metric: metrics[0].text, kpi: kpis[0].text }, span: metrics[0].span });
    } else if (!distinct.length && !narrative) {
      score = hasMetric || hasKpi ? opts.cooccurrenceCredit / 2 : 0;
      if (hasMetric) ev.push(evidence(metrics[0], 'model-metric'));
      if (hasKpi) ev.push(evidence(kpis[0], 'kpi'));
    }
    if (!hasMetric) feedback.push({ messageId: 'no-model-metric' });
    if (!hasKpi) feedback.push({ messageId: 'no-kpi' });
    if (distinct.length && !fullChain && narrative === 0) {
      // Half the chain: user behaviour tied to a business number, with no model metric in it.
      score = Math.min(score, 0.45);
      feedback.push({ messageId: 'user-to-business-only' });
    }
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
