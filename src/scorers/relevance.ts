import { z } from 'zod';
import type { AnswerDocument } from '../document/analyze.js';
import type { LexiconSet } from '../lexicons/index.js';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { constructions } from './constructions.js';
import { BACKGROUND, isContentWord, POSITION_VERB, ROLE_STEM, sentenceText, spanEvidence } from './shared.js';


// Openings that turn away from the question, and the sentence that says what the answer builds instead.
const REFRAME = /\b(push back|pushback|let me (talk|focus)|the (real|biggest|quickest|easiest|best|main) (problem|issue|question|opportunity|lever|win|way|place to start)|what (really )?matters (more|most) is|the better question|is won or lost)\b/i;
// "I'd focus on..." turns away only as the sentence's opening ("So I'd focus on adoption"), not after a reason ("Since misses cost more, I'd focus on recall").
const REFRAME_OPENING = /^(so,? )?(i'd|i would) focus on\b/i;
const BUILD = /\b(i'd|i would|we'd|we would|i will|i'll)\s+(build|design|focus on|propose|create|tackle|start with|talk about|put the ai|put the effort|put the model)\b|\blet me talk about\b|^\W*feature\W*:/i;

// Ways of declining the call a decision question asks for, each a kind of its own: refusing the
// choice, saying it depends, keeping both, and handing the call to someone else.
const DODGES: [string, RegExp][] = [
  ['refuses-choice', /\b(either[ /-]?or|one or the other|neither is wrong|pick winners|make the call on my own)\b/],
  ['no-answer', /\b(no (single |one )?right answer|(rarely|isn't really|not really) (one|a single) (right )?answer|one-size-fits-all|(it|that|this) (really |all )?depends( on)?\b|the right answer depends)/],
  ['keeps-both', /\b(both (of these |options |projects |initiatives )?(are|is|matter|deserve|really)|(do|doing|deliver on|progress on) both( fronts)?|a bit of both|best of both|on both fronts)\b/],
  ['hands-off', /\b(let (them|leadership|the (framework|data|customers?|team|business|exec\w*)) (decide|weigh in|choose|make the call)|leadership (to )?(weigh in|decide|make the call)|in (the )?(customers?|users?|leadership)'?s? hands|to weigh in on the final|((a|really a) leadership|her|his|their|leadership's) decision, so|(not|isn't) (my|the pm's) (place|call|decision)|whatever (she|he|they|leadership) decides?|defer to them)/],
];
const TASK_VERB = /^(design|build|propos|creat|tackl|start|focu|talk|develop|make|featur)$/;

interface Ask {
  id: string;
  question: RegExp;
  satisfied: (doc: AnswerDocument, lex: LexiconSet) => boolean;
}

const anyOf = (lexicon: string, filter?: (group: string | undefined, entry: string) => boolean) => (doc: AnswerDocument, lex: LexiconSet) =>
  lex.get(lexicon).match(doc).some((m) => !filter || filter(m.group, m.entry));
/** Choosing in words ("I'd prioritise", "I'd go with", "we give up"), not just any imperative. */
const choosesInWords = (doc: AnswerDocument, lex: LexiconSet) =>
  anyOf('contrast', (g) => g === 'decision')(doc, lex) || anyOf('prioritization', (g) => g === 'decision' || g === 'giveup')(doc, lex);

/** A decision told in a story: "we turned it off for everyone", "I decided to hold it". */
const TOLD_DECISION = /^(decid|chose|pick|turn|switch|shut|kill|retir|stop|paus|roll|cut|drop|ship|launch|delai|delay|held|hold|move|pull|scrap|sunset|postpon|block|approv|reject)/;
function toldDecision(doc: AnswerDocument): boolean {
  for (const t of doc.tokens) {
    if (!/^(i|we)$/.test(t.lower) || t.negation >= 0) continue;
    const v = doc.tokens[t.i + 1];
    if (v && v.negation < 0 && /ed$|^(chose|held|shut|cut|made)$/.test(v.lower) && TOLD_DECISION.test(v.stem)) return true;
    if (v?.lower === 'made' && doc.tokens[t.i + 2]?.lower === 'the' && doc.tokens[t.i + 3]?.lower === 'call') return true;
  }
  return false;
}

/** What a question asks for, and the kind of content that addresses it (affirmed or not). */
const ASKS: Ask[] = [
  { id: 'causal-evidence', question: /\b(caus\w*|how (do|would|did) you (know|tell|show|prove)|prove|attribut\w*|it was the model)\b/, satisfied: anyOf('experiment') },
  { id: 'success-metrics', question: /\b(success\w*|measur\w*|kpis?|what moved|by how much|define success)\b/, satisfied: (d, l) => anyOf('kpis')(d, l) || anyOf('model-metrics')(d, l) },
  { id: 'decision', question: /\b(prioriti[sz]\w*|choose|decide|decision|which (one|would|should|do)|what (would|do) you do|pick|ship|delay|go with)\b/, satisfied: (d, l) => choosesInWords(d, l) || constructions(d).some((c) => c.kind === 'decision' && !c.negated) || toldDecision(d) },
  { id: 'threshold', question: /\b(threshold|cut-?off|operating point)\b/, satisfied: anyOf('model-metrics', (g) => g === 'threshold') },
  { id: 'operations', question: /\b(monitor\w*|drift|in production|retrain\w*)\b/, satisfied: anyOf('mlops') },
  // An agreement or contract question is answered by its terms and what happens on a breach.
  { id: 'agreement-terms', question: /\b(agreement|contract|breach\w*|slas?)\b/, satisfied: (d, l) => anyOf('mlops', (g, e) => g === 'data-contract' || e === 'sla-slo' || e === 'escalation')(d, l) || d.tokens.some((t) => /^(breach|agreement|contract|sla|slas|notic)$/.test(t.stem)) },
  { id: 'stakeholders', question: /\b(disagree\w*|conflict|push(ed)? back|convinc\w*|legal|stakeholders?|mediat\w*|director|leadership)\b/, satisfied: anyOf('stakeholders', (g) => g === 'party') },
  { id: 'own-story', question: /^tell me about\b|\b(tell me about a time|walk me through|a time (when|you)|what did you|have you ever|describe a (time|situation)|your (most|experience|background)|you (moved|shipped|owned|led|built))\b/, satisfied: (d) => d.tokens.filter((t) => t.negation < 0 && /^(i|we|my|our|i'd|we'd|i've|we've)$/.test(t.lower)).length >= 3 },
  { id: 'evaluation', question: /\b(limitations?|limits|evaluat\w*)\b/, satisfied: (d, l) => anyOf('model-metrics', (g) => g === 'evaluation' || g === 'generation')(d, l) },
];

// Verbs and counts that any option can start with; an option is told apart by its object.
const OPTION_FILLER = new Set(['add', 'cut', 'improv', 'build', 'rebuild', 'fix', 'reduc', 'increas', 'ship', 'launch', 'current', 'two', 'three', 'four', 'five', 'six', 'first', 'next', 'quarter', 'week', 'month', 'either', 'both', 'instead', 'now']);
const OPTION_STOP_BACK = /^(either|between|can|could|should|must|to|whether)$/;

/**
 * The alternatives a choose-between question offers ("You can either improve X, or rebuild Y.
 * Which do you pick?"): the distinctive stems on each side of each "or".
 */
function questionOptions(q: AnswerDocument): string[][] {
  const out: string[][] = [];
  const side = (from: number, to: number) => {
    const stems: string[] = [];
    for (let k = from; k < to; k++) {
      const t = q.tokens[k];
      if (!isContentWord(t) || OPTION_FILLER.has(t.stem)) continue;
      stems.push(t.stem);
    }
    return stems;
  };
  for (const t of q.tokens) {
    if (t.lower !== 'or' || t.i === 0) continue;
    const next = q.tokens[t.i + 1];
    if (!next || next.sentence !== t.sentence || /^(not|more|less|so|two|three|fewer|worse|better)$/.test(next.lower)) continue;
    const s = q.sentences[t.sentence];
    let a = t.i - 1;
    while (a > s.tokenStart && t.i - a < 12 && !OPTION_STOP_BACK.test(q.tokens[a].lower) && !/[:;]/.test(q.normalized.slice(q.tokens[a - 1].ne, q.tokens[a].ns))) a--;
    let b = t.i + 1;
    while (b < s.tokenEnd && b - t.i < 12 && !/^(which|who|because|so)$/.test(q.tokens[b].lower) && !(b > t.i + 1 && /[,;:(]/.test(q.normalized.slice(q.tokens[b - 1].ne, q.tokens[b].ns)))) b++;
    const left = side(a, t.i);
    const right = side(t.i + 1, b);
    // An option is told apart by at least two distinctive words ("delay or roll back" is one act).
    if (left.length >= 2 && right.length >= 2) out.push(left, right);
  }
  return out;
}

export const options = z.strictObject({
  /** Share of the question's key words below which an answer that also misses the asks is off-topic. */
  offTopicBelow: z.number().min(0).max(1).default(0.25),
  /** Share of the question's key words an on-topic answer typically reuses. */
  coverageForFull: z.number().min(0.05).max(1).default(0.45),
});
type Options = z.infer<typeof options>;

function keyStems(q: AnswerDocument): Map<string, number> {
  const m = new Map<string, number>();
  // The sentence that asks (the last one, usually) weighs double: it says what to answer.
  const askSentence = [...q.sentences].reverse().find((s) => /\?\s*$/.test(q.text.slice(s.span.start, s.span.end))) ?? q.sentences[q.sentences.length - 1];
  for (const t of q.tokens) {
    if (!isContentWord(t)) continue;
    const w = askSentence && t.sentence === askSentence.index ? 2 : 1;
    m.set(t.stem, Math.max(m.get(t.stem) ?? 0, w));
  }
  return m;
}

export default defineScorer({
  id: 'relevance',
  description:
    'How well the answer addresses the question when one is given: reuse of the question\'s key words (the asking sentence weighs double) and whether it covers what the question asks for (causal evidence, success metrics, a decision, a threshold...). An answer to a different question gets a low score and an off-topic flag that caps the total.',
  options,
  messages: {
    'off-topic': 'This answers a different question. The question asks about {topics}.',
    'missed-ask': 'The question asks for {ask}, which the answer does not address.',
    'missed-option': 'The question asks you to choose between options; the answer never weighs "{option}".',
    'missed-parties': 'The question is about a disagreement between people; say what each side wants and how you brought them to a decision.',
    'swapped-task': 'The answer turns to a different problem than the one asked; answer the question first, then say what else you would do.',
    'no-story': 'The question asks for your own example; the answer says you have not done it. Pick the closest real situation and tell it.',
    'dodges-decision': 'The question asks you to make a call; "{text}" declines it. Choose, say what you give up, and what would change your mind.',
    'no-question': 'No question was given, so relevance was not scored.',
  },
  score(doc, opts: Options, ctx) {
    if (!ctx.question) return { score: null, evidence: [], feedback: [{ messageId: 'no-question' }] };
    const q = ctx.question;
    const keys = keyStems(q);
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    let total = 0;
    let hit = 0;
    const seen = new Set<string>();
    const answerStems = new Map<string, number>();
    for (const t of doc.tokens) if (!answerStems.has(t.stem)) answerStems.set(t.stem, t.i);
    for (const [stem, w] of keys) {
      total += w;
      const at = answerStems.get(stem);
      if (at !== undefined) {
        hit += w;
        if (!seen.has(stem) && ev.length < 6) {
          const t = doc.tokens[at];
          ev.push(spanEvidence(doc, { start: t.start, end: t.end }, 'question-term'));
        }
        seen.add(stem);
      }
    }
    const coverage = total ? hit / total : 1;
    const qText = q.normalized.toLowerCase();
    const asks = ASKS.filter((a) => a.question.test(qText));
    const met = asks.filter((a) => a.satisfied(doc, ctx.lexicons));
    // A question with only a couple of distinctive words cannot tell on- from off-topic by words.
    const reliable = keys.size >= 5;
    const lexical = reliable ? Math.min(1, coverage / opts.coverageForFull) : Math.max(0.6, Math.min(1, coverage / opts.coverageForFull));
    // A choose-between question is answered by weighing its options: an answer that never names
    // one of them answers a narrower question ("how I'd fix hallucinations" for "fix them or add
    // languages?").
    // A story question ("Tell me about a time you chose not to use ML, or went with something
    // simpler") names the kinds of story it wants, not options to weigh.
    const storyAsked = /\b(tell me about|a time (when|you)|describe a (time|situation)|walk me through a time|have you ever)\b/.test(qText);
    const decisionAsked = !storyAsked && /\b(which (do|would|should) you (pick|choose|do)|choose|pick one|prioriti[sz]\w*|what (would|do) you do|how (do|would) you decide|decide)\b/.test(qText);
    const opts2 = decisionAsked ? questionOptions(q) : [];
    const missingOption = opts2.find((o) => !o.some((st) => answerStems.has(st)));
    // A question's stem in the words the question used.
    const wordOf = (st: string) => q.tokens.find((t) => t.stem === st)?.lower ?? st;
    const missing = missingOption?.slice(0, 3).map(wordOf).join(' ');
    if (missing) feedback.push({ messageId: 'missed-option', data: { option: missing } });
    const askFrac = (asks.length ? met.length / asks.length : 1) * (missingOption ? 0.5 : 1);
    const score = asks.length ? 0.5 * lexical + 0.5 * askFrac : lexical;
    for (const a of asks) if (!met.includes(a)) feedback.push({ messageId: 'missed-ask', data: { ask: a.id.replace(/-/g, ' ') } });
    const flags = [];
    // Off-topic needs both signals: the answer misses what the question asks for and reuses none of
    // the asking sentence's distinctive words. Good answers paraphrase the question's words, so word
    // overlap alone flags nothing; a neighbouring question's answer misses the asks.
    const askKeys = [...keys.entries()].filter(([, w]) => w === 2).map(([k]) => k);
    const askCov = askKeys.length ? askKeys.filter((k) => answerStems.has(k)).length / askKeys.length : 1;
    // A story question answered with "I haven't really pushed back on a launch": the candidate says,
    // in the opening, that they have not done what the question asks about.
    let noStory: { start: number; end: number } | null = null;
    if (/\b(tell me about a time|a time (when|you)|describe a (time|situation)|have you ever|what is the most|what's the most)\b/.test(qText)) {
      // What the question itself asks about in the negative ("a time you chose not to use ML") is
      // the story, not a refusal to tell one.
      const negatedInQuestion = new Set(q.tokens.filter((t) => t.negation >= 0).map((t) => t.stem));
      for (const s of doc.sentences.slice(0, 2)) {
        let mine = false;
        for (let k = s.tokenStart; k < s.tokenEnd; k++) if (/^(i|i've|i'd|we|we've)$/.test(doc.tokens[k].lower)) mine = true;
        if (!mine) continue;
        for (let k = s.tokenStart; k < s.tokenEnd && !noStory; k++) {
          const t = doc.tokens[k];
          if (t.negation >= 0 && doc.negations[t.negation].kind === 'denial' && keys.has(t.stem) && t.stem.length > 3 && !negatedInQuestion.has(t.stem)) noStory = doc.sentences[t.sentence].span;
        }
        if (noStory) break;
      }
      if (noStory) feedback.push({ messageId: 'no-story', span: noStory });
    }
    // A disagreement question names its parties ("your ML lead and your head of sales disagree");
    // an answer that never mentions either of them, nor "both sides", answers a neighbouring
    // technical question.
    let partiesMissed = false;
    if (/\b(disagree\w*|conflict\w*|dispute\w*|mediat\w*|resolve|tension)\b/.test(qText)) {
      // Customers are who the product serves, rarely a side of the dispute.
      const disputing = (m: { group?: string; entry: string }) => m.group === 'party' && m.entry !== 'customers';
      const qParties = new Set(ctx.lexicons.get('stakeholders').match(q).filter(disputing).map((m) => m.entry));
      const named = /\b(lead|head|director|vp|manager|team|engineer|scientist|counsel)\b/.test(qText);
      if (qParties.size >= 2 || (qParties.size === 1 && named)) {
        const aParties = new Set(ctx.lexicons.get('stakeholders').match(doc).filter(disputing).map((m) => m.entry));
        const both = doc.tokens.some((t) => /^(both|each|either)$/.test(t.lower) && /^(side|sides|team|teams|of|lead|leads|parti|camp|camps|group|groups|person|director|directors)/.test(doc.tokens[t.i + 1]?.stem ?? ''));
        // Any person by role counts too ("our perception lead, Lena").
        const role = doc.tokens.some((t) => ROLE_STEM.test(t.stem) || /^(team|legal|sale)$/.test(t.stem));
        // The sides as the question calls them: the word before a verb of stating a position ("the
        // editors say", "the audience-growth team wants").
        const sides = new Set<string>();
        for (const t of q.tokens) if (POSITION_VERB.test(t.stem) && t.i > 0 && q.tokens[t.i - 1].kind === 'word' && !BACKGROUND.has(q.tokens[t.i - 1].lower)) sides.add(q.tokens[t.i - 1].stem);
        const sideNamed = doc.tokens.some((t) => sides.has(t.stem));
        partiesMissed = ![...qParties].some((p) => aParties.has(p)) && !both && !role && !sideNamed && doc.stats.words >= 40;
        if (partiesMissed) feedback.push({ messageId: 'missed-parties' });
      }
    }
    // A reframe that swaps the task: the opening turns away from the question ("I'd push back a
    // little...", "I'd focus on...", "let me talk about...") and what the answer then builds shares
    // no content word with the question ("So the AI feature I'd design is a cash-flow forecast").
    let swapped: { start: number; end: number } | null = null;
    {
      const opening = doc.sentences.slice(0, 3);
      const reframes = opening.some((s) => REFRAME.test(sentenceText(doc, s.index)) || REFRAME_OPENING.test(sentenceText(doc, s.index).trim()));
      if (reframes) {
        const build = doc.sentences.slice(0, 4).find((s) => BUILD.test(sentenceText(doc, s.index)));
        if (build) {
          // What is built: from the building verb to the end of its clause ("I'd focus on making
          // the search page smarter, because that's where value on a booking site is decided").
          const m = BUILD.exec(sentenceText(doc, build.index));
          const at = doc.tokens[build.tokenStart].ns + (m ? m.index + m[0].length : 0);
          let from = build.tokenStart;
          while (from < build.tokenEnd && doc.tokens[from].ns < at) from++;
          const clauseEnd = from < build.tokenEnd ? doc.clauses[doc.tokens[from].clause].tokenEnd : build.tokenEnd;
          let overlap = false;
          for (let k = from; k < clauseEnd; k++) {
            const t = doc.tokens[k];
            if (isContentWord(t, 4) && !TASK_VERB.test(t.stem) && keys.has(t.stem)) overlap = true;
          }
          if (!overlap) swapped = build.span;
        }
      }
      if (swapped) feedback.push({ messageId: 'swapped-task', span: swapped });
    }
    const choiceWords = choosesInWords(doc, ctx.lexicons);
    // Declining the call: two kinds of dodge ("both matter, so not either/or", "it depends... let
    // leadership weigh in"), or one with no choice made in words.
    let dodge: { span: { start: number; end: number }; text: string } | null = null;
    if (asks.some((a) => a.id === 'decision') && !storyAsked) {
      const kinds = new Set<string>();
      const lower = doc.normalized.toLowerCase();
      for (const [kind, re] of DODGES) {
        const m = re.exec(lower);
        if (!m) continue;
        kinds.add(kind);
        if (!dodge) {
          const span = doc.toOriginal(m.index, m.index + m[0].length);
          dodge = { span, text: doc.slice(span) };
        }
      }
      if (!(kinds.size >= 2 || (kinds.size === 1 && !choiceWords))) dodge = null;
      if (dodge) feedback.push({ messageId: 'dodges-decision', data: { text: dodge.text }, span: dodge.span });
    }
    const substantive = doc.stats.words >= 25 && reliable && asks.length > 0;
    // Misses what the question asks for and reuses none of the asking sentence's words.
    const lexicallyOff = substantive && askFrac === 0 && askCov === 0 && coverage < opts.offTopicBelow;
    const optionOff = substantive && !!missingOption && !choiceWords;
    const offTopic = partiesMissed || !!swapped || lexicallyOff || optionOff || !!noStory;
    if (offTopic) {
      const topics = [...keys.entries()].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([s]) => s);
      const topicWords = (optionOff && !lexicallyOff ? missingOption! : topics).slice(0, 4).map(wordOf).join(', ');
      if (!noStory && !partiesMissed && !swapped) feedback.unshift({ messageId: 'off-topic', data: { topics: topicWords } });
      const message = noStory
        ? 'The answer opens by saying the candidate has not done what the question asks about.'
        : partiesMissed
        ? 'The question is about a disagreement between people; the answer never mentions them.'
        : swapped
        ? 'The answer sets the question aside and builds something else.'
        : optionOff
        ? `The question asks for a choice between options; the answer never weighs "${missing}" and makes no choice.`
        : `The answer misses what the question asks for and reuses few of its key words (coverage ${coverage.toFixed(2)}).`;
      flags.push({ id: 'off-topic', message, ...(noStory ? { span: noStory } : {}) });
    }
    if (dodge) flags.push({ id: 'dodges-decision', message: `Declines the call the question asks for: "${dodge.text}".`, span: dodge.span });
    return { score, evidence: ev, feedback, flags };
  },
});
