import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding, type RawFlag } from './define-scorer.js';
import { creditable, evidence, spanEvidence, stuffing } from './shared.js';

const FIRST_PERSON = new Set(['i', 'we', "i'd", "we'd", "i'll", "we'll", "i've", "we've", "i'm"]);
const NOT_ACTION = /^(think|believ|feel|guess|hope|wish|mean|suppos|just|realli|probabl|also|still|would|could|should|might|may|can|will|do|did|have|had|am|are|was|were|be|not|never|alway|usual|the|a|an|that|it)$/;
// Quantities in words: "one shopper in five", "two weeks", "a third of tickets".
const NUMBER_WORDS = new Set(['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'twenty', 'thirty', 'forty', 'fifty', 'hundred', 'thousand', 'half', 'third', 'quarter', 'dozen']);
const BASELINE = /^(from|baselin|compar|versu|vs|against|previous|was|were|befor|down|up|to)$/;
const SENTENCE_OPENERS = new Set(['i', 'we', 'the', 'a', 'an', 'this', 'that', 'it', 'my', 'our', 'if', 'so', 'but', 'and', 'then', 'for', 'in', 'on', 'at', 'when', 'after', 'before']);

export const options = z.strictObject({
  /** Distinct numbers with units that earn full credit for numbers. */
  numbersForFull: z.number().int().min(1).default(3),
  /**
   * A long answer (at least `vagueMinWords`) with no number at all and this much vagueness
   * (hedges and vague quantifiers, clichés counted twice) raises the `vague` flag.
   */
  vagueFlagAt: z.number().min(1).default(6),
  vagueMinWords: z.number().int().min(1).default(120),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'specificity',
  description:
    'Credits concrete detail: numbers with units and baselines, named situations, first-person actions. Clichés ("work closely with", "leverage synergies", "think outside the box") and vague quantifiers lower it; a long answer with no number and many hedges or clichés raises `vague`.',
  options,
  messages: {
    'no-numbers': 'Add concrete numbers: the baseline, the change, the unit (e.g. "no-shows fell from 19% to 15.6%").',
    'no-baseline': 'Give the baseline your number moved from.',
    'no-actions': 'Say what you did yourself ("I set the threshold...", "we ran...").',
    cliches: 'Replace clichés ({examples}) with what actually happened.',
    vague: 'Vague quantifiers ({examples}) leave the listener guessing: put a number on them.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const quality = creditable(ctx.lexicons.get('quality').match(doc), info);
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    // Every quantity counts except years; a number with a unit ("19%", "$180", "2 points") counts
    // fully, a bare count ("300 answers a day", "1 in 100") a little less.
    // Numbers that only repeat the question's ("the 5% error rate", "40% of chats") add nothing the
    // interviewer did not say.
    const given = new Set((ctx.question?.numbers ?? []).map((n) => n.value));
    // (Numbers said in words are counted below, at half weight, as quantities in words.)
    const numbers = doc.numbers.filter((n) => n.unit !== 'year' && doc.tokens[n.token].kind === 'number' && !info.stuffed[n.token] && !given.has(n.value));
    const distinct = new Map<string, (typeof numbers)[number]>();
    for (const n of numbers) if (!distinct.has(n.text)) distinct.set(n.text, n);
    for (const n of [...distinct.values()].slice(0, 4)) ev.push(spanEvidence(doc, n.span, 'number'));
    let quantity = 0;
    for (const n of distinct.values()) quantity += n.unit ? 1 : 0.7;
    const wordQuantities = new Set<string>();
    for (const t of doc.tokens) {
      const next = doc.tokens[t.i + 1];
      if (NUMBER_WORDS.has(t.lower) && next && next.sentence === t.sentence && next.kind === 'word' && next.lower.length > 2 && !info.stuffed[t.i] && t.lower !== 'one') wordQuantities.add(`${t.lower} ${next.stem}`);
    }
    quantity += 0.5 * Math.min(4, wordQuantities.size);
    const numScore = Math.min(1, quantity / opts.numbersForFull);
    const baseline = numbers.some((n) => {
      const lo = Math.max(0, n.token - 4);
      for (let k = lo; k < n.token + 3 && k < doc.tokens.length; k++) if (k !== n.token && BASELINE.test(doc.tokens[k].stem)) return true;
      return false;
    });
    // First-person actions: "I"/"we" followed closely by a verb-like word, affirmed.
    let actions = 0;
    for (const t of doc.tokens) {
      if (!FIRST_PERSON.has(t.lower) || t.negation >= 0) continue;
      const next = doc.tokens[t.i + 1];
      // "I'd split...", "we ran...", "I picked...": the next word that is not a hedge or auxiliary.
      let v = t.i + 1;
      while (v < doc.tokens.length && v < t.i + 3 && /^(would|will|then|also|still|just|first|personally|actually)$/.test(doc.tokens[v].lower)) v++;
      const verb = doc.tokens[v];
      if (verb && verb.sentence === t.sentence && verb.negation < 0 && verb.kind === 'word' && !NOT_ACTION.test(verb.stem)) actions++;
    }
    // Named situations: capitalised words inside a sentence (companies, places, events, products).
    let named = 0;
    for (const t of doc.tokens) {
      if (!t.upper || t.kind !== 'word' || SENTENCE_OPENERS.has(t.lower)) continue;
      const s = doc.sentences[t.sentence];
      if (t.i === s.tokenStart || s.kind === 'heading') continue;
      const prevGap = doc.normalized.slice(doc.tokens[t.i - 1].ne, t.ns);
      if (/[:.!?]/.test(prevGap)) continue;
      named++;
    }
    const cliches = quality.filter((m) => m.group === 'cliche');
    const vague = quality.filter((m) => m.group === 'vague-quantifier' || m.group === 'hedge');
    const words = Math.max(1, doc.stats.words);
    const vaguePer100 = (vague.length * 100) / words;
    let score = 0.5 * numScore + (baseline ? 0.15 : 0) + Math.min(0.2, actions * 0.07) + Math.min(0.15, named * 0.03);
    score -= Math.min(0.35, cliches.length * 0.1) + Math.min(0.2, Math.max(0, vaguePer100 - 1) * 0.05);
    for (const c of cliches.slice(0, 3)) ev.push(evidence(c, 'cliche'));
    for (const v of vague.slice(0, 2)) ev.push(evidence(v, 'vague-quantifier'));
    if (!distinct.size && !wordQuantities.size) feedback.push({ messageId: 'no-numbers' });
    else if (!baseline) feedback.push({ messageId: 'no-baseline' });
    if (!actions) feedback.push({ messageId: 'no-actions' });
    if (cliches.length) feedback.push({ messageId: 'cliches', data: { examples: cliches.slice(0, 3).map((c) => `"${c.text}"`).join(', ') }, span: cliches[0].span });
    if (vaguePer100 > 2) feedback.push({ messageId: 'vague', data: { examples: vague.slice(0, 3).map((c) => `"${c.text}"`).join(', ') }, span: vague[0].span });
    // Graders mark down long answers that never get concrete: no number anywhere, and hedges and
    // clichés throughout ("I think", "a lot", "speak truth to power"). Across the graded sets such
    // answers are 1s and 2s.
    const flags: RawFlag[] = [];
    if (doc.stats.words >= opts.vagueMinWords && !distinct.size && vague.length + 2 * cliches.length >= opts.vagueFlagAt) {
      flags.push({ id: 'vague', message: `${doc.stats.words} words without a single number, and ${vague.length + cliches.length} hedges, vague quantifiers or clichés.`, span: (vague[0] ?? cliches[0]).span });
    }
    return { score: Math.max(0, Math.min(1, score)), evidence: ev, feedback, flags };
  },
});
