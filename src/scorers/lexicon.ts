import { z } from 'zod';
import type { AnswerDocument } from '../document/analyze.js';
import type { Span } from '../document/types.js';
import { stem } from '../document/stem.js';
import { AnswerEvalError, RubricValidationError, type IssueLike } from '../errors.js';
import { compileLexicon, variantKeys, type CompiledLexicon, type LexiconMatch } from '../lexicons/compile.js';
import { compilePattern, matchPattern, type CompiledPattern } from '../patterns/index.js';
import { defineScorer, type Evidence, type RawFinding, type RawFlag } from './define-scorer.js';
import { stuffing, stuffingCap } from './shared.js';

const CONCEPT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const ConceptSchema = z.strictObject({
  id: z.string().regex(CONCEPT_ID, 'a kebab-case concept id such as "cost-model"'),
  /** Multi-word phrases in lexicon syntax: stemmed words, `=exact`, `*` for any one word. */
  phrases: z.array(z.string().min(1)).optional(),
  /** Single words matched by prefix or Porter stem: "monetiz" finds "monetize" and "monetization". */
  stems: z.array(z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N}'-]*\*?$/u, 'one word (letters and digits), optionally ending in *').min(2)).optional(),
  /** RE2 regular expressions (linear time), case-insensitive unless they start with (?-i). */
  patterns: z.array(z.string().min(1)).optional(),
});

export const options = z
  .strictObject({
    concepts: z.array(ConceptSchema).min(1),
    /** How many distinct concepts earn full credit. */
    minConcepts: z.number().int().min(1).default(1),
    /** How many matches of one concept count toward minConcepts (repeats beyond are ignored). */
    maxPerConcept: z.number().int().min(1).default(1),
    /** Concept ids that must occur (affirmed) in the same sentence for a match to count. */
    sameSentenceAs: z.array(z.string()).min(1).optional(),
    /** "ignore-negated": "we never priced a false decline" earns nothing; "count-negated": it does. */
    negation: z.enum(['ignore-negated', 'count-negated']).default('ignore-negated'),
  })
  .superRefine((o, ctx) => {
    const ids = new Set<string>();
    o.concepts.forEach((c, i) => {
      if (ids.has(c.id)) ctx.addIssue({ code: 'custom', path: ['concepts', i, 'id'], message: `duplicate concept id "${c.id}"` });
      ids.add(c.id);
      if (!c.phrases?.length && !c.stems?.length && !c.patterns?.length) {
        ctx.addIssue({ code: 'custom', path: ['concepts', i], message: 'a concept needs at least one of phrases, stems or patterns' });
      }
    });
    // Unreachable full credit is a rubric bug, not a hard criterion.
    if (o.concepts.length && o.minConcepts > o.concepts.length * o.maxPerConcept) {
      ctx.addIssue({ code: 'custom', path: ['minConcepts'], message: `minConcepts is ${o.minConcepts} but ${o.concepts.length} concept${o.concepts.length === 1 ? '' : 's'} counted at most ${o.maxPerConcept} time${o.maxPerConcept === 1 ? '' : 's'} each can reach only ${o.concepts.length * o.maxPerConcept}` });
    }
    o.sameSentenceAs?.forEach((id, i) => {
      if (!ids.has(id)) ctx.addIssue({ code: 'custom', path: ['sameSentenceAs', i], message: `unknown concept "${id}"; expected one of ${[...ids].join(', ')}` });
    });
  });
type Options = z.infer<typeof options>;

interface PreparedConcept {
  id: string;
  /** Lower-case prefixes and their Porter stems. */
  stems: { prefix: string; stem: string }[];
  patterns: CompiledPattern[];
}

interface Prepared {
  /** Phrases of all concepts as one token trie; entry id = concept id. */
  phrases: CompiledLexicon | null;
  concepts: PreparedConcept[];
  required: string[];
}

interface Hit {
  concept: string;
  span: Span;
  tokenStart: number;
  sentence: number;
  negated: boolean;
}

function prepare(o: Options): Prepared {
  const issues: IssueLike[] = [];
  const entries: { id: string; variants: string[]; note: string }[] = [];
  const concepts: PreparedConcept[] = o.concepts.map((c, ci) => {
    const variants: string[] = [];
    (c.phrases ?? []).forEach((p, pi) => {
      if (variantKeys(p).length === 0) issues.push({ path: ['concepts', ci, 'phrases', pi], message: `phrase ${JSON.stringify(p)} has no words to match` });
      else variants.push(p);
    });
    if (variants.length) entries.push({ id: c.id, variants, note: 'rubric concept' });
    const stems = (c.stems ?? []).map((s) => {
      const prefix = s.replace(/\*$/, '').toLowerCase().replace(/[\u2018\u2019]/g, "'");
      return { prefix, stem: stem(prefix) };
    });
    const patterns: CompiledPattern[] = [];
    (c.patterns ?? []).forEach((p, pi) => {
      try {
        patterns.push(compilePattern(p));
      } catch (e) {
        if (!(e instanceof AnswerEvalError)) throw e;
        issues.push({ path: ['concepts', ci, 'patterns', pi], message: e.message, code: e.code });
      }
    });
    return { id: c.id, stems, patterns };
  });
  if (issues.length) throw new RubricValidationError(issues, { what: 'lexicon scorer options', code: issues.some((i) => i.code === 'PATTERN_UNSAFE') ? 'PATTERN_UNSAFE' : 'RUBRIC_INVALID' });
  const phrases = entries.length ? compileLexicon({ id: 'rubric-concepts', title: 'Concepts of a lexicon criterion', description: 'Compiled from criterion options', entries }) : null;
  return { phrases, concepts, required: o.sameSentenceAs ?? [] };
}

/** Index of the token that contains or follows normalized offset `ns` (tokens are in order). */
function tokenAtOriginal(doc: AnswerDocument, start: number): number {
  const toks = doc.tokens;
  let lo = 0;
  let hi = toks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (toks[mid].end <= start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Negated when a cue before the match governs a token of it (a phrase's own "no" does not). */
function negatedAt(doc: AnswerDocument, tokenStart: number, span: Span): boolean {
  for (let k = tokenStart; k < doc.tokens.length && doc.tokens[k].start < span.end; k++) {
    const n = doc.tokens[k].negation;
    if (n >= 0 && doc.negations[n].cue.start < span.start) return true;
  }
  return false;
}

function findHits(doc: AnswerDocument, p: Prepared): Hit[] {
  const hits: Hit[] = [];
  if (p.phrases) {
    for (const m of p.phrases.match(doc)) hits.push({ concept: m.entry, span: m.span, tokenStart: m.tokenStart, sentence: m.sentence, negated: m.negated });
  }
  for (const c of p.concepts) {
    if (c.stems.length) {
      for (const tk of doc.tokens) {
        if (tk.kind !== 'word') continue;
        if (!c.stems.some((s) => tk.lower.startsWith(s.prefix) || tk.stem === s.stem)) continue;
        const span = { start: tk.start, end: tk.end };
        hits.push({ concept: c.id, span, tokenStart: tk.i, sentence: tk.sentence, negated: negatedAt(doc, tk.i, span) });
      }
    }
    for (const pat of c.patterns) {
      for (const span of matchPattern(doc, pat)) {
        const ti = tokenAtOriginal(doc, span.start);
        hits.push({ concept: c.id, span, tokenStart: ti, sentence: doc.tokens[ti]?.sentence ?? 0, negated: negatedAt(doc, ti, span) });
      }
    }
  }
  // One concept found twice over the same words (a phrase and a pattern) is one mention.
  hits.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  const kept: Hit[] = [];
  const lastEnd = new Map<string, number>();
  for (const h of hits) {
    if ((lastEnd.get(h.concept) ?? -1) > h.span.start) continue;
    kept.push(h);
    lastEnd.set(h.concept, h.span.end);
  }
  return kept;
}

/**
 * The data-only scorer: a criterion defined in a rubric file by the concepts it looks for.
 * Credit = counted mentions / minConcepts, where each concept counts at most maxPerConcept
 * mentions. Negated mentions and mentions inside keyword lists earn nothing, as in the
 * built-in scorers; evidence signals are the concept ids.
 */
export default defineScorer<Options, Prepared>({
  id: 'lexicon',
  description: 'Credits the concepts a rubric lists (phrases, word stems, safe regular expressions), optionally only when they occur in the same sentence; for criteria added without code.',
  options,
  messages: {
    'missing-concepts': 'Found {found} of the {needed} concepts this criterion looks for; missing: {missing}.',
    'negated-only': '"{text}" ({concept}) is only mentioned as something not done.',
    'not-same-sentence': '{concept} is mentioned ("{text}") but not in the same sentence as {with}.',
  },
  prepare: (o) => prepare(o),
  score(doc, o, ctx) {
    const p = ctx.prepared;
    const info = stuffing(doc, ctx.lexicons);
    const hits = findHits(doc, p);
    const counts = o.negation === 'count-negated';
    const usable = hits.filter((h) => (counts || !h.negated) && !info.stuffed[h.tokenStart]);
    // Which concepts occur, affirmed, in each sentence: the sameSentenceAs test.
    const bySentence = new Map<number, Set<string>>();
    for (const h of usable) {
      let s = bySentence.get(h.sentence);
      if (!s) bySentence.set(h.sentence, (s = new Set()));
      s.add(h.concept);
    }
    const together = (h: Hit) => p.required.every((id) => id === h.concept || bySentence.get(h.sentence)?.has(id));
    const evidence: Evidence[] = [];
    const feedback: RawFinding[] = [];
    const perConcept = new Map<string, number>();
    let counted = 0;
    const apart = new Map<string, Hit>();
    for (const h of usable) {
      if (!together(h)) {
        if (!apart.has(h.concept)) apart.set(h.concept, h);
        continue;
      }
      const n = perConcept.get(h.concept) ?? 0;
      if (n >= o.maxPerConcept) continue;
      perConcept.set(h.concept, n + 1);
      counted++;
      evidence.push({ span: h.span, text: doc.text.slice(h.span.start, h.span.end), signal: h.concept, ...(h.negated ? { negated: true } : {}) });
    }
    if (!counts) {
      const shown = new Set<string>();
      for (const h of hits) {
        if (!h.negated || perConcept.has(h.concept) || shown.has(h.concept)) continue;
        shown.add(h.concept);
        const text = doc.text.slice(h.span.start, h.span.end);
        evidence.push({ span: h.span, text, signal: h.concept, negated: true });
        feedback.push({ messageId: 'negated-only', data: { concept: h.concept, text }, span: h.span });
      }
    }
    for (const [concept, h] of apart) {
      if (perConcept.has(concept)) continue;
      const others = p.required.filter((id) => id !== concept);
      feedback.push({ messageId: 'not-same-sentence', data: { concept, text: doc.text.slice(h.span.start, h.span.end), with: others.join(', ') }, span: h.span });
    }
    let score = Math.min(1, counted / o.minConcepts);
    const missing = o.concepts.map((c) => c.id).filter((id) => !perConcept.has(id));
    if (score < 1) {
      feedback.push({ messageId: 'missing-concepts', data: { found: counted, needed: o.minConcepts, missing: missing.length ? missing.join(', ') : 'none (more mentions needed)' } });
    }
    const flags: RawFlag[] = [];
    // stuffingCap reads only `negated` and `tokenStart` of each match.
    const cap = stuffingCap(hits as unknown as LexiconMatch[], info);
    if (cap.flag) {
      score = Math.min(score, cap.cap);
      flags.push(cap.flag);
    }
    return { score, evidence, feedback, ...(flags.length ? { flags } : {}) };
  },
});
