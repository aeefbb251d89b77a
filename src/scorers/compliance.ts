import { z } from 'zod';
import type { AnswerDocument } from '../document/analyze.js';
import type { LexiconMatch, LexiconSet } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { creditable, diminishing, evidence, stuffing, stuffingCap } from './shared.js';

// Verbs that turn a regulation from a name-drop into a design decision ("we ran a bias audit",
// "decisions are explained with reason codes", "data stayed inside the EHR").
const ACTION = /^(audit|review|explain|document|log|delet|restrict|exclud|remov|test|check|monitor|rout|escal|requir|consent|notifi|disclos|minim|anonym|pseudonym|encrypt|appeal|sign|approv|kept|keep|stay|appli|gave|give|built|build|ad|ran|run|block|limit|cap|design|mask|redact|store|retain|flag|measur|track|compar|drop|strip|hash|tell|told|show|offer|let|allow|put|brought|bring|involv|consult|ask|get|got|met|meet|valid|verifi|assess|mitig|train|label|sampl|publish|report|file|hold|held|paus|delay|gate|ensur|made|make|chang|switch|turn|mov|set|chose|choos|decid|wrote|write|defin|follow)/;
export const SENSITIVE_DOMAINS = ['lending', 'credit', 'health', 'hiring', 'employment', 'education', 'children', 'insurance', 'privacy', 'social', 'safety', 'finance'];

export const options = z.strictObject({
  /** Domains that always need regulation or ethics (added to those detected in the text). */
  domains: z.array(z.string()).default([]),
  /** When no sensitive domain is detected and nothing is mentioned: "null" (not applicable) or "zero". */
  whenNotNeeded: z.enum(['null', 'zero']).default('null'),
});
type Options = z.infer<typeof options>;

/** Domains suggested by the question and the answer (lending, health, hiring, ...). */
export function detectDomains(doc: AnswerDocument, question: AnswerDocument | null, lexicons: LexiconSet): Set<string> {
  const found = new Set<string>();
  const lex = lexicons.get('domains');
  const count = new Map<string, number>();
  for (const d of [doc, question]) {
    if (!d) continue;
    for (const m of lex.match(d)) count.set(m.entry, (count.get(m.entry) ?? 0) + (d === question ? 2 : 1));
  }
  // One passing mention in the answer is not a domain; the question, or two mentions, are.
  for (const [k, n] of count) if (n >= 2) found.add(k);
  return found;
}

function relevant(m: LexiconMatch, domains: Set<string>): boolean {
  if (!m.tags.length || m.tags.includes('any')) return true;
  return m.tags.some((t) => domains.has(t));
}

export default defineScorer({
  id: 'compliance',
  description:
    'Credits regulation and ethics concepts tied to an action in the design (audit, legal review, explaining decisions, human review, data minimization), weighted by the domain the question and answer are in (lending → fair lending; health → HIPAA / FDA).',
  options,
  messages: {
    'missing-in-sensitive-domain': 'This is a {domain} problem: say which rule or ethical risk applies ({examples}) and how it changes the design.',
    'name-drop': 'You name {term} but not what it changes in the design; say what you did because of it.',
    'off-domain': '{term} does not govern this domain; name the rule that does.',
    'negated-compliance': 'Compliance appears only as something that was skipped.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const regsAll = ctx.lexicons.get('regulations').match(doc);
    const ethicsAll = ctx.lexicons.get('ethics').match(doc);
    const regs = creditable(regsAll, info);
    const ethics = creditable(ethicsAll, info);
    const domains = detectDomains(doc, ctx.question, ctx.lexicons);
    for (const d of opts.domains) domains.add(d);
    const sensitive = [...domains].filter((d) => SENSITIVE_DOMAINS.includes(d));
    const acted = (m: LexiconMatch) => {
      const s = doc.sentences[m.sentence];
      for (let k = s.tokenStart; k < s.tokenEnd; k++) {
        if (k >= m.tokenStart && k < m.tokenEnd) continue;
        if (ACTION.test(doc.tokens[k].stem) && doc.tokens[k].negation < 0) return true;
      }
      return false;
    };
    const items: { m: LexiconMatch; strength: number; signal: string }[] = [];
    const feedback: RawFinding[] = [];
    for (const m of regs) {
      const rel = relevant(m, domains);
      const act = acted(m);
      const strength = (rel ? 1 : 0.35) * (act ? 1 : 0.5) * (m.group === 'reviewer' ? 0.8 : 1);
      items.push({ m, strength, signal: m.group === 'reviewer' ? 'review-body' : 'regulation' });
      if (!rel && !feedback.some((f) => f.messageId === 'off-domain')) feedback.push({ messageId: 'off-domain', data: { term: m.text }, span: m.span });
    }
    for (const m of ethics) {
      const act = acted(m);
      items.push({ m, strength: 0.8 * (act ? 1 : 0.5), signal: `ethics-${m.group ?? 'concept'}` });
    }
    // One credit per concept: repeats of "GDPR" earn nothing more.
    const byEntry = new Map<string, (typeof items)[number]>();
    for (const it of items) {
      const key = `${it.m.lexicon}:${it.m.entry}`;
      const prev = byEntry.get(key);
      if (!prev || prev.strength < it.strength) byEntry.set(key, it);
    }
    const distinct = [...byEntry.values()].sort((a, b) => b.strength - a.strength);
    const ev: Evidence[] = distinct.slice(0, 5).map((it) => evidence(it.m, it.signal));
    const negated = [...regsAll, ...ethicsAll].filter((m) => m.negated);
    for (const m of negated.slice(0, 3)) ev.push(evidence(m, m.lexicon === 'ethics' ? 'ethics-concept' : 'regulation'));
    if (distinct.length && distinct[0].strength < 0.6 && distinct[0].m.lexicon === 'regulations') feedback.push({ messageId: 'name-drop', data: { term: distinct[0].m.text }, span: distinct[0].m.span });
    if (negated.length && !distinct.length) feedback.push({ messageId: 'negated-compliance', span: negated[0].span });
    if (!distinct.length) {
      if (!sensitive.length && !negated.length) return { score: opts.whenNotNeeded === 'null' ? null : 0, evidence: ev, feedback };
      if (sensitive.length) {
        const examples = ctx.lexicons
          .data('regulations')
          .entries.filter((e) => e.tags?.includes(sensitive[0]))
          .slice(0, 3)
          .map((e) => e.variants[0]);
        feedback.push({ messageId: 'missing-in-sensitive-domain', data: { domain: sensitive[0], examples: examples.join(', ') || 'the relevant regulation' } });
      }
      return { score: 0, evidence: ev, feedback };
    }
    let score = diminishing(distinct.map((d) => d.strength), 1.25);
    const cap = stuffingCap([...regsAll, ...ethicsAll], info);
    score = Math.min(score, cap.cap);
    return { score, evidence: ev, feedback, flags: cap.flag ? [cap.flag] : [] };
  },
});
