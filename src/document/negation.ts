import type { Clause, NegationScope, Span, Token } from './types.js';

/**
 * Negation scopes, NegEx-style: a cue governs the words after it up to the end of its clause
 * (at most MAX_SCOPE tokens). Passive forms ("an A/B test was never run") also cover the clause
 * before the cue. Pseudo-negations ("not only", "no doubt", "no-show", "no more than") are not cues.
 */
const SINGLE_CUES = new Set([
  'not', 'no', 'never', 'none', 'nobody', 'nothing', 'neither', 'nor', 'without', 'cannot',
  'lack', 'lacked', 'lacking', 'lacks', 'skip', 'skipped', 'skipping', 'skips', 'forgo', 'forgoing', 'forwent',
  'omitted', 'omit', 'dropped', 'abandoned', 'scrapped', 'nowhere',
]);
// Verbs that only negate what follows when an artefact follows directly ("skipped the A/B test").
const VERB_CUES = new Set(['skip', 'skipped', 'skipping', 'skips', 'forgo', 'forgoing', 'forwent', 'omitted', 'omit', 'dropped', 'abandoned', 'scrapped']);
const TWO_WORD_CUES: Record<string, Set<string>> = {
  failed: new Set(['to']),
  fail: new Set(['to']),
  fails: new Set(['to']),
  instead: new Set(['of']),
  rather: new Set(['than']),
  absence: new Set(['of']),
  lack: new Set(['of']),
  far: new Set(['from']),
  in: new Set(['lieu']),
  against: new Set(['running', 'doing', 'testing', 'adding', 'using', 'building', 'keeping', 'having', 'any', 'a', 'the', 'an', 'it', 'that', 'this']),
};
// "not much history", "not many users": a small quantity, not a denial of the act.
const PSEUDO_NEXT = new Set(['only', 'just', 'merely', 'simply', 'doubt', 'matter', 'surprise', 'wonder', 'exception', 'much', 'many']);
const PSEUDO_PAIRS = new Set(['no more', 'no less', 'not more', 'not less', 'not to mention', 'no longer than', 'nothing but', 'not least']);
const AUX_BEFORE = new Set(['was', 'were', 'is', 'are', 'been', 'be', 'being', 'got', 'get']);
const MAX_SCOPE = 12;
const PARTICIPLES = new Set(['run', 'done', 'set', 'built', 'shown', 'seen', 'made', 'given', 'taken', 'kept', 'put', 'held', 'found', 'known', 'met', 'spent', 'sent', 'told', 'won', 'written', 'chosen', 'drawn', 'begun']);
// Dismissals reject what stands before them as well ("versioning ... feels like overkill",
// "a formal agreement is unnecessary"): their scope is the clause around them and the one before.
const DISMISSALS = new Set(['overkill', 'unnecessary', 'pointless', 'needless', 'bureaucratic', 'bureaucracy', 'nonsense', 'unneeded']);
const CONTINUERS = new Set(['or', 'nor']);
// Dismissals in a few words, matched on the word that ends them: "an auto-reject screen is off the
// table", "a full launch is ruled out", "monitoring wasn't a priority".
const DISMISSAL_PHRASES: RegExp[][] = [
  [/^off$/, /^the$/, /^table$/],
  [/^(ruled|rule)$/, /^out$/],
  [/^out$/, /^of$/, /^the$/, /^question$/],
  [/^(not|wasn't|isn't|aren't|weren't)$/, /^a$/, /^priority$/],
];
function endsDismissalPhrase(tokens: Token[], i: number): boolean {
  return DISMISSAL_PHRASES.some((p) => i >= p.length - 1 && p.every((re, k) => re.test(tokens[i - p.length + 1 + k].lower)));
}

// Finite past-tense verbs that open a new predicate (irregular ones and "-ed" forms after an adverb).
const FINITE_PAST = /^(went|came|got|made|took|ran|became|stayed|moved|dropped|fell|rose|grew|ended|landed|switched|showed|turned)$/;
const STATIVE = /^(skewed|biased|affected|harmed|impacted|exposed|concerned|worried|surprised|convinced|involved|related|based|aligned|limited|distributed|balanced|represented|calibrated|correlated)$/;

export function findNegations(tokens: Token[], clauses: Clause[], t: string, spanOf: (a: number, b: number) => Span): NegationScope[] {
  const scopes: NegationScope[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    const next = tokens[i + 1];
    const sameClause = next && next.clause === tok.clause;
    let cueEnd = i + 1;
    let kind: NegationScope['kind'] = 'denial';
    let isCue = false;
    if (SINGLE_CUES.has(tok.lower) || tok.lower.endsWith("n't")) {
      isCue = true;
      if (tok.lower === 'no' && next && next.joined && t.slice(tok.ne, next.ns).includes('-')) isCue = false; // no-show
      if (tok.lower === 'lack' && next?.lower === 'of') cueEnd = i + 2;
    } else if (Object.hasOwn(TWO_WORD_CUES, tok.lower) && TWO_WORD_CUES[tok.lower].has(next?.lower ?? '') && sameClause && (tok.lower !== 'against' || /^(argu|decid|advis|vote|recommend|push|lobbi|warn|came|come|am|is|are|was|were|be)/.test(tokens[i - 1]?.stem ?? ''))) {
      isCue = true;
      cueEnd = i + 2;
      if (tok.lower === 'instead' || tok.lower === 'rather' || tok.lower === 'in') kind = 'alternative';
      if (tok.lower === 'in') cueEnd = tokens[i + 2]?.lower === 'of' ? i + 3 : i + 2;
      if (tok.lower === 'against') cueEnd = i + 1;
    }
    if (!isCue && (DISMISSALS.has(tok.lower) || endsDismissalPhrase(tokens, i))) {
      const clause = clauses[tok.clause];
      let start = clause ? clause.tokenStart : i;
      const prevClause = clause && clause.index > 0 ? clauses[clause.index - 1] : undefined;
      if (prevClause && prevClause.sentence === tok.sentence) start = prevClause.tokenStart;
      const end = clause ? clause.tokenEnd : i + 1;
      const scope: NegationScope = { index: scopes.length, cue: spanOf(i, i + 1), cueText: t.slice(tok.ns, tok.ne), tokenStart: start, tokenEnd: end, span: spanOf(start, end), kind: 'denial' };
      scopes.push(scope);
      for (let k = start; k < end; k++) if (k !== i && tokens[k].negation < 0) tokens[k].negation = scope.index;
      continue;
    }
    if (!isCue) continue;
    if (next && sameClause && PSEUDO_NEXT.has(next.lower)) continue;
    const pair = `${tok.lower} ${next?.lower ?? ''}`;
    if (PSEUDO_PAIRS.has(pair) || PSEUDO_PAIRS.has(`${pair} ${tokens[i + 2]?.lower ?? ''}`)) continue;
    if (tok.lower === 'not' && tokens[i - 1]?.lower === 'or' && tokens[i - 2]?.lower === 'whether') continue;
    if (tok.lower === 'not' && tokens[i - 1]?.lower === 'if') continue; // "if not better"
    if (VERB_CUES.has(tok.lower) && !(next && sameClause && /^(the|a|an|any|our|their|its|this|that|all)$/.test(next.lower))) continue;

    const clause = clauses[tok.clause];
    let end = clause ? clause.tokenEnd : cueEnd;
    // ", or a holdout" / ", nor a baseline" continue the negated list into the next clause.
    while (end < tokens.length && tokens[end].sentence === tok.sentence && CONTINUERS.has(tokens[end].lower)) {
      const c = clauses[tokens[end].clause];
      end = c.tokenEnd;
    }
    end = Math.min(end, cueEnd + MAX_SCOPE);
    let start = cueEnd;
    const prev = tokens[i - 1];
    // Passives deny their subject ("an A/B test was never run", "a holdout wasn't used"): the scope
    // reaches back to the clause start only when a participle follows the cue.
    const after = tokens[cueEnd];
    // Stative participles describe the subject ("aren't skewed", "wasn't affected"); they do not deny it.
    const participle = !!after && after.clause === tok.clause && (/ed$/.test(after.lower) || PARTICIPLES.has(after.lower)) && !STATIVE.test(after.lower);
    if (kind === 'denial' && participle && prev && prev.clause === tok.clause && AUX_BEFORE.has(prev.lower) && clause) start = clause.tokenStart;
    if (participle && /^(wasn't|weren't|isn't|aren't)$/.test(tok.lower) && clause) start = clause.tokenStart;
    // The passive's subject starts after a complementizer: in "I'd check that the people pulled for
    // review aren't skewed", only "the people pulled for review" is denied, not "check".
    if (clause && start === clause.tokenStart) {
      for (let k = i - 1; k > clause.tokenStart; k--) {
        if (/^(that|which|who|whether|if|where|when|so)$/.test(tokens[k].lower)) {
          start = k + 1;
          break;
        }
      }
    }
    // A second predicate ends the scope: in "a receipt the model wasn't sure about simply went to
    // the manual review queue", "went" starts what the sentence affirms. A verb right after the cue
    // is the denied one; one joined by "or"/"nor" continues the denial ("never ran a test or
    // checked the data").
    if (kind === 'denial') {
      let sawPredicate = false;
      for (let k = cueEnd; k < end; k++) {
        const w = tokens[k];
        if (!sawPredicate) {
          if (w.kind === 'word' && !/^(a|an|the|any|really|even|ever|always|yet|just|have|been|be|to|quite|so|very|too)$/.test(w.lower)) sawPredicate = true;
          continue;
        }
        if (FINITE_PAST.test(w.lower) && !/^(or|nor|and|,)$/.test(tokens[k - 1].lower) && !/^(who|that|which|we|i|they|it|he|she)$/.test(tokens[k - 1].lower) && k - cueEnd >= 3) {
          end = k;
          break;
        }
        // "nothing leaves the phone and we run a canary first": a new subject starts a new claim
        if (/^(and|but)$/.test(w.lower) && /^(we|i|they|you|he|she|we'd|i'd|we'll|i'll)$/.test(tokens[k + 1]?.lower ?? '')) {
          end = k;
          break;
        }
      }
    }
    if (end <= cueEnd && start >= cueEnd) continue;
    const scope: NegationScope = {
      index: scopes.length,
      cue: spanOf(i, cueEnd),
      cueText: t.slice(tok.ns, tokens[cueEnd - 1].ne),
      tokenStart: start,
      tokenEnd: end,
      span: end > start ? spanOf(start, end) : spanOf(i, cueEnd),
      kind,
    };
    scopes.push(scope);
    for (let k = start; k < end; k++) if (tokens[k].negation < 0) tokens[k].negation = scope.index;
    i = cueEnd - 1;
  }
  return scopes;
}
