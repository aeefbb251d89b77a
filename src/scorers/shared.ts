import type { AnswerDocument } from '../document/analyze.js';
import type { Span } from '../document/types.js';
import type { LexiconMatch, LexiconSet } from '../lexicons/index.js';
import type { Evidence, RawFlag } from './define-scorer.js';

/** Lexicons whose entries are "terms" a stuffer would list. */
const TERM_LEXICONS = ['model-metrics', 'kpis', 'experiment', 'mlops', 'ethics', 'regulations', 'frameworks', 'contrast', 'stakeholders'];
// From these lexicons only the groups that name things count as terms ("trade-off", "legal"), not
// the connectives ("but", "because") that reasoning is made of.
const TERM_GROUPS: Record<string, Set<string>> = { contrast: new Set(['tradeoff-term', 'concession']), stakeholders: new Set(['party']), frameworks: new Set(['framework']) };
// Words that make a comma-list a sentence rather than a list ("we cut churn, raised NPS, ..."):
// common verbs of doing/causing, modals and auxiliaries. POS tags confirm when this is unsure.
const VERBISH = /^(is|are|was|were|be|been|am|do|does|did|have|has|had|can|could|will|would|should|must|may|might|shall|need|needs|get|gets|got|make|makes|made|ran|run|runs|use|used|uses|cut|cuts|drive|drives|drove|track|tracked|tracks|measure|measured|measures|compare|compared|watch|watched|check|checked|set|sets|pick|picked|choose|chose|keep|kept|ship|shipped|launch|launched|tie|tied|ties|mean|means|meant|show|shows|showed|move|moved|moves|lift|lifted|drop|dropped|fell|rose|went|goes|go|want|wanted|look|looked|care|cares|cared|matter|matters|mattered|tell|tells|told|know|knew|see|saw|found|find|give|gave|take|took|let|put|ask|asked|agree|agreed|decide|decided|reduce|reduced|reduces|increase|increased|increases|improve|improved|improves|lower|lowered|raise|raised|version|monitor|monitors|retrain|retrains|roll|rolls|alert|alerts|log|logs|audit|audits|review|reviews|escalate|escalates|own|owns|page|pages|deploy|deploys|test|tests|label|labels|train|trains|evaluate|flag|flags|route|routes|block|blocks|pause|pauses|send|sends|notify|compare|compares|watch|watches)$/;

export interface StuffedSegment {
  span: Span;
  tokenStart: number;
  tokenEnd: number;
  items: number;
  termItems: number;
}

export interface StuffingInfo {
  segments: StuffedSegment[];
  /** Per token: inside a stuffed segment. */
  stuffed: Uint8Array;
  /** Share of the answer's words inside stuffed segments. */
  share: number;
}

const STUFFING_KEY = Symbol('stuffing');

function termMatches(doc: AnswerDocument, lexicons: LexiconSet): LexiconMatch[] {
  const all: LexiconMatch[] = [];
  for (const id of TERM_LEXICONS) {
    if (!lexicons.ids().includes(id)) continue;
    const groups = TERM_GROUPS[id];
    for (const m of lexicons.get(id).match(doc)) if (!groups || groups.has(m.group ?? '')) all.push(m);
  }
  return all;
}

/**
 * Keyword stuffing: comma/slash lists of four or more short items that are mostly known terms and
 * carry no verb ("accuracy, F1, AUC, latency, NPS"), and bullet lists of bare terms. Answers that
 * enumerate with verbs ("we cut churn, raised NPS and kept latency flat") are not lists of terms.
 */
export function stuffing(doc: AnswerDocument, lexicons: LexiconSet): StuffingInfo {
  return doc.memoize(STUFFING_KEY, () => {
    const toks = doc.tokens;
    const isTerm = new Uint8Array(toks.length);
    const terms = termMatches(doc, lexicons);
    for (const m of terms) for (let k = m.tokenStart; k < m.tokenEnd; k++) isTerm[k] = 1;
    const stuffed = new Uint8Array(toks.length);
    const segments: StuffedSegment[] = [];
    const t = doc.normalized;

    // A sentence that reasons ("..., which is what customers pay for", "because...") is dense
    // prose, not a buzzword string. Computed only when a candidate list needs it.
    let reasonSentences: Set<number> | null = null;
    const reasons = () => {
      if (!reasonSentences) {
        reasonSentences = new Set<number>();
        for (const id of ['linking', 'contrast']) {
          if (!lexicons.ids().includes(id)) continue;
          for (const m of lexicons.get(id).match(doc)) if (id === 'linking' ? m.group === 'causal' || m.group === 'consequence' : m.group === 'rationale') reasonSentences.add(m.sentence);
        }
      }
      return reasonSentences;
    };
    const consider = (a: number, b: number, items: [number, number][]) => {
      if (items.length < 4) return;
      let termItems = 0;
      let longItems = 0;
      let numberItems = 0;
      for (const [x, y] of items) {
        let hit = false;
        for (let k = x; k < y; k++) if (isTerm[k]) hit = true;
        const acronym = y - x <= 2 && toks.slice(x, y).every((tk) => /^[A-Z0-9]{2,6}$/.test(doc.text.slice(tk.start, tk.end)));
        let hasNumber = false;
        for (let k = x; k < y; k++) if (toks[k].kind === 'number') hasNumber = true;
        // "alert when PSI passes 0.2": an item with a number states something; it is not a bare term.
        if (hasNumber) numberItems++;
        else if ((hit || acronym) && y - x <= 5) termItems++;
        if (y - x > 5) longItems++;
      }
      // A list of short noun phrases: mostly known terms, or long enough that a third of terms
      // already says "buzzwords" ("stakeholder management, RACI, precision vs recall, HIPAA, ...").
      if (longItems * 3 > items.length || numberItems >= 2) return;
      const ratio = termItems / items.length;
      if (termItems < 3 || !(ratio >= 0.5 || (items.length >= 6 && ratio >= 0.3))) return;
      // Verb check: cheap word list first; compromise tags only for the few candidate lists.
      // Verbs are counted inside the items after the first: the first carries the lead-in
      // ("Success would be measured through X, Y, Z...") and a lead-in verb does not make a list
      // of terms into reasoning.
      const from = items.length > 1 ? items[1][0] : a;
      let verbs = 0;
      for (let k = from; k < b; k++) if (!isTerm[k] && VERBISH.test(toks[k].lower)) verbs++;
      // A long list with no verb from the word list is a list; tagging it would cost more than it tells.
      // When every item is a known term, tagging cannot change the verdict: skip it (and the
      // ~250 ms it costs to load compromise on the first keyword list a process meets).
      if (verbs === 0 && b - from <= 80 && termItems < items.length) {
        const s = toks[a].sentence;
        const tags = doc.pos(s);
        const base = doc.sentences[s].tokenStart;
        for (let k = from; k < b; k++) if (!isTerm[k] && tags[k - base] === 'Verb' && !/ing$/.test(toks[k].lower)) verbs++;
      }
      const leadInVerb = from > a && [...Array(from - a).keys()].some((d) => VERBISH.test(toks[a + d].lower));
      // "I'd track precision, recall, latency and cost" is a sentence; with a verb, only a long
      // list (six or more items) is stuffing.
      if ((verbs > 0 || leadInVerb) && items.length < 6) return;
      // Prose with verbs whose items are phrases, not terms, and that gives a reason ("..., which is
      // what customers pay for") is a long sentence, not a list.
      const avgItem = items.reduce((n, [x, y]) => n + (y - x), 0) / items.length;
      if ((verbs > 0 || leadInVerb) && avgItem >= 3 && reasons().has(toks[a].sentence)) return;
      if (verbs > Math.max(1, Math.floor(items.length / 4))) return;
      for (let k = a; k < b; k++) stuffed[k] = 1;
      segments.push({ span: doc.tokenSpan(a, b), tokenStart: a, tokenEnd: b, items: items.length, termItems });
    };

    // Comma lists inside one sentence (after an optional "Label:" lead-in).
    for (const s of doc.sentences) {
      if (s.tokenEnd - s.tokenStart < 4) continue;
      let segStart = s.tokenStart;
      let items: [number, number][] = [];
      let itemStart = s.tokenStart;
      for (let k = s.tokenStart + 1; k <= s.tokenEnd; k++) {
        const gap = k < s.tokenEnd ? t.slice(toks[k - 1].ne, toks[k].ns) : '';
        const isBreak = k === s.tokenEnd || /[,;/|]/.test(gap) || toks[k].lower === 'and' || toks[k].lower === 'or' || toks[k].lower === '&';
        if (k < s.tokenEnd && /:/.test(gap)) {
          consider(segStart, k, [...items, [itemStart, k]]);
          segStart = k;
          items = [];
          itemStart = k;
          continue;
        }
        if (isBreak) {
          const start = toks[itemStart]?.lower === 'and' || toks[itemStart]?.lower === 'or' ? itemStart + 1 : itemStart;
          if (k > start) items.push([start, k]);
          itemStart = k;
        }
      }
      consider(segStart, s.tokenEnd, items);
    }
    // Buzzword sentences: four or more short sentences in a row (seven words at most), each naming
    // a known term with no number and no reason ("Leverage LLMs. Monitor drift. Ensure GDPR
    // compliance. Drive retention.").
    {
      let runStart = -1;
      let runCount = 0;
      let runEnd = -1;
      const flush = () => {
        if (runCount >= 4) {
          for (let k = runStart; k < runEnd; k++) stuffed[k] = 1;
          segments.push({ span: doc.tokenSpan(runStart, runEnd), tokenStart: runStart, tokenEnd: runEnd, items: runCount, termItems: runCount });
        }
        runStart = -1;
        runCount = 0;
      };
      for (const s of doc.sentences) {
        const n = s.tokenEnd - s.tokenStart;
        let term = false;
        let number = false;
        for (let k = s.tokenStart; k < s.tokenEnd; k++) {
          if (isTerm[k]) term = true;
          if (toks[k].kind === 'number') number = true;
        }
        if (n > 0 && n <= 7 && term && !number && s.kind !== 'heading' && !reasons().has(s.index)) {
          if (runStart < 0) runStart = s.tokenStart;
          runEnd = s.tokenEnd;
          runCount++;
        } else flush();
      }
      flush();
    }
    // Buzzword prose: a sentence dense with distinct known terms (model internals and clichés
    // included) and no number to anchor any of them ("a GenAI-powered engine with a feature store,
    // embeddings, XGBoost, a transformer and an LLM agent using RAG...").
    const dense = new Uint8Array(toks.length);
    // Each known term counts once, even when terms run together without commas.
    const denseStart = new Uint8Array(toks.length);
    for (const m of [...terms, ...(lexicons.ids().includes('quality') ? lexicons.get('quality').match(doc).filter((m) => m.group === 'model-internal' || m.group === 'cliche') : [])]) {
      for (let k = m.tokenStart; k < m.tokenEnd; k++) dense[k] = 1;
      denseStart[m.tokenStart] = 1;
    }
    for (const s of doc.sentences) {
      const n = s.tokenEnd - s.tokenStart;
      if (n < 10 || stuffed[s.tokenStart] || reasons().has(s.index)) continue;
      let covered = 0;
      let numbers = 0;
      const starts = new Set<number>();
      for (let k = s.tokenStart; k < s.tokenEnd; k++) {
        covered += dense[k];
        if (toks[k].kind === 'number') numbers++;
        if (denseStart[k]) starts.add(k);
      }
      if (numbers === 0 && starts.size >= 6 && covered / n >= 0.4) {
        for (let k = s.tokenStart; k < s.tokenEnd; k++) stuffed[k] = 1;
        segments.push({ span: doc.tokenSpan(s.tokenStart, s.tokenEnd), tokenStart: s.tokenStart, tokenEnd: s.tokenEnd, items: starts.size, termItems: starts.size });
      }
    }
    // Bullet lists of bare terms: consecutive list items of at most four words each.
    let run: [number, number][] = [];
    const flushRun = () => {
      if (run.length >= 4) consider(run[0][0], run[run.length - 1][1], run);
      run = [];
    };
    for (const li of doc.listItems) {
      const s = doc.sentences[li.sentence];
      const n = s.tokenEnd - s.tokenStart;
      if (n > 0 && n <= 4 && (run.length === 0 || run[run.length - 1][1] === s.tokenStart)) run.push([s.tokenStart, s.tokenEnd]);
      else {
        flushRun();
        if (n > 0 && n <= 4) run.push([s.tokenStart, s.tokenEnd]);
      }
    }
    flushRun();
    // Bullets that each pack a few terms with no verb ("- Precision, recall, F1, F-beta",
    // "- Feature store, MLOps, drift detection"): four or more in a row, most naming known terms.
    // A short item with no verb (a verb-like word closing the item is a noun: "human-in-the-loop review").
    const shortBullet = (a: number, b: number) => {
      if (b - a > 9) return false;
      for (let k = a; k < b - 1; k++) if (!isTerm[k] && VERBISH.test(toks[k].lower)) return false;
      return true;
    };
    const hasTerm = (a: number, b: number) => {
      for (let k = a; k < b; k++) if (isTerm[k]) return true;
      return false;
    };
    let bullets: [number, number][] = [];
    const flushBullets = () => {
      if (bullets.length >= 4 && bullets.filter(([x, y]) => hasTerm(x, y)).length >= 0.6 * bullets.length) {
        const [a] = bullets[0];
        const b = bullets[bullets.length - 1][1];
        let fresh = false;
        for (let k = a; k < b; k++) if (!stuffed[k]) fresh = true;
        if (fresh) {
          for (let k = a; k < b; k++) stuffed[k] = 1;
          segments.push({ span: doc.tokenSpan(a, b), tokenStart: a, tokenEnd: b, items: bullets.length, termItems: bullets.length });
        }
      }
      bullets = [];
    };
    for (const li of doc.listItems) {
      const s = doc.sentences[li.sentence];
      if (s.tokenEnd > s.tokenStart && shortBullet(s.tokenStart, s.tokenEnd) && (bullets.length === 0 || bullets[bullets.length - 1][1] === s.tokenStart)) bullets.push([s.tokenStart, s.tokenEnd]);
      else {
        flushBullets();
        if (s.tokenEnd > s.tokenStart && shortBullet(s.tokenStart, s.tokenEnd)) bullets.push([s.tokenStart, s.tokenEnd]);
      }
    }
    flushBullets();
    let count = 0;
    for (let k = 0; k < stuffed.length; k++) count += stuffed[k];
    return { segments, stuffed, share: toks.length ? count / toks.length : 0 };
  });
}

/** Matches that can earn credit: affirmed and outside stuffed lists. */
export function creditable(matches: LexiconMatch[], info: StuffingInfo): LexiconMatch[] {
  return matches.filter((m) => !m.negated && !info.stuffed[m.tokenStart]);
}

export function evidence(m: LexiconMatch, signal: string): Evidence {
  return m.negated ? { span: m.span, text: m.text, signal, negated: true } : { span: m.span, text: m.text, signal };
}

export function spanEvidence(doc: AnswerDocument, span: Span, signal: string): Evidence {
  return { span, text: doc.text.slice(span.start, span.end), signal };
}

/**
 * Diminishing returns: the strongest item earns fully, the next ones a decaying share
 * (1, 1/2, 1/4 ...), and the total saturates at `target`.
 */
export function diminishing(strengths: number[], target = 1): number {
  const sorted = [...strengths].sort((a, b) => b - a);
  let total = 0;
  let f = 1;
  for (const s of sorted) {
    total += s * f;
    f /= 2;
  }
  return Math.min(1, total / target);
}

export function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * The stuffing cap for one criterion: when a third or more of the terms it would have credited
 * sit in stuffed lists, the criterion is capped and the answer flagged.
 */
export function stuffingCap(all: LexiconMatch[], info: StuffingInfo, cap = 0.3): { cap: number; flag?: RawFlag } {
  if (!info.segments.length) return { cap: 1 };
  const inList = all.filter((m) => !m.negated && info.stuffed[m.tokenStart]).length;
  const total = all.filter((m) => !m.negated).length;
  if (inList === 0 || inList * 3 < total) return { cap: 1 };
  const seg = info.segments[0];
  return {
    cap,
    flag: { id: 'keyword-stuffing', message: `A list of ${seg.items} terms without reasoning; listed terms earn no credit.`, span: seg.span },
  };
}

/** Tokens of a sentence range, as a lower-cased string (for small phrase checks). */
/** People named by their role: "the ML lead", "our VP", "the founder", "a data scientist". */
export const ROLE_STEM = /^(lead|leader|head|director|vp|vps|manag|counsel|offic|founder|ceo|cto|cfo|coo|cmo|cro|boss|colleagu|engin|scientist|analyst|designer|execut|exec|owner|stakehold|peer)$/;
/** Verbs of stating a position: "wanted", "argued", "worried", "insisted", "says". */
export const POSITION_VERB = /^(want|argu|worri|insist|push|propos|suggest|ask|demand|prefer|recommend|believ|think|thought|claim|fear|felt|feel|wish|keen|urg|lobbi|request|favor|favour|said|sai|say|object|warn|concern|care|cared|saw)$/;

const QUANTITY_SENTENCES = Symbol('quantity-sentences');
/**
 * Per sentence, how many quantities it holds (numbers other than years), and how many of them carry
 * a unit ("$90k", "12%", "3 weeks"). Built once per answer.
 */
export function quantitiesBySentence(doc: AnswerDocument): { all: ReadonlyMap<number, number>; withUnit: ReadonlyMap<number, number> } {
  return doc.memoize(QUANTITY_SENTENCES, () => {
    const all = new Map<number, number>();
    const withUnit = new Map<number, number>();
    for (const n of doc.numbers) {
      if (n.unit === 'year') continue;
      const s = doc.tokens[n.token].sentence;
      all.set(s, (all.get(s) ?? 0) + 1);
      if (n.unit) withUnit.set(s, (withUnit.get(s) ?? 0) + 1);
    }
    return { all, withUnit };
  });
}

export function sentenceText(doc: AnswerDocument, sentence: number): string {
  const s = doc.sentences[sentence];
  return doc.normalized.slice(doc.tokens[s.tokenStart]?.ns ?? 0, doc.tokens[s.tokenEnd - 1]?.ne ?? 0).toLowerCase();
}

export function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const arr = m.get(k);
    if (arr) arr.push(x);
    else m.set(k, [x]);
  }
  return m;
}

// Words every interview question shares; they say nothing about which question this is.
export const BACKGROUND = new Set(
  ('a an the and or but of to in on for with by as at from into than then so if not no also more most some any each other another ' +
    'is are be was were been being do does did have has had can could should would will shall may might must ' +
    'i we you they he she it me us them my our your their its this that these those there here what which who whom whose why when where how ' +
    'tell describe walk through about time example give say says said want wants wanted get got take took make made put happen happens ' +
    'ai ml model models feature features product products user users data team teams company metric metrics success successful build built launch ' +
    'think handle approach use used work new one way ways thing things kind well good just like know own owned')
    .split(' '),
);

/** A word that says what a question is about: not background, at least `minLength` letters. */
export function isContentWord(t: { kind: string; lower: string; stem: string }, minLength = 3): boolean {
  return t.kind === 'word' && t.lower.length >= minLength && !BACKGROUND.has(t.lower) && !BACKGROUND.has(t.stem);
}
