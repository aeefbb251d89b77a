import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding, type RawFlag } from './define-scorer.js';
import { constructions } from './constructions.js';
import { creditable, evidence, stuffing } from './shared.js';

const MODEL_WORDS = /^(featur|predict|predictor|signal|input|label|train|target|classifi|regress)$/;

export const options = z.strictObject({
  /** Internal-detail mentions per outcome mention above which the answer is model-only. */
  modelOnlyRatio: z.number().min(0).default(2),
  /** Distinct model metrics and internals, in an answer naming no outcome, that make it model-only. */
  modelOnlyConcepts: z.number().int().min(1).default(5),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'business-focus',
  description:
    'Credits user and business outcomes over model internals (architecture, layers, hyperparameters, feature engineering): the classic weak answer only talks about building the model.',
  options,
  messages: {
    'model-only': 'The answer is about building the model ({examples}); say what changes for users and the business.',
    'no-outcome': 'Name the user or business outcome this is for.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const quality = creditable(ctx.lexicons.get('quality').match(doc), info);
    const kpis = creditable(ctx.lexicons.get('kpis').match(doc), info);
    const internals = quality.filter((m) => m.group === 'model-internal');
    const people = quality.filter((m) => m.group === 'user-outcome');
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    const flags: RawFlag[] = [];
    // A KPI named as a model input or target ("support tickets as a feature", "predict churn") is
    // part of the model, not an outcome the answer moves.
    const inputSentences = new Set(internals.map((m) => m.sentence));
    for (const t of doc.tokens) if (MODEL_WORDS.test(t.stem)) inputSentences.add(t.sentence);
    const outcomeKpis = kpis.filter((k) => !inputSentences.has(k.sentence));
    const outcomeConcepts = new Set(outcomeKpis.map((k) => k.entry));
    const outcomes = outcomeConcepts.size + Math.min(2, people.length) * 0.5;
    const internalConcepts = new Set(internals.map((m) => m.entry)).size;
    for (const k of outcomeKpis.slice(0, 3)) ev.push(evidence(k, 'business-outcome'));
    for (const p of people.slice(0, 2)) ev.push(evidence(p, 'user-mention'));
    for (const m of internals.slice(0, 3)) ev.push(evidence(m, 'model-internal'));
    let score = Math.min(1, outcomes / 3);
    if (internalConcepts > 0) {
      const ratio = internalConcepts / Math.max(0.5, outcomes);
      if ((internalConcepts >= 2 && ratio >= opts.modelOnlyRatio) || (internalConcepts >= 3 && ratio >= opts.modelOnlyRatio / 2)) {
        score = Math.min(score, 0.25);
        feedback.push({ messageId: 'model-only', data: { examples: internals.slice(0, 3).map((m) => m.text).join(', ') } });
        if (outcomeConcepts.size <= 1) flags.push({ id: 'model-only', message: `Talks about the model (${internals.slice(0, 3).map((m) => m.text).join(', ')}) and not what it changes for users or the business.` });
      } else score *= 1 - Math.min(0.3, ratio * 0.1);
    }
    // The other model-only shape: the answer full of model metrics and internals ("pick the
    // threshold that maximises F1, check the ROC curve, then calibration...") and no outcome at all,
    // or at most one when it is very model-heavy. Only the outcome-free answer is flagged (a
    // model-heavy answer that names an outcome is generic, not model-only); both score low here.
    if (!flags.length) {
      // Outcomes named in words the lexicons miss still count: a plain outcome construction, or an
      // answer that says "outcomes" / "business" itself.
      const plainOutcome =
        constructions(doc).some((c) => !c.negated && (c.kind === 'people-outcome' || c.kind === 'ratio-outcome' || c.kind === 'quantified-change')) ||
        doc.tokens.some((t) => t.negation < 0 && /^(outcom|busi|revenu|cost|custom)$/.test(t.stem));
      const metricConcepts = new Set(creditable(ctx.lexicons.get('model-metrics').match(doc), info).map((m) => m.entry)).size;
      const modelSide = metricConcepts + internalConcepts;
      const outcomeFree = !outcomeConcepts.size && !people.length && !plainOutcome;
      const heavy = modelSide >= 2 * opts.modelOnlyConcepts - 2 && outcomeConcepts.size <= 1;
      if ((outcomeFree || heavy) && modelSide >= opts.modelOnlyConcepts) {
        score = Math.min(score, 0.25);
        if (!feedback.some((f) => f.messageId === 'model-only')) feedback.push({ messageId: 'model-only', data: { examples: internals.slice(0, 3).map((m) => m.text).join(', ') || `${metricConcepts} model metrics` } });
        if (outcomeFree) flags.push({ id: 'model-only', message: `Talks about the model (${metricConcepts} model metrics, ${internalConcepts} internals) and names no outcome for users or the business.` });
      }
    }
    if (!outcomeConcepts.size) feedback.push({ messageId: 'no-outcome' });
    return { score, evidence: ev, feedback, flags };
  },
});
