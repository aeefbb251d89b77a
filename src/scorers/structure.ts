import { z } from 'zod';
import { defineScorer, type Evidence, type RawFinding } from './define-scorer.js';
import { creditable, evidence, spanEvidence, stuffing } from './shared.js';

const ORDINALS = new Map<string, number>([
  ['first', 1], ['firstly', 1], ['one', 1], ['second', 2], ['secondly', 2], ['two', 2], ['third', 3], ['thirdly', 3], ['three', 3],
  ['fourth', 4], ['four', 4], ['finally', 9], ['lastly', 9], ['last', 9],
]);
// Section kinds in the order a listener expects them.
const SECTION_ORDER: [RegExp, number][] = [
  [/^(context|situation|background|problem|goal|task|the ask|setup)/i, 0],
  [/^(approach|action|what (we|i) (built|did)|solution|plan|design|option|proposal|the feature)/i, 1],
  [/^(metric|success|result|impact|what moved|outcome|measure|how we know|experiment|evidence)/i, 2],
  [/^(risk|trade|guardrail|compliance|fairness|ethic|what could go wrong|mitigation|monitor|after launch|ownership)/i, 3],
  [/^(recap|summary|in short|bottom line|decision|recommendation|lesson|what i learned|takeaway)/i, 4],
];

export const options = z.strictObject({
  /** Below this many words an answer is easy to follow without visible structure. */
  shortAnswerWords: z.number().int().min(0).default(130),
  /** Above this many words in one paragraph with no signposts, the answer is a wall of text. */
  wallWords: z.number().int().min(1).default(160),
});
type Options = z.infer<typeof options>;

export default defineScorer({
  id: 'structure',
  description:
    'Credits structure a listener can follow: signposted or enumerated steps, headings, named frameworks, sections in a sensible order, and a closing recap. A long wall of text scores low.',
  options,
  messages: {
    'wall-of-text': 'A {words}-word block with no signposts is hard to follow: break it into steps (first..., then..., finally...) or short sections.',
    'no-signposts': 'Signpost the answer: say how many parts it has and walk through them in order.',
    'out-of-order': 'The sections jump around; lead with the context, then the approach, metrics and risks.',
    'no-recap': 'Close with a one-line recap of your answer or decision.',
  },
  score(doc, opts: Options, ctx) {
    const info = stuffing(doc, ctx.lexicons);
    const fw = creditable(ctx.lexicons.get('frameworks').match(doc), info);
    const words = doc.stats.words;
    const ev: Evidence[] = [];
    const feedback: RawFinding[] = [];
    let score = 0;

    // Enumerated steps: ordinal signposts at the start of sentences or clauses ("First, ...", "Two: ...").
    const ordinals = new Set<number>();
    for (const c of doc.clauses) {
      const t = doc.tokens[c.tokenStart];
      const n = ORDINALS.get(t.lower);
      if (n === undefined) continue;
      const next = doc.tokens[c.tokenStart + 1];
      // "one" and "two" count only as labels ("One: ...", "Two, does it..."), not as numbers.
      if ((t.lower === 'one' || t.lower === 'two' || t.lower === 'three' || t.lower === 'four' || t.lower === 'last') && next && next.joined) continue;
      if (!ordinals.has(n)) ev.push(spanEvidence(doc, { start: t.start, end: t.end }, 'signpost'));
      ordinals.add(n);
    }
    const signposts = fw.filter((m) => m.group === 'signpost');
    const frameworks = fw.filter((m) => m.group === 'framework');
    const heads = doc.headings.length;
    const list = doc.listItems.length;
    const ordered = doc.listItems.filter((l) => l.ordered).length;
    // The list items must carry content, not bare terms (those are stuffing, not structure).
    const stuffedItems = doc.listItems.filter((l) => info.stuffed[doc.sentences[l.sentence].tokenStart]).length;
    const realList = list - stuffedItems;

    if (heads >= 2) {
      score += 0.45;
      for (const h of doc.headings.slice(0, 4)) ev.push(spanEvidence(doc, h.span, 'heading'));
    } else if (heads === 1) score += 0.15;
    // "- On time: events land by 06:00" — labelled items are small sections of their own.
    const labelled = doc.listItems.filter((l) => /^[\s*_•+\-\d.)]*[A-Z][\w\s'-]{0,30}[:.](\s|\*)/.test(doc.text.slice(l.span.start, l.span.end).replace(/^\s*[-*•+]\s+|^\s*\d{1,3}[.)]\s+/, ''))).length;
    if (realList >= 3) {
      score += ordered >= 3 ? 0.45 : 0.4;
      if (labelled >= 3) score += 0.15;
      // Evidence: the item's first few words (a token boundary, so never half a character).
      for (const l of doc.listItems.slice(0, 3)) {
        const sent = doc.sentences[l.sentence];
        if (sent.tokenEnd > sent.tokenStart) ev.push(spanEvidence(doc, { start: l.span.start, end: doc.tokens[Math.min(sent.tokenEnd, sent.tokenStart + 6) - 1].end }, 'list-item'));
      }
    } else if (realList === 2) score += 0.15;
    if (ordinals.size >= 3 || (ordinals.size >= 2 && (ordinals.has(9) || ordinals.has(1)))) score += 0.4;
    else if (ordinals.size === 1 || signposts.length >= 2) score += 0.15;
    if (frameworks.length) {
      score += 0.15;
      ev.push(evidence(frameworks[0], 'framework'));
    }
    // Section order: headings (or paragraph openers) of known kinds should not go backwards.
    const kinds: number[] = [];
    for (const h of doc.headings) {
      const hit = SECTION_ORDER.find(([re]) => re.test(h.text));
      if (hit) kinds.push(hit[1]);
    }
    let backwards = 0;
    for (let i = 1; i < kinds.length; i++) if (kinds[i] < kinds[i - 1]) backwards++;
    if (kinds.length >= 2 && backwards === 0) score += 0.1;
    // Sections that jump around cost more than the headings earn.
    const penalty = backwards > 0 ? 0.3 : 0;
    if (backwards > 0) feedback.push({ messageId: 'out-of-order' });
    // A closing recap: a recap marker in the last two sentences.
    const lastSentences = new Set([doc.sentences.length - 1, doc.sentences.length - 2]);
    const recap = fw.find((m) => m.group === 'recap' && lastSentences.has(m.sentence));
    if (recap) {
      score += 0.1;
      ev.push(evidence(recap, 'recap'));
    }
    const paragraphs = doc.paragraphs.length;
    if (paragraphs >= 3 && words > opts.shortAnswerWords) score += 0.1;

    // Visible structure adds to a readability base: a short answer is easy to follow as it is
    // (0.5), and the longer an unsignposted answer runs the harder it gets (down to 0.15 at
    // wallWords). A keyword list has no base: it is not an answer one can follow.
    const structured = heads >= 2 || realList >= 3 || ordinals.size >= 2;
    const over = Math.max(0, words - opts.shortAnswerWords) / Math.max(1, opts.wallWords - opts.shortAnswerWords);
    const base = info.share >= 0.3 ? 0 : 0.5 - 0.35 * Math.min(1, over);
    score = base + (1 - base) * Math.min(1, Math.max(0, score)) - penalty;
    if (info.share >= 0.3) score = Math.min(score, 0.3);
    if (!structured && words > opts.wallWords && paragraphs <= 1) {
      score = Math.min(score, 0.1);
      feedback.push({ messageId: 'wall-of-text', data: { words } });
    } else if (!structured && words > opts.shortAnswerWords) feedback.push({ messageId: 'no-signposts' });
    if (!recap && words > opts.shortAnswerWords && score < 0.9) feedback.push({ messageId: 'no-recap' });
    return { score: Math.min(1, Math.max(0, score)), evidence: ev, feedback };
  },
});
