import { z } from 'zod';
import type { LexiconMatch } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { constructions } from './constructions.js';
import { creditable, evidence, groupBy, sentenceText, stuffing, stuffingCap } from './shared.js';

// Questions that call for causal evidence or a launch decision; without them, and without any
// experiment in the answer, the criterion does not apply (a data-contract question needs none).
const ASKS_FOR_EVIDENCE = /\b(caus|prove|know (it|that|whether)|show (that|it)|attribut|measur|success|impact|experiment|test|launch|roll ?out|evaluat|moved?|worked|validat|metric|improv)/i;

// A conclusion drawn in the sentence or the next: "which shows", "that's our proof", "so it works".
const CONCLUDES = /^(show|shows|prove|proves|proof|proven|demonstr|confirm|caus|mean|means)$/;
function concludes(doc: import('../document/analyze.js').AnswerDocument, sentence: number): boolean {
  for (const s of [doc.sentences[sentence], doc.sentences[sentence + 1]]) {
    if (!s) continue;
    for (let k = s.tokenStart; k < s.tokenEnd; k++) if (CONCLUDES.test(doc.tokens[k].stem) && doc.tokens[k].negation < 0) return true;
  }
  return false;
}

const OFFLINE = /\b(test set|held-out set|holdout set|hold-out set|validation set|training set|train set|cross-validation|cross validation|k-fold|leak\w*|backtest\w*|temporal split|time-based split)/;

export const options = z.strictObject({
  /** "when-relevant": null when neither the question nor the answer is about measuring an effect. */
  applicability: z.enum(['always', 'when-relevant']).default('when-relevant'),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'experiment-design',
  description:
    'Credits designs that isolate the model\'s effect: randomized tests, holdouts or control groups, stepped-wedge, switchback, bandits, shadow or champion-challenger; guardrail metrics; the unit of randomization; confounders handled. Before/after averages and users-vs-non-users comparisons are flagged as weak causal evidence, not credited.',
  options,
  messages: {
    'no-experiment': 'Say how you would isolate the model\'s effect: a random split or holdout against a no-AI control.',
    'weak-causal-evidence': '"{text}" does not separate the model from seasonality, selection or other changes; use a randomized holdout or a stepped-wedge rollout.',
    'no-guardrails': 'Add guardrail metrics (complaints, harmful errors, latency) and the limits that would stop the test.',
    'no-unit': 'Say what you randomize (users, sessions, clinics, regions) and why that unit avoids spill-over.',
    'negated-experiment': 'The experiment appears only as something that was not done.',
    'wrong-causality': '"{text}" compares people who chose to use it with people who did not: they differ in more than the feature, so it cannot prove the feature worked. Randomize who gets it.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const all = ctx.lexicons.get('experiment').match(doc);
    const ok = creditable(all, info);
    const g = groupBy(ok, (m) => m.group ?? '');
    // "randomised by recipient" names the design and its unit at once.
    // Splitting data to train and test a model ("random splits leak future information", "validate
    // it on a holdout set", "split by region type, and backtest") is offline evaluation, not an
    // experiment on people.
    const offline = (m: LexiconMatch) => {
      if (/^(set|sets|data|dataset|fold|folds|sample)$/.test(doc.tokens[m.tokenEnd]?.lower ?? '')) return true;
      if (m.entry !== 'random-assignment' && m.entry !== 'holdout' && m.group !== 'unit') return false;
      return OFFLINE.test(sentenceText(doc, m.sentence).toLowerCase());
    };
    const designs = [...(g.get('randomized') ?? []), ...(g.get('quasi') ?? []), ...(g.get('unit') ?? []).filter((m) => m.entry === 'unit-of-randomisation')].filter((m) => !offline(m));
    const built = constructions(doc).filter((c) => !c.negated && !info.stuffed[c.tokenStart]);
    // A plain-language stop rule ("if more than 1 in 100 is wrong, it goes off") is a guardrail.
    const guards: { span: LexiconMatch['span']; text: string }[] = [...(g.get('guardrail') ?? []), ...built.filter((c) => c.kind === 'stop-rule' || c.kind === 'gate')];
    const comparison = built.find((c) => c.kind === 'comparison');
    // Shadow mode in plain words: the model's call logged beside the people's and the two compared
    // ("log its plan beside the dispatchers', and compare restoration times where they differed").
    if (!designs.some((d) => d.entry === 'shadow-mode')) {
      for (const sent of doc.sentences) {
        let beside = -1;
        let compare = false;
        for (let k = sent.tokenStart; k < sent.tokenEnd; k++) {
          const t = doc.tokens[k];
          if (t.negation >= 0) continue;
          if (beside < 0 && (/^(beside|alongside)$/.test(t.lower) || (t.lower === 'next' && doc.tokens[k + 1]?.lower === 'to') || (t.lower === 'parallel' && doc.tokens[k - 1]?.lower === 'in'))) beside = k;
          if (/^(compar|versu|differ|disagre|match)/.test(t.stem)) compare = true;
        }
        if (beside < 0 || !compare || info.stuffed[beside]) continue;
        const span = doc.tokenSpan(beside, beside + 1);
        designs.push({ lexicon: 'experiment', entry: 'shadow-mode', group: 'quasi', tags: [], weight: 0.6, tokenStart: beside, tokenEnd: beside + 1, span, text: doc.slice(span), negated: false, sentence: sent.index, clause: doc.tokens[beside].clause });
        break;
      }
    }
    const units = g.get('unit') ?? [];
    const rigor = g.get('rigor') ?? [];
    const weak = [...(g.get('weak') ?? [])];
    const negated = all.filter((m) => m.negated && m.group !== 'weak');
    // "compare the three months before launch to the three months after": a before/after
    // comparison in any words.
    for (const sent of doc.sentences) {
      let before = -1;
      let after = -1;
      let compare = false;
      for (let k = sent.tokenStart; k < sent.tokenEnd; k++) {
        const t = doc.tokens[k];
        if (t.negation >= 0) continue;
        if (t.lower === 'before' || t.lower === 'previous' || t.lower === 'last') before = before < 0 ? k : before;
        else if (t.lower === 'after' || t.lower === 'since') after = after < 0 ? k : after;
        else if (/^(compar|versu|vs|against|measur|look|went|rose|fell|drop|increas|decreas|improv|grew|jump)/.test(t.stem)) compare = true;
      }
      const launchAfter = after >= 0 && /^(launch|releas|rollout|roll|ship|go)/.test(doc.tokens[after + 1]?.stem ?? '');
      if (after >= 0 && compare && (before >= 0 || launchAfter) && !weak.some((w) => w.sentence === sent.index)) {
        const a = before >= 0 ? Math.min(before, after) : after;
        const b = (before >= 0 ? Math.max(before, after) : after + 1) + 1;
        const span = doc.tokenSpan(a, b);
        weak.push({ lexicon: 'experiment', entry: 'before-after', group: 'weak', tags: [], weight: 1, tokenStart: a, tokenEnd: b, span, text: doc.slice(span), negated: false, sentence: sent.index, clause: doc.tokens[a].clause });
      }
    }
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];

    const relevantQuestion = ctx.question ? ASKS_FOR_EVIDENCE.test(ctx.question.normalized) : true;
    if (opts.applicability === 'when-relevant' && !relevantQuestion && !designs.length && !weak.length && !negated.length) {
      return { score: null, evidence: [], feedback: [] };
    }

    const best = designs.reduce<LexiconMatch | null>((b, m) => (!b || m.weight > b.weight ? m : b), null);
    let score = 0;
    if (best) {
      // A described comparison ("compare with the other half") strengthens a bare design word.
      const compared = !!comparison;
      const distinctDesigns = new Set(designs.map((d) => d.entry)).size;
      score += 0.55 * best.weight + (distinctDesigns >= 2 ? 0.08 : 0) + (compared ? 0.1 : 0);
      for (const d of designs.slice(0, 3)) ev.push(evidence(d, d.group === 'quasi' ? 'quasi-experiment' : 'randomized-design'));
    }
    if (guards.length) {
      score += best ? 0.22 : 0.1;
      ev.push({ span: guards[0].span, text: guards[0].text, signal: 'guardrail' });
    }
    if (comparison) ev.push({ span: comparison.span, text: comparison.text, signal: 'comparison' });
    if (units.length) {
      score += best ? 0.12 : 0.04;
      ev.push(evidence(units[0], 'randomization-unit'));
    }
    if (rigor.length) {
      const kinds = new Set(rigor.map((r) => r.entry)).size;
      score += (best ? 0.08 : 0.04) * Math.min(2, kinds);
      for (const r of rigor.slice(0, 2)) ev.push(evidence(r, 'rigor'));
    }
    const flags = [];
    if (weak.length && !best) {
      // Before/after "proof" is recognised as an attempt, not credited as an experiment.
      score = Math.min(score + 0.1, 0.25);
      ev.push(evidence(weak[0], 'weak-causal-evidence'));
      feedback.push({ messageId: 'weak-causal-evidence', data: { text: weak[0].text }, span: weak[0].span });
      flags.push({ id: 'weak-causal-evidence', message: `Causal claim rests on "${weak[0].text}".`, span: weak[0].span });
      // Worse: a self-selected comparison ("customers who accepted churned 42% less than those who
      // didn't") taken as proof ("which shows the offer was doing its job").
      const selfSelected = weak.find((w) => w.entry === 'users-vs-nonusers' && concludes(doc, w.sentence));
      if (selfSelected) {
        feedback.push({ messageId: 'wrong-causality', data: { text: selfSelected.text }, span: selfSelected.span });
        flags.push({ id: 'wrong-causality', message: `A causal conclusion drawn from a self-selected comparison ("${selfSelected.text}").`, span: selfSelected.span });
      }
    }
    for (const n of negated.slice(0, 3)) ev.push(evidence(n, 'randomized-design'));
    if (!best) feedback.push({ messageId: negated.length ? 'negated-experiment' : 'no-experiment', ...(negated.length ? { span: negated[0].span } : {}) });
    if (best && !guards.length) feedback.push({ messageId: 'no-guardrails' });
    if (best && !units.length && best.group === 'randomized') feedback.push({ messageId: 'no-unit' });
    const cap = stuffingCap(all, info);
    if (cap.flag) flags.push(cap.flag);
    return { score: Math.min(1, score, cap.cap), evidence: ev, feedback, flags };
  },
});
