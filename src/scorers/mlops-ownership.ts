import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { asMatch, constructions } from './constructions.js';
import { creditable, evidence, groupBy, stuffing, stuffingCap } from './shared.js';

const AREAS: Record<string, string> = {
  versioning: 'versioning',
  monitoring: 'monitoring',
  'threshold-sla': 'thresholds',
  retraining: 'retraining',
  rollback: 'rollback',
  ownership: 'ownership',
  'data-contract': 'data-contract',
};
const FIRST_PERSON = new Set(['i', 'we', "i'd", "we'd", "i'll", "we'll", 'my', 'our']);

export const options = z.strictObject({
  /** How many distinct MLOps areas earn full credit. */
  areasForFull: z.number().int().min(1).max(7).default(4),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'mlops-ownership',
  description:
    'Credits owning the model after launch: versioning of model, data and code; drift and data-quality monitoring with thresholds or SLAs; retraining and promotion criteria; rollback; alerting with a named owner and an escalation path.',
  options,
  messages: {
    'no-ownership': 'Say what happens after launch: who owns the model, what is monitored, and who gets paged.',
    'missing-areas': 'Also cover {areas}.',
    'no-threshold': 'Give the monitoring a threshold or SLA (e.g. alert when the null rate of a feature passes 2%).',
    'no-owner': 'Name the owner and the escalation path when an alert fires.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const all = ctx.lexicons.get('mlops').match(doc);
    const ok = creditable(all, info);
    // Owning it after launch in plain words ("After launch I own a weekly review of 60 summaries")
    // is the ownership area, with the candidate as the owner.
    const owns = constructions(doc).find((c) => c.kind === 'owns-after-launch' && !c.negated && !info.stuffed[c.tokenStart]);
    const g = groupBy(owns ? [...ok, asMatch(owns, doc, 'ownership')] : ok, (m) => m.group ?? '');
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    let covered = 0;
    for (const [group] of Object.entries(AREAS)) {
      const ms = g.get(group);
      if (!ms?.length) continue;
      covered += 1;
      ev.push(evidence(ms[0], `mlops-${AREAS[group]}`));
    }
    // A threshold with a number, and an owner who is a person ("I", "the ops lead"), count extra.
    const numbered = ok.some((m) => (m.group === 'threshold-sla' || m.group === 'monitoring') && doc.numbers.some((n) => doc.tokens[n.token].sentence === m.sentence));
    const ownerIsPerson = (g.get('ownership') ?? []).some((m) => {
      const s = doc.sentences[m.sentence];
      for (let k = s.tokenStart; k < s.tokenEnd; k++) if (FIRST_PERSON.has(doc.tokens[k].lower) || doc.tokens[k].upper) return true;
      return false;
    });
    // Naming the areas is the generic answer; thresholds with numbers and a person who owns the
    // alert are what make it operational.
    let score = 0.7 * Math.min(1, covered / opts.areasForFull) + (numbered ? 0.2 : 0) + (ownerIsPerson ? 0.1 : 0);
    if (!covered) feedback.push({ messageId: 'no-ownership' });
    else {
      const missing = Object.entries(AREAS).filter(([k]) => !g.get(k)?.length && k !== 'data-contract' && k !== 'versioning').map(([, v]) => v);
      if (missing.length && covered < opts.areasForFull) feedback.push({ messageId: 'missing-areas', data: { areas: missing.join(', ') } });
      if (!numbered) feedback.push({ messageId: 'no-threshold' });
      if (!g.get('ownership')?.length) feedback.push({ messageId: 'no-owner' });
    }
    for (const n of all.filter((m) => m.negated).slice(0, 2)) ev.push(evidence(n, 'mlops-monitoring'));
    const cap = stuffingCap(all, info);
    score = Math.min(1, score, cap.cap);
    return { score, evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
