import { z } from 'zod';
import type { AnswerDocument } from '../document/analyze.js';
import type { LexiconMatch } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { asMatch, constructions } from './constructions.js';
import { creditable, diminishing, evidence, isContentWord, sentenceText, stuffing, stuffingCap } from './shared.js';

export const options = z.strictObject({
  /** Sentences either side of the contrast in which the decision and rationale may stand. */
  window: z.number().int().min(0).max(3).default(1),
});
type Options = z.infer<typeof options>;

const FIRST_PERSON = new Set(['i', 'we', "i'd", "we'd", "i'll", "we'll", "i'm", "we're", 'my', 'our']);
const BENEFIT = new Set(['for', 'to', 'so']);
// What a product trade-off puts at stake. Generic words ("time", "fast", "error") are left out:
// modelling choices ("chunking rather than full documents since it is faster") are not product
// trade-offs, and they fill model-only answers.
const STAKES = /^(cost|risk|revenu|user|custom|patient|peopl|scope|dollar|monei|safe|safeti|harm|trust|complaint|deadlin|launch|ship|budget|churn|convers|retent|sale|benefit|downsid|upsid|fair|fairness|bia|privaci|legal|regul|complianc|worker|staff|clinician|agent|student|teacher|nurs|driver|advertis|merchant|shopper|candid|injuri|collis|fraud|loss|revenue|promis|brand|reput|customer|deal|contract|renew|child|kid|teen|minor|applic|borrow|employe|candid|accid|incid|death|mortal)$/;
const OPTIONS = /^(option|options|altern|path|scenario)$/;
const PURPOSE = /^(to|so)$/;
const COST = /^(cost|costs|hurt|harm|lose|lost|loses|kill|sue|sued|wast|endang|injur|damag)$/;
// "I chose a wider time window over a precise wrong one": a choice verb, then "over" later on.
const CHOOSE_OVER = /^(chose|choose|choosing|pick|picked|prefer|preferred|favour|favor|favoured|favored|priorit|put|take|took|went)/;

type Kind = 'contrast' | 'concession' | 'not-but' | 'options' | 'error-costs' | 'tradeoff-term';

interface Instance {
  kind: Kind;
  marker: LexiconMatch;
  decision?: LexiconMatch;
  rationale?: LexiconMatch;
  /** A labelled trade-off ("Trade-off: X over Y") states its choice; its reason may be a colon or a purpose. */
  labelled?: { reasoned: boolean };
  strength: number;
}

/** ", not Y" / "X, not Y" / "isn't X. It's Y": contrastive negation that states a choice. */
/** A contrast marker; `entry` says its shape ("rather-than" and "chose-over" carry both sides after the marker). */
interface NotBut {
  tokenStart: number;
  tokenEnd: number;
  sentence: number;
  entry: 'not-but' | 'rather-than' | 'chose-over';
}
function notButMarkers(doc: AnswerDocument): NotBut[] {
  const out: NotBut[] = [];
  const t = doc.normalized;
  for (const tok of doc.tokens) {
    if (tok.lower !== 'not' || tok.i === 0) continue;
    const prev = doc.tokens[tok.i - 1];
    const gap = t.slice(prev.ne, tok.ns);
    const s = doc.sentences[tok.sentence];
    // "an evidence question, not a turf war": content before, a comma, then "not" and content.
    if (/,/.test(gap) && prev.sentence === tok.sentence && tok.i - s.tokenStart >= 2 && s.tokenEnd - tok.i >= 3) out.push({ tokenStart: tok.i, tokenEnd: tok.i + 1, sentence: tok.sentence, entry: 'not-but' });
  }
  for (const s of doc.sentences) {
    // "I chose a wider window over a precise wrong one": the choice and both sides in one sentence.
    for (let k = s.tokenStart; k < s.tokenEnd; k++) {
      if (!CHOOSE_OVER.test(doc.tokens[k].lower)) continue;
      let over = -1;
      for (let j = k + 2; j < Math.min(s.tokenEnd, k + 10); j++) if (doc.tokens[j].lower === 'over') { over = j; break; }
      if (over > 0 && s.tokenEnd - over >= 2) {
        out.push({ tokenStart: k, tokenEnd: k + 1, sentence: s.index, entry: 'chose-over' });
        break;
      }
    }
    // "I'd rather make someone tap once than file a cost in the wrong tax category": a preference
    // with both sides inside one sentence.
    for (let k = s.tokenStart; k < s.tokenEnd; k++) {
      if (doc.tokens[k].lower !== 'rather' || doc.tokens[k + 1]?.lower === 'than') continue;
      let than = -1;
      for (let j = k + 2; j < Math.min(s.tokenEnd, k + 16); j++) if (doc.tokens[j].lower === 'than') { than = j; break; }
      if (than > 0 && s.tokenEnd - than >= 3) out.push({ tokenStart: k, tokenEnd: k + 1, sentence: s.index, entry: 'rather-than' });
      break;
    }
    // "The threshold isn't a balance point. It's a constraint."
    const first = doc.tokens.slice(s.tokenStart, s.tokenEnd).find((x) => x.lower === "isn't" || (x.lower === 'not' && doc.tokens[x.i - 1]?.lower === 'is'));
    const next = doc.sentences[s.index + 1];
    if (first && next && next.tokenEnd > next.tokenStart && /^(it's|it|they're|that's|this)$/.test(doc.tokens[next.tokenStart].lower)) out.push({ tokenStart: first.i, tokenEnd: first.i + 1, sentence: s.index, entry: 'not-but' });
  }
  return out;
}

export default defineScorer({
  id: 'tradeoff',
  description:
    'Credits a trade-off reasoned out: both sides of a tension named, a decision, and its rationale ("not X, but Y", "X at the cost of Y", "accept ... in exchange for ...", "even if", options weighed and one recommended, the asymmetric costs of two kinds of error). A bare "there are trade-offs" earns little.',
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
    // A reason is any stated cause or consequence near the choice ("...which means 8% more customers").
    const linking = creditable(ctx.lexicons.get('linking').match(doc), info).filter((m) => m.group === 'consequence' || m.group === 'value' || m.entry === 'because-of' || m.entry === 'leads-to' || m.entry === 'protects');
    const metrics = creditable(ctx.lexicons.get('model-metrics').match(doc), info);
    const kpis = creditable(ctx.lexicons.get('kpis').match(doc), info);
    const built = constructions(doc).filter((c) => !c.negated && !info.stuffed[c.tokenStart]);
    const decisions = [...ms.filter((m) => m.group === 'decision'), ...built.filter((c) => c.kind === 'decision').map((c) => asMatch(c, doc, 'decision'))];
    const rationales = [...ms.filter((m) => m.group === 'rationale'), ...linking];
    // Lookups by sentence keep this linear however many markers an answer has.
    const index = new Map<LexiconMatch[], Map<number, LexiconMatch[]>>();
    const near = (xs: LexiconMatch[], s: number) => {
      let bySentence = index.get(xs);
      if (!bySentence) {
        bySentence = new Map();
        for (const x of xs) {
          const arr = bySentence.get(x.sentence);
          if (arr) arr.push(x);
          else bySentence.set(x.sentence, [x]);
        }
        index.set(xs, bySentence);
      }
      const out: LexiconMatch[] = [];
      for (let k = s - opts.window; k <= s + opts.window; k++) out.push(...(bySentence.get(k) ?? []));
      return out;
    };

    const stakeTokens = new Uint8Array(doc.tokens.length);
    for (const x of [...metrics, ...kpis]) for (let k = x.tokenStart; k < x.tokenEnd; k++) stakeTokens[k] = 1;
    // What is at stake is also what the question is about: its content words ("rural ETAs",
    // "fertiliser", "runbooks") and any quantity.
    const questionStems = new Set<string>();
    if (ctx.question) for (const t of ctx.question.tokens) if (isContentWord(t, 4)) questionStems.add(t.stem);
    for (const t of doc.tokens) if (STAKES.test(t.stem) || questionStems.has(t.stem) || t.kind === 'number') stakeTokens[t.i] = 1;
    const stakesIn = (a: number, b: number) => {
      for (let k = a; k < b; k++) if (stakeTokens[k]) return true;
      return false;
    };
    const sentenceHasStakes = (s: number) => s >= 0 && s < doc.sentences.length && stakesIn(doc.sentences[s].tokenStart, doc.sentences[s].tokenEnd);
    // The candidate's own voice: a first-person word just before the marker or inside it ("We accept...").
    const firstPersonNear = (at: number, end = at) => {
      for (let k = Math.max(0, at - 4); k < end; k++) if (FIRST_PERSON.has(doc.tokens[k].lower)) return true;
      return false;
    };

    // "Trade-off:" / "**Trade-off.**" / "The trade-off I accept:" opening its sentence labels what
    // follows; returns the token range of that content (the rest of the sentence, or the next one
    // when the label stands alone as a heading).
    const labelledContent = (m: LexiconMatch): [number, number] | null => {
      const s = doc.sentences[m.sentence];
      if (m.tokenStart - s.tokenStart > 1) return null;
      let end = m.tokenEnd;
      while (end < s.tokenEnd && end - m.tokenEnd < 3 && /^(i|we|i'd|we'd|accept|accepted|made|make|chose|choose|here|is|was)$/.test(doc.tokens[end].lower)) end++;
      const gap = end < s.tokenEnd ? doc.normalized.slice(doc.tokens[end - 1].ne, doc.tokens[end].ns) : '';
      if (end < s.tokenEnd && /[:\u2014-]/.test(gap)) return [end, s.tokenEnd];
      const next = doc.sentences[m.sentence + 1];
      if (end >= s.tokenEnd && next && s.tokenEnd - s.tokenStart <= 4) return [next.tokenStart, next.tokenEnd];
      return null;
    };
    const instances: Instance[] = [];
    let oneSided = false;
    const consider = (kind: Kind, m: LexiconMatch, base: number) => {
      const s = doc.sentences[m.sentence];
      // Both sides carry something at stake; a marker that opens its sentence takes the previous
      // sentence as its first side.
      // A marker that opens its sentence ("I'd accept X over Y because Z", "However, ...") finds
      // its first side in the previous sentence or, for a concession, in its own object.
      // "I'd rather X than Y" carries both sides after its marker.
      const inSentence = kind === 'not-but' && (m.entry === 'rather-than' || m.entry === 'chose-over');
      const opens = !inSentence && m.tokenStart - s.tokenStart <= 2;
      const before = inSentence ? stakesIn(m.tokenEnd, s.tokenEnd) : opens ? sentenceHasStakes(m.sentence - 1) || (kind === 'concession' && stakesIn(m.tokenEnd, s.tokenEnd)) : stakesIn(s.tokenStart, m.tokenStart);
      const after = inSentence ? true : kind === 'not-but' ? stakesIn(m.tokenEnd, s.tokenEnd) || sentenceHasStakes(m.sentence + 1) : stakesIn(m.tokenEnd, s.tokenEnd);
      const own = firstPersonNear(m.tokenStart, m.tokenEnd);
      // A concession in the candidate's own voice ("I'll give up some accept rate for...") is itself the decision.
      let rationale = near(rationales, m.sentence).find((r) => r.tokenStart !== m.tokenStart);
      // A design stated with its alternative and its reason in one sentence ("Three bands rather
      // than a headcount, because we can tell full from not full") is the decision itself.
      const designChoice = (m.entry === 'rather-than' || m.entry === 'chose-over') && rationales.some((r) => r.sentence === m.sentence && r.tokenStart > m.tokenStart);
      const decision = near(decisions, m.sentence)[0] ?? ((own && (kind === 'concession' || kind === 'not-but')) || designChoice ? m : undefined);
      if (!rationale && kind === 'concession') for (let k = m.tokenEnd; k < s.tokenEnd; k++) if (BENEFIT.has(doc.tokens[k].lower)) rationale = m;
      let strength = base + (decision ? 0.2 : 0) + (rationale ? 0.3 : 0);
      // A concession names its cost itself ("give up some volume to protect recall"): one side with
      // something at stake is enough. A contrast needs both.
      // "Not X. Instead Y": the sentence before rejects one side, this one takes the other.
      const insteadOfRejected = m.entry === 'instead' && (() => {
        const prev = doc.sentences[m.sentence - 1];
        for (let k = prev.tokenStart; k < prev.tokenEnd; k++) if (doc.tokens[k].negation >= 0) return true;
        return false;
      })();
      const sided = kind === 'options' || kind === 'error-costs' || insteadOfRejected || designChoice ? true : kind === 'concession' ? before || after || sentenceHasStakes(m.sentence - 1) || sentenceHasStakes(m.sentence + 1) : before && after;
      if (!sided) {
        oneSided = true;
        strength = Math.min(strength, 0.2);
      }
      // Without a decision it describes a tension rather than resolving one.
      if (!decision) strength = Math.min(strength, 0.35);
      instances.push({ kind, marker: m, decision: decision === m ? undefined : decision, rationale: rationale === m ? undefined : rationale, strength });
    };

    for (const m of ms) {
      if (m.group === 'concession') consider('concession', m, 0.5);
      else if (m.group === 'contrast') consider('contrast', m, m.entry === 'rather-than' || m.entry === 'chose-over' ? 0.45 : 0.3 * m.weight);
      else if (m.group === 'tradeoff-term') {
        const decision = near(decisions, m.sentence)[0];
        const rationale = near(rationales, m.sentence)[0];
        const labelled = labelledContent(m);
        if (labelled && stakesIn(labelled[0], labelled[1])) {
          // "**Trade-off.** Precision over recall at first: offering plans to people who'd pay
          // anyway costs interest." A labelled trade-off states its choice; it needs something at
          // stake and earns more with a reason (a "because", a cost compared, a purpose "to keep...").
          const [a, b] = labelled;
          let why: LexiconMatch | undefined = rationales.find((r) => r.tokenStart >= a && r.tokenStart < b);
          if (!why) for (let k = a; k < b; k++) if (PURPOSE.test(doc.tokens[k].lower) && doc.tokens[k + 1] && /^(keep|protect|avoid|prevent|stop|save|limit|reduc|cut|preserv|hold|make)/.test(doc.tokens[k + 1].stem)) why = m;
          if (!why && /:/.test(doc.normalized.slice(doc.tokens[a].ns, doc.tokens[b - 1].ne))) why = m;
          instances.push({ kind: 'tradeoff-term', marker: m, decision: decision ?? undefined, rationale: why === m ? undefined : why, labelled: { reasoned: !!why }, strength: 0.5 + 0.2 + (why ? 0.25 : 0) });
          continue;
        }
        instances.push({ kind: 'tradeoff-term', marker: m, decision, rationale, strength: 0.15 + (decision ? 0.2 : 0) + (rationale ? 0.15 : 0) });
      }
    }
    for (const nb of notButMarkers(doc)) {
      if (info.stuffed[nb.tokenStart]) continue;
      const span = doc.tokenSpan(nb.tokenStart, nb.tokenEnd);
      consider('not-but', { lexicon: 'constructions', group: 'contrast', tags: [], weight: 1, ...nb, span, text: doc.slice(span), negated: false, clause: doc.tokens[nb.tokenStart].clause }, 0.45);
    }
    // Options laid side by side and one recommended with a reason ("I recommended (2), because...").
    const optionsNamed = doc.tokens.some((t) => OPTIONS.test(t.stem)) || doc.listItems.filter((l) => l.ordered).length >= 2;
    if (optionsNamed) {
      for (const d of decisions) {
        const sent = doc.sentences[d.sentence];
        const r = rationales.find((x) => x.sentence === d.sentence);
        // The recommendation must point at one of the options ("I recommended (2)", "option B",
        // "X over Y") and carry its reason in the same sentence.
        const text = doc.normalized.slice(doc.tokens[sent.tokenStart].ns, doc.tokens[sent.tokenEnd - 1].ne).toLowerCase();
        const pointsAtOption = /\(\d\)|\boption\b|\b(over|rather than|instead of|while|whereas)\b/.test(text);
        if (r && pointsAtOption) {
          consider('options', d, 0.5);
          break;
        }
      }
    }
    // Two costs set against each other in one sentence: "a wrong drug name can hurt someone; a
    // missing summary costs the therapist ten minutes". The comparison is the reason for the call.
    for (const sent of doc.sentences) {
      const costClauses = new Set<number>();
      for (let k = sent.tokenStart; k < sent.tokenEnd; k++) if (COST.test(doc.tokens[k].stem) && doc.tokens[k].negation < 0 && !info.stuffed[k]) costClauses.add(doc.tokens[k].clause);
      if (costClauses.size < 2) continue;
      const first = doc.tokens.slice(sent.tokenStart, sent.tokenEnd).find((t) => COST.test(t.stem))!;
      const span = { start: first.start, end: first.end };
      consider('error-costs', { lexicon: 'constructions', entry: 'costs-compared', group: 'contrast', tags: [], weight: 1, tokenStart: first.i, tokenEnd: first.i + 1, span, text: doc.slice(span), negated: false, sentence: sent.index, clause: first.clause }, 0.5);
      break;
    }
    // "... not sending it to everyone on Friday. Instead we ship it to a small slice": a sentence
    // opening with "Instead" sets its choice against the one before.
    for (const sent of doc.sentences) {
      const t = doc.tokens[sent.tokenStart];
      if (!t || t.lower !== 'instead' || sent.index === 0 || info.stuffed[t.i]) continue;
      const span = { start: t.start, end: t.end };
      consider('not-but', { lexicon: 'constructions', entry: 'instead', group: 'contrast', tags: [], weight: 1, tokenStart: t.i, tokenEnd: t.i + 1, span, text: doc.slice(span), negated: false, sentence: sent.index, clause: t.clause }, 0.45);
    }
    // The core AI trade-off: both kinds of error named (precision and recall, false alarms and
    // misses) and a threshold or decision taken between them.
    const errorSides = new Map<string, LexiconMatch>();
    for (const m of metrics) {
      const side = m.entry === 'precision' || m.entry === 'false-positive-rate' || m.entry === 'specificity' ? 'fp' : m.entry === 'recall' || m.entry === 'false-negative-rate' || m.entry === 'sensitivity' ? 'fn' : '';
      if (side && !errorSides.has(side)) errorSides.set(side, m);
    }
    if (errorSides.size === 2) {
      const fp = errorSides.get('fp')!;
      const fn = errorSides.get('fn')!;
      const threshold = metrics.find((m) => m.group === 'threshold');
      const anchor = threshold ?? (fp.sentence > fn.sentence ? fp : fn);
      if (Math.abs(fp.sentence - fn.sentence) <= 4) consider('error-costs', anchor, 0.5);
    }

    const bySentence = new Map<number, Instance>();
    for (const i of instances) {
      const prev = bySentence.get(i.marker.sentence);
      if (!prev || prev.strength < i.strength) bySentence.set(i.marker.sentence, i);
    }
    // A sentence said twice is one trade-off.
    const seenText = new Set<string>();
    const best = [...bySentence.values()]
      .sort((a, b) => b.strength - a.strength || a.marker.sentence - b.marker.sentence)
      .filter((i) => {
        const key = sentenceText(doc, i.marker.sentence);
        if (seenText.has(key)) return false;
        seenText.add(key);
        return true;
      });
    const ev: Evidence[] = [];
    for (const i of best.slice(0, 3)) {
      ev.push(evidence(i.marker, i.labelled ? 'labelled-tradeoff' : i.kind === 'tradeoff-term' ? 'tradeoff-term' : i.kind === 'options' ? 'options-weighed' : i.kind === 'error-costs' ? 'error-costs' : 'contrast'));
      if (i.decision) ev.push(evidence(i.decision, 'decision'));
      if (i.rationale) ev.push(evidence(i.rationale, 'rationale'));
    }
    const feedback: RawFinding[] = [];
    const top = best[0];
    if (!top) feedback.push({ messageId: oneSided ? 'one-sided' : 'no-tradeoff' });
    else {
      if (top.kind === 'tradeoff-term' && top.strength < 0.4) feedback.push({ messageId: 'bare-tradeoff', span: top.marker.span });
      if (!top.decision && top.kind !== 'concession' && !top.labelled) feedback.push({ messageId: 'no-decision' });
      if (!top.rationale && !top.labelled?.reasoned) feedback.push({ messageId: 'no-rationale' });
    }
    // A second reasoned trade-off adds a little; repeats of the same pattern add nothing more.
    let score = diminishing(best.map((i) => i.strength), 1.25);
    const cap = stuffingCap(all, info);
    score = Math.min(score, cap.cap);
    return { score, evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
