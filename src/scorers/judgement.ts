import { z } from 'zod';
import type { LexiconMatch } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding, type RawFlag } from './define-scorer.js';
import { asMatch, constructions } from './constructions.js';
import { creditable, diminishing, evidence, POSITION_VERB, ROLE_STEM, sentenceText, stuffing } from './shared.js';

const DILIGENCE = /^(test|evalu|check|valid|audit|analysi|analyz|analys|review|pilot|monitor|measur|experi|trial|verifi|sampl)/;
// Checks one can refuse to do ("I wouldn't run field trials", "we don't need to validate it").
const REJECTABLE = /^(test|evalu|valid|audit|pilot|experi|trial|verifi|compar|backtest|stage)/;
// Words that may stand between the refusal and the check: "don't think we need to evaluate",
// "wouldn't bother running a formal pilot".
const REFUSAL_FILLER = /^(run|running|do|doing|build|building|bother|spend|any|a|an|the|field|formal|separate|full|big|proper|to|need|needs|really|think|we|i|even|time|on|more|extra|further|another|also|or)$/;
const REGRET = /\b(mistake|regret|should have|lesson|wish|learned|learnt|in hindsight)\b/;
const IMPERATIVE = /^(add|hide|set|use|send|track|ship|launch|turn|switch|remov|drop|keep|let|make|put|run|start|stop|show|tell|charg|flag|block|rout|skip|ignor|collect|store|share|sell|train|deploy|push|default|move|cap|limit|lower|rais|improv|build|monitor|cut|offer|replac|disabl|delet|log|scrape|target)$/;
const RED_FLAG_KINDS = new Set(['removes-protection', 'protected-input', 'obstructs-exit', 'automated-adverse', 'withholds', 'defers-review', 'targets-vulnerable', 'quiet-change', 'hides-disparity', 'trains-on-private', 'dismisses-obligation']);
const FIRST_PERSON = new Set(['i', 'we', "i'd", "we'd", "i'll", "we'll", "i'm", "we're", 'my', 'our', 'us', 'me', "let's"]);
/** Lexicon groups that name good practice: an answer that mentions them only as not done is a red flag. */
const PRACTICE: Record<string, Set<string>> = {
  experiment: new Set(['randomized', 'quasi', 'guardrail']),
  safeguards: new Set(['safeguard']),
  mlops: new Set(['monitoring', 'rollback', 'ownership']),
  ethics: new Set(['oversight', 'fairness', 'safety']),
  'model-metrics': new Set(['evaluation']),
};

// A party followed by a verb of stating a position reports someone else's view ("Sales wanted to
// launch to everyone"); a party as the object ("default users to...") does not.
type Doc = import('../document/analyze.js').AnswerDocument;
// Who can state a position besides people named by role: pronouns, teams and functions.
const PERSONISH = /^(they|he|she|team|legal|sale|market|complianc|leadership|someon|custom|user|client|partner|board|growth|product|ops|oper|financ|support|peopl|everyon|nobodi|somebodi)$/;
function reports(doc: Doc, from: number, to: number): boolean {
  for (let k = from; k < Math.min(to, from + 4); k++) if (POSITION_VERB.test(doc.tokens[k].stem)) return true;
  return false;
}
/** The nearest verb of stating a position before `to` has the candidate as its subject ("...but I argued that"). */
function saidByCandidate(doc: Doc, from: number, to: number): boolean {
  for (let k = to - 1; k > from; k--) if (POSITION_VERB.test(doc.tokens[k].stem)) return FIRST_PERSON.has(doc.tokens[k - 1].lower);
  return false;
}
/** A verb of stating a position whose subject is not the candidate ("Growth wanted to skip the audit"). */
function reportedBefore(doc: Doc, from: number, to: number): boolean {
  // The nearest such verb decides: in "Legal asked for a review, but I argued that...", what
  // follows "I argued" is the candidate's.
  for (let k = to - 1; k > from; k--) {
    if (!POSITION_VERB.test(doc.tokens[k].stem)) continue;
    const prevTok = doc.tokens[k - 1];
    const prev = prevTok.lower;
    if (FIRST_PERSON.has(prev)) return false;
    if (/^(would|'d|also|really|strongly|still|originally|initially)$/.test(prev)) continue;
    // The one stating the position is a person or a team ("Growth wanted", "the VP argued",
    // "they said"), not a thing ("a footer saying...").
    if ((prevTok.upper && prevTok.i > doc.sentences[prevTok.sentence].tokenStart) || PERSONISH.test(prevTok.stem) || ROLE_STEM.test(prevTok.stem) || prevTok.i === doc.sentences[prevTok.sentence].tokenStart) return true;
  }
  return false;
}

export const options = z.strictObject({
  /** Distinct practices mentioned only in the negative that raise `rejects-good-practice`. */
  negatedPracticesForFlag: z.number().int().min(1).default(2),
  /** Red-flag statements in the candidate's own voice that raise `unsafe-judgement`. */
  redFlagsForFlag: z.number().int().min(1).default(2),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'judgement',
  description:
    'Product judgement around risk: credits safeguards (human review, appeals, pilots, staged rollout, kill switch, rollback plans); penalizes worrying decisions in the candidate\'s own voice ("no appeals", "straight to all sites", "we can always retrain") and good practice named only as something not done ("we never ran an A/B test"). Raises `risky-judgement` (one red flag), `unsafe-judgement` (two or more) and `rejects-good-practice` flags, which cap the total.',
  options,
  messages: {
    'no-safeguards': 'Say how you limit the damage when the model is wrong: human review, an appeal path, a staged rollout, a kill switch.',
    'red-flag': '"{text}" signals risky judgement: explain how users are protected when the model errs.',
    'negated-practices': 'Good practice appears only as things not done ({examples}); say what you did instead or would do now.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const sg = ctx.lexicons.get('safeguards').match(doc);
    const safeguards = creditable(sg, info).filter((m) => m.group === 'safeguard');
    // A red flag counts in the candidate's own voice: a first-person word in the sentence and no
    // other party ("Sales wanted to launch to everyone" reports a position, it is not one).
    const parties = ctx.lexicons.get('stakeholders').match(doc).filter((m) => m.group === 'party');
    // Paragraphs where the candidate speaks in the first person: a construction there ("Consent can
    // be handled in a terms update later") is part of their plan.
    const firstPersonParagraphs = new Set<number>();
    for (const t of doc.tokens) if (FIRST_PERSON.has(t.lower)) firstPersonParagraphs.add(doc.sentences[t.sentence].paragraph);
    const ownVoice = (m: LexiconMatch) => {
      if (!saidByCandidate(doc, doc.sentences[m.sentence].tokenStart, m.tokenStart) && parties.some((p) => p.sentence === m.sentence && p.tokenStart < m.tokenStart && reports(doc, p.tokenEnd, m.tokenStart))) return false;
      if (reportedBefore(doc, doc.sentences[m.sentence].tokenStart, m.tokenStart)) return false;
      const s = doc.sentences[m.sentence];
      for (let k = s.tokenStart; k < s.tokenEnd; k++) if (FIRST_PERSON.has(doc.tokens[k].lower)) return true;
      // A construction (which already checks who acts) in a paragraph where the candidate speaks, or
      // in a bullet of an answer told in the first person, is the candidate's plan. A lexicon phrase
      // there may describe the problem instead ("a missed case gets auto-approved").
      if (m.lexicon === 'constructions' && (firstPersonParagraphs.has(s.paragraph) || (s.listItem >= 0 && firstPersonParagraphs.size > 0))) return true;
      // A bullet written as an instruction ("- Add a footer saying answers are not binding") is the plan.
      if (s.listItem >= 0 && firstPersonParagraphs.size > 0 && IMPERATIVE.test(doc.tokens[s.tokenStart]?.stem ?? '')) return true;
      return m.sentence > 0 && doc.sentences[m.sentence].tokenEnd - doc.sentences[m.sentence].tokenStart < 12;
    };
    // A risky mode named as what gets switched off ("if it slips we switch auto-reject off",
    // "disable auto-approve") is the safeguard, not the risk.
    const switchedOff = (m: LexiconMatch) => {
      const before = doc.tokens.slice(Math.max(0, m.tokenStart - 3), m.tokenStart);
      if (before.some((t) => /^(disabl|deactiv|retir|stop|paus|kill|suspend)$/.test(t.stem))) return true;
      const onOff = before.some((t) => /^(switch|turn|shut)$/.test(t.stem));
      return onOff && /^(off|down)$/.test(doc.tokens[m.tokenEnd]?.lower ?? '');
    };
    // A risky mode the candidate calls risky ("Auto-declining is one route to it, and the riskiest,
    // because...") is weighed, not chosen; so is one named as what people would suspect or what the
    // plan avoids ("a keyboard people suspect of reading their messages gets uninstalled").
    const judgedRisky = (m: LexiconMatch) => {
      const s = doc.sentences[m.sentence];
      for (let k = Math.max(s.tokenStart, m.tokenStart - 4); k < m.tokenStart; k++) if (/^(suspect|accus|fear|afraid|worri|avoid|prevent|suspicion)/.test(doc.tokens[k].stem)) return true;
      for (let k = m.tokenEnd; k < Math.min(s.tokenEnd, m.tokenEnd + 10); k++) {
        if (!/^(riski|riskiest|riskier|danger|dangerous|unsaf|worst)$/.test(doc.tokens[k].stem)) continue;
        if (/^(less|least|not|low|lower|minim|no)$/.test(doc.tokens[k - 1]?.lower ?? '') || doc.tokens[k].negation >= 0) return false;
        return true;
      }
      return false;
    };
    // Some calls are never a description of the problem: consent taken by default or people watched
    // one by one ("a pre-selected box sends the family a weekly report") is the plan in any voice,
    // unless someone else is reported as wanting it.
    const anyVoice = (m: LexiconMatch) => m.tags.includes('plan-in-any-voice') && firstPersonParagraphs.size > 0 && !reportedBefore(doc, doc.sentences[m.sentence].tokenStart, m.tokenStart);
    const redFlags = sg.filter((m) => m.group === 'red-flag' && !m.negated && (ownVoice(m) || anyVoice(m)) && !switchedOff(m) && !judgedRisky(m));
    // The same judgement in the candidate's own words: taking a protection away, or deciding on a
    // protected attribute.
    for (const c of constructions(doc)) {
      if (!RED_FLAG_KINDS.has(c.kind) || c.negated || info.stuffed[c.tokenStart]) continue;
      const m = asMatch(c, doc, 'red-flag');
      if (!ownVoice(m) || switchedOff(m) || judgedRisky(m) || redFlags.some((r) => r.tokenStart < m.tokenEnd && m.tokenStart < r.tokenEnd)) continue;
      redFlags.push(m);
    }
    // Refusing a check in the candidate's own voice ("I wouldn't run field trials", "we don't need
    // to validate the model against yield maps") while the answer puts no other test in its place:
    // a worrying call, not a lesson told or a design swapped for a better one.
    const designs = ctx.lexicons.get('experiment').match(doc).filter((m) => !m.negated && (m.group === 'randomized' || m.group === 'quasi'));
    if (!designs.length) {
      for (const t of doc.tokens) {
        if (!REJECTABLE.test(t.stem) || t.negation < 0 || info.stuffed[t.i]) continue;
        const scope = doc.negations[t.negation];
        if (scope.kind !== 'denial') continue;
        // the cue's token: the nearest one before the check that starts where the cue does
        let cueTok = t.i - 1;
        while (cueTok >= 0 && doc.tokens[cueTok].start > scope.cue.start) cueTok--;
        if (cueTok < 0 || doc.tokens[cueTok].start !== scope.cue.start) continue;
        const cue = doc.tokens[cueTok].lower;
        const text = sentenceText(doc, t.sentence).toLowerCase();
        const refusal = /^(wouldn't|won't|shouldn't)$/.test(cue) || (/^(don't|doesn't|no|needn't)$/.test(cue) && /\b(need|needs|necessary|bother|worth)\b/.test(text));
        if (!refusal || REGRET.test(text)) continue;
        let direct = true;
        for (let k = cueTok + 1; k < t.i; k++) if (!REFUSAL_FILLER.test(doc.tokens[k].lower)) direct = false;
        if (!direct) continue;
        const m = asMatch({ kind: 'rejects-check', span: { start: scope.cue.start, end: t.end }, text: doc.text.slice(scope.cue.start, t.end), tokenStart: cueTok, tokenEnd: t.i + 1, sentence: t.sentence, negated: false }, doc, 'red-flag');
        if (!ownVoice(m) || redFlags.some((r) => r.tokenStart < m.tokenEnd && m.tokenStart < r.tokenEnd)) continue;
        redFlags.push(m);
        break;
      }
    }
    redFlags.sort((x, y) => x.tokenStart - y.tokenStart);
    // A practice not done, told as a mistake ("we didn't run a pilot, which was a mistake") or swapped
    // for another in the same sentence ("I wouldn't A/B test alerts; instead a stepped-wedge
    // rollout"), is a lesson or a design choice, not a rejection of good practice.
    // ("Instead of an A/B test we just launched" swaps it for nothing: still a rejection.)
    const designSentences = new Set(designs.map((m) => m.sentence));
    for (const m of safeguards) designSentences.add(m.sentence);
    const excused = new Map<number, boolean>();
    const isExcused = (sentence: number) => {
      if (!excused.has(sentence)) {
        const text = sentenceText(doc, sentence).toLowerCase();
        excused.set(sentence, REGRET.test(text) || (/\b(instead|rather than)\b/.test(text) && designSentences.has(sentence)));
      }
      return excused.get(sentence)!;
    };
    const negated: LexiconMatch[] = [];
    const affirmed = new Set<string>();
    for (const [lexId, groups] of Object.entries(PRACTICE)) {
      for (const m of ctx.lexicons.get(lexId).match(doc)) {
        if (!groups.has(m.group ?? '')) continue;
        if (m.negated) {
          // "Growth wanted to skip the audit" is their position, not the candidate's practice.
          if (!reportedBefore(doc, doc.sentences[m.sentence].tokenStart, m.tokenStart) && !isExcused(m.sentence)) negated.push(m);
        }
        else if (!info.stuffed[m.tokenStart]) affirmed.add(`${lexId}:${m.entry}`);
      }
    }
    const negatedDistinct = new Map<string, { span: LexiconMatch['span']; text: string }>();
    for (const m of negated) negatedDistinct.set(`${m.lexicon}:${m.entry}`, m);
    // Diligence said in plain verbs ("I wouldn't spend time testing", "we don't need to check the
    // data") counts like a named practice.
    for (const t of doc.tokens) {
      if (!DILIGENCE.test(t.stem) || info.stuffed[t.i]) continue;
      if (t.negation >= 0) {
        if (reportedBefore(doc, doc.sentences[t.sentence].tokenStart, t.i) || isExcused(t.sentence)) continue;
        if (!negatedDistinct.has(`diligence:${t.stem}`)) negatedDistinct.set(`diligence:${t.stem}`, { span: { start: t.start, end: t.end }, text: doc.text.slice(t.start, t.end) });
      } else affirmed.add(`diligence:${t.stem}`);
    }
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    const flags: RawFlag[] = [];
    const distinctSafeguards = new Map<string, LexiconMatch>();
    for (const m of safeguards) if (!distinctSafeguards.has(m.entry)) distinctSafeguards.set(m.entry, m);
    // A plain-language stop rule ("I'd stop the test if complaints rise by 10%") is a safeguard.
    const stop = constructions(doc).find((c) => c.kind === 'stop-rule' && !c.negated && !info.stuffed[c.tokenStart]);
    if (stop && !distinctSafeguards.has('stop-rule')) distinctSafeguards.set('stop-rule', asMatch(stop, doc, 'safeguard'));
    // So is a go-live gate with a measurable bar ("go live only when wrong matches are rare for every group").
    const gate = constructions(doc).find((c) => c.kind === 'gate' && !c.negated && !info.stuffed[c.tokenStart]);
    if (gate && !distinctSafeguards.has('gate')) distinctSafeguards.set('gate', asMatch(gate, doc, 'safeguard'));
    for (const m of [...distinctSafeguards.values()].slice(0, 3)) ev.push(evidence(m, 'safeguard'));
    for (const m of redFlags.slice(0, 3)) ev.push(evidence(m, 'red-flag'));
    for (const m of [...negatedDistinct.values()].slice(0, 3)) ev.push({ span: m.span, text: m.text, signal: 'good-practice', negated: true });

    let score = 0.4 + 0.6 * diminishing([...distinctSafeguards.values()].map(() => 1), 1.6);
    score -= 0.3 * redFlags.length;
    const onlyNegated = negatedDistinct.size >= opts.negatedPracticesForFlag && affirmed.size <= negatedDistinct.size;
    if (onlyNegated) score -= 0.4;
    if (!distinctSafeguards.size) feedback.push({ messageId: 'no-safeguards' });
    if (redFlags.length) feedback.push({ messageId: 'red-flag', data: { text: redFlags[0].text }, span: redFlags[0].span });
    if (negatedDistinct.size) feedback.push({ messageId: 'negated-practices', data: { examples: [...negatedDistinct.values()].slice(0, 3).map((m) => `"${m.text}"`).join(', ') } });
    if (redFlags.length && redFlags.length < opts.redFlagsForFlag) flags.push({ id: 'risky-judgement', message: `A worrying call: "${redFlags[0].text}".`, span: redFlags[0].span });
    if (redFlags.length >= opts.redFlagsForFlag) flags.push({ id: 'unsafe-judgement', message: `Worrying judgement: ${redFlags.slice(0, 3).map((m) => `"${m.text}"`).join(', ')}.`, span: redFlags[0].span });
    if (onlyNegated) flags.push({ id: 'rejects-good-practice', message: `Good practice appears only as things not done: ${[...negatedDistinct.values()].slice(0, 3).map((m) => `"${m.text}"`).join(', ')}.`, span: [...negatedDistinct.values()][0].span });
    return { score: Math.max(0, Math.min(1, score)), evidence: ev, feedback, flags };
  },
});
