import type { AnswerDocument } from '../document/analyze.js';
import type { Span } from '../document/types.js';

/**
 * Plain-language constructions that carry meaning without any textbook term. Interviewers credit
 * "if more than 1 in 100 is wrong, it goes off" as a kill criterion and "orders per visitor" as a
 * business metric; a lexicon of terms never sees them. Each is found by a small, linear token scan.
 */
export type ConstructionKind =
  /** "if more than 2% are wrong we switch it off", "below 95% we roll back" */
  | 'stop-rule'
  /** A go-live or expansion gate with a measurable bar: "go live only when wrong matches are rare for every group", "not until recall is above 95%" */
  | 'gate'
  /** "compare them with everyone else", "against a control", "versus the other half" */
  | 'comparison'
  /** "orders per visitor", "reports per 1,000 recipients" */
  | 'ratio-outcome'
  /** "fell from 19 days to 8", "cut handle time by 12%" */
  | 'quantified-change'
  /** "I'd ship on time but...", "Launch on time, but...", "**Decision.**", "three engineers fix..." */
  | 'decision'
  /** A measured model error: "8% of its answers are wrong", "under 1% misrouting", "12% fail to parse" */
  | 'error-measure'
  /** Taking away a protection: "turn the fraud checks off", "bypass legal review", "disable the alerts" */
  | 'removes-protection'
  /** A protected attribute used to decide: "use age and gender as features", "price by postcode" */
  | 'protected-input'
  /** Making it harder to leave: "a five-screen cancel flow", "tuck the cancel option under More" */
  | 'obstructs-exit'
  /** An adverse decision on a person taken by the machine alone: "auto-deactivate on any failed match" */
  | 'automated-adverse'
  /** Keeping people or overseers uninformed: "we wouldn't tell patients", "I wouldn't surface it to legal" */
  | 'withholds'
  /** Consent, privacy or legal review put off: "consent can be handled in a terms update later" */
  | 'defers-review'
  /** Harm aimed at people least able to resist it: "steer anxious customers into", "upsell struggling borrowers" */
  | 'targets-vulnerable'
  /** A change made quietly: "quietly adjust the scores", "silently lower the threshold" */
  | 'quiet-change'
  /** A group's results dropped from view: "leave accented doctors out of the headline dashboard" */
  | 'hides-disparity'
  /** Training on people's private content with no consent said: "train on customer emails" */
  | 'trains-on-private'
  /** An obligation to people or overseers waved away: "no need to re-consent users", "avoid a formal breach process" */
  | 'dismisses-obligation'
  /** A check refused in the candidate's voice, with no other test in its place (found by the judgement scorer): "I wouldn't run field trials" */
  | 'rejects-check'
  /** Owning the product after launch in plain words: "after launch I own a weekly review of...", "I still go through the list of misses every week" */
  | 'owns-after-launch'
  /** What people do, counted: "fewer people falling behind", "do more advertisers launch a campaign" */
  | 'people-outcome'
  /** How good the model's output is, in plain words: "how far off the forecast was", "how many drafts people keep" */
  | 'output-quality';

export interface Construction {
  kind: ConstructionKind;
  span: Span;
  text: string;
  tokenStart: number;
  tokenEnd: number;
  sentence: number;
  negated: boolean;
}

const CONDITION = new Set(['if', 'when', 'once', 'whenever', 'unless', 'below', 'above']);
const STOP_STEMS = new Set(['stop', 'paus', 'halt', 'kill', 'roll', 'revert', 'pull', 'switch', 'turn', 'off', 'disabl', 'freez', 'shut', 'rollback', 'escal', 'page', 'alert', 'fall', 'back', 'abort', 'suspend', 'withdraw']);
const STOP_NEEDS_OFF = new Set(['switch', 'turn', 'shut', 'roll', 'pull', 'fall']);
const COMPARE_STEMS = new Set(['compar', 'against', 'versu', 'vs']);
const GROUP_WORDS = new Set(['control', 'other', 'others', 'everyone', 'rest', 'half', 'group', 'groups', 'without', 'those', 'baselin', 'holdout', 'non', 'random', 'untreat', 'same', 'clinic', 'store', 'region', 'users', 'user', 'customer', 'custom', 'peopl', 'site', 'team']);
const DIRECTION = /^(fell|fall|drop|rose|rise|grew|grow|cut|reduc|increas|halv|doubl|improv|declin|lift|lower|rais|shrank|shrink|went|move|jump|climb|slip|sank|tripl|decreas|boost|save|saved|sav)/;

function push(doc: AnswerDocument, out: Construction[], kind: ConstructionKind, a: number, b: number) {
  const span = doc.tokenSpan(a, b);
  const negated = doc.negatedRange(a, b);
  out.push({ kind, span, text: doc.text.slice(span.start, span.end), tokenStart: a, tokenEnd: b, sentence: doc.tokens[a].sentence, negated });
}

const MODAL_AFTER = new Set(['would', 'will', 'should', 'am', 'are']);
// Verbs that commit to an option (not process verbs like "lay out", "discuss", "align").
const DECIDE = /^(ship|launch|delai|delay|hold|do|build|fix|priorit|choos|chose|pick|go|cut|defer|split|spend|staff|alloc|keep|start|move|scope|limit|restrict|pull|roll|put|give|take|focus|commit|recommend|back|bet|accept|decid|postpon|paus|stop|turn|block|approv|reject|run|gate|releas|invest|assign|dedic)/;
const NOT_DECISION_OBJECT = /^(option|summari|information|togeth|case|pros|list|meet|workshop|framework|raci|space|conversat)/;
const HEAD_DECISION = /^(decision|my call|the call|recommendation|my recommendation|what i'd do|what i would do|plan|my plan|answer|my answer)$/i;
const ALLOCATION = /^(engin|peopl|developer|sprint|week|month|person|devs?)$/;

// Quality words near a number measure the model: "8% are wrong", "correct about 90% of the time".
const ERROR_WORD = /^(wrong|incorrect|error|errors|mistak|misrout|misclassifi|miscod|mislabel|fail|failur|hallucin|fals|miss|inaccur|misfir|misparse|bad|correct|correctli|accur|accuraci)$/;

// Removing or going around a protection. "turn/switch/shut ... off" need their particle.
const REMOVE = /^(disabl|remov|bypass|skip|waiv|suppress|silenc|mute|circumv|overrid|overrul|ignor|dismiss|strip|deactiv|sidestep|turn|switch|shut|take|took|leav|left|cut|hide|hid|stop|end|halt)$/;
const REMOVE_NEEDS_PARTICLE: Record<string, RegExp> = { turn: /^off$/, switch: /^off$/, shut: /^(off|down)$/, take: /^(out|away|off)$/, took: /^(out|away|off)$/, leav: /^out$/, left: /^out$/, cut: /^out$/ };
// What protects people from a model's mistakes, or the people and processes that check it.
const PROTECTION = /^(safeti|safe|guardrail|filter|check|review|reviewer|oversight|approv|signoff|sign|audit|alert|alarm|monitor|warn|consent|appeal|escal|clinician|nurs|doctor|physician|planner|moder|moderat|fraud|killswitch|kill|rollback|test|pilot|holdout|legal|complianc|privaci|secur|explan|disclosur|disclos|notic|optout|opt|human|humans|confirm|valid|verif|fairness|bia|agent|support|unsubscrib)$/;
// After "remove", "cut", "suppress"..., these make the object something worth removing ("remove the
// bias", "suppress duplicate alerts", "cut false alarms").
const REMOVE_GOOD_OBJECT = /^(bia|nois|duplic|redund|fals|spam|friction|step|manual|toil|error|mistak|bottleneck|backlog|repeat|low|stale)$/;
const REMOVE_STRONG = /^(bypass|circumv|sidestep|overrid|overrul|ignor|dismiss|waiv|skip)$/;
// What one must not ignore or dismiss, besides the protections themselves.
const IGNORE_OBJECT = /^(complaint|feedback|concern|risk|bia|regul|regulatori|regulat|drift|fairness|error|incid|object)$/;
// The candidate speaking as the one who acts.
const SPEAKER = /^(i|we|i'd|we'd|i'll|we'll|let's)$/;
// The removal is the speaker's act: right after "I/we", a modal, "to", or at the start of the clause.
const ACTOR_BEFORE = /^(i|we|i'd|we'd|i'll|we'll|would|will|should|could|can|to|let's|must|simply|just|also|then|quietly|probably|completely|temporarily|fully|entirely)$/;
// Protected attributes (fair-lending, employment and anti-discrimination law) and common proxies.
const PROTECTED = /^(age|gender|sex|race|ethnicity|religion|nationality|disability|pregnancy|pregnant|marital|orientation|postcode|postcodes|zip|zipcode|accent|accents)$/;
const USE_AS_INPUT = /^(use|us|includ|add|feed|fed|train|base|factor|weight|segment|price|target|score|rank|filter|screen|adjust|featur|keep|kept|enrich)$/;
// "ethnicity turns out to be very predictive": a protected attribute valued as a signal.
const PREDICTIVE = /^(predict|signal|input|variabl|featur)$/;
const ADVERSE = /^(deni|deny|reject|ban|block|suspend|deactiv|termin|cancel|delet|declin|fire|remov|evict|expel|disqualifi|blacklist|lock|frozen|freez|penal|penalis|penaliz|prescrib|administ|dose|dosag|discharg|unpaid|withheld|withhold)$/;
const SAFEGUARD_WORD = /^(review|appeal|human|manual|confirm|approv|check|notic|notifi)/;
const TELL = /^(tell|told|inform|notifi|disclos|surfac|share|shar|show|report|mention|escal|explain|reopen|rais|warn|admit|correct|announc)$/;
const INFORMED = /^(patient|user|custom|client|driver|peopl|them|claimant|borrow|applic|student|employe|parent|famili|member|legal|complianc|regul|regulator|auditor|board|leadership|review|public|press|buyer|seller|tenant|candid|worker|staff|nurs|doctor|clinician|field|technician|owner|owners|subscrib|rider|passeng|teacher)$/;
const NOT_WITHHOLDING = /^(test|experi|blind|arm|variant|control|treatment|cohort|split)$/;
const REVIEWABLE = /^(consent|privaci|legal|complianc|regul|regulatori|gdpr|hipaa|dpia)$/;
const LATER = /^(later|afterward|afterwards|eventu|someday)$/;
// "once we've proven the revenue case": review put after the result it should gate
const ONCE_PROVEN = /^(prove|proven|shown|show|launch|live|ship|shipped|scale|scaled|hit|seen|grown|grow)$/;
// Duties owed to the people affected or to overseers; waving them away is a worrying call.
const OBLIGATION = /^(consent|re-cons|recons|authoris|authoriz|notif|disclos|dpo|dpia|irb|permiss)$/;
const NEEDED = /^(need|needn't|requir|necessari|mandatori)$/;
const AVOID = /^(avoid|sidestep|dodg|circumv|skirt|escap)$/;
// Sentences that mention a protected attribute in order to test or remove it are the opposite of using it.
const FAIRNESS_CONTEXT = /^(proxi|remov|exclud|drop|bia|fair|audit|disparat|parity|disparit|protect|discrimin|equal|across|subgroup|group|slice|check|test|monitor|without|strip|never|avoid|blind)$/;

// obstructs-exit: the way out (cancel, unsubscribe, opt out, refund, delete) made harder or hidden.
const EXIT = /^(cancel|cancellat|unsubscrib|refund|delet|deactiv|downgrad)$/;
// A way out or a way to a person, as a control: "the request-technician button", "the talk-to-an-agent option"
const ESCAPE_CONTROL = /^(button|buttons|link|links|option|options)$/;
const HIDE_CONTROL = /^(hide|hid|hidden|remov|drop|buri|bury|grei|grey|gray)$/;
const OBSTRUCT = /^(friction|tuck|buri|bury|hide|hid|hidden|harder|longer|obstacl|maze|extra|screen|screens|step|steps|hoop|hoops|discourag|deter|deeper)$/;

// people-outcome: a count word, the people, then what they do.
const COUNT_WORD = /^(fewer|more|less|higher|lower|share|percent|percentag|proport|fraction|number|mani|%)$/;
const PEOPLE = /^(peopl|person|user|custom|client|advertis|merchant|patient|student|learner|driver|rider|seller|buyer|shopper|member|subscrib|employe|agent|nurs|clinician|doctor|caseworker|candid|applic|borrow|famili|household|owner|visitor|listener|viewer|reader|player|parent|teacher|tenant|guest|traveler|travel|caller|claimant|sign|signup|they)$/;
const DO_VERB = /^(launch|spend|spent|buy|bought|purchas|pay|paid|renew|cancel|leav|left|churn|stai|stay|return|come|came|finish|complet|book|order|reorder|convert|upgrad|subscrib|activ|use|us|adopt|open|click|read|watch|post|sell|sold|list|hire|hir|appli|miss|fall|fell|default|drop|quit|abandon|complain|call|contact|escal|wait|resolv|recommend|refer|rate|reach|attend|close|switch|move|keep|kept|continu|engag|repeat|succeed|pass|graduat|recov|show|accept|trust|report|hide|block|mute|unsubscrib|edit|overrid|ignor|act|take|took|get|got|run|ran|publish|ship|sent|send|start|make|made|give|gave|save|saved|lose|lost|fail|struggl|stick|stuck|land|win|won|grow|revis|learn|improv|submit|respond|repli|heal|rebook|enrol|sign|log|visit|correct|fix|flag)$/;
// output-quality: the model's output and a word for how good it was or what people did with it.
const OUTPUT = /^(flag|predict|suggest|draft|answer|alert|alarm|forecast|recommend|summari|summary|repli|match|categori|label|offer|score|result|rank|transcript|translat|note|classif|decis|guess|estim|output|respons|tag|pick|nudg|reminder|rout|triag|categoris|categor|step|hint|explan|citat|quot|extract)$/;
const OUTPUT_QUALITY = /^(right|wrong|correct|incorrect|accur|inaccur|off|useful|relev|real|true|genuin|fals|mistak|error|miss|accept|kept|keep|edit|overrid|undo|ignor|reject|chang|fix|trust|take|took|dismiss|revers|redo|rewrit|approv|send|sent|act|follow|agre|disagre|good|bad)$/;
const MEASURING = /^(how|share|rate|percent|percentag|%|number|often|mani|measur|track|watch|check|count|proport|fraction|out|fewer|more|less|mark|grade|judg|label|review|audit|sampl|test)$/;

// targets-vulnerable: a vulnerable group and an act of steering or selling at it, in one clause.
const VULNERABLE = /^(anxiou|anxieti|vulner|struggl|desper|elderli|frail|indebt|lonel|grief|griev|addict|impuls|distress|confus|low-incom|broke)$/;
const STEER = /^(target|steer|push|upsel|nudg|sell|pitch|default|enrol|funnel|channel|lure|prioritis|prioritiz)$/;
// quiet-change: an adverb of concealment next to a verb of changing something that affects people.
const QUIET = /^(quietli|silent|silentli|covertli|secretli|discreetli|invis)$/;
const CHANGE = /^(adjust|chang|tweak|lower|rais|shift|modifi|alter|reweight|downweight|upweight|penal|boost|reduc|cut|increas|swap|replac|correct|updat|move|default|add|remov|track|log|collect|scrape)$/;
// hides-disparity: a group or slice left out of what people look at.
const DROP = /^(drop|remov|exclud|leav|left|omit|hide|hid|filter|strip|take|took)$/;
const SLICE = /^(group|groups|segment|slice|accent|demograph|minor|subgroup|cohort|languag|region|gender|ethnic|race|age|disabl|women|men|black|hispan|older|younger)$/;
const VIEW = /^(dashboard|report|headlin|metric|chart|summari|scorecard|deck|review|number|numbers|averag|kpi)$/;
// trains-on-private: training on people's private content, with no consent in the sentence.
const PRIVATE = /^(email|emails|messag|chat|chats|convers|call|recording|record|note|dm|dms|photo|photos|document|text|texts|journal|diari|health|medic|contract|contracts)$/;
// Content sensitive whoever holds it: therapy sessions, medical records, diagnoses.
const SENSITIVE = /^(session|therapi|medic|health|clinic|diagnos|prescript|patient|counsel)$/;
const OWNER_OF = /^(custom|user|patient|employe|client|member|student|their|peopl|privat|person)$/;
const CONSENT = /^(consent|anonym|deidentifi|opt|permiss|agre|redact|pseudonym|aggreg|synthet|licens)/;

// owns-after-launch: a time after launch or a cadence, and the speaker reviewing or owning something.
const AFTER_LAUNCH = /^(weekli|monthli|quarterli|daili|afterward|afterwards|post|ongo)$/;
const OWN_VERB = /^(own|review|read|check|go|went|look|watch|track|audit|chair|report|meet|sit|run|revisit|sampl|inspect|walk)$/;

const KEY = Symbol('constructions');

export function constructions(doc: AnswerDocument): Construction[] {
  return doc.memoize(KEY, () => {
    const out: Construction[] = [];
    const toks = doc.tokens;
    // 1: a number; 2: a year (not a quantity)
    const numberAt = new Uint8Array(toks.length);
    for (const n of doc.numbers) numberAt[n.token] = n.unit === 'year' ? 2 : 1;
    for (const h of doc.headings) {
      const s = doc.sentences[h.sentence];
      // "Decision (with the numbers I'd expect)": the heading up to its parenthesis.
      const paren = h.text.indexOf('(');
      const label = (paren >= 0 ? h.text.slice(0, paren) : h.text).trim();
      if (s && HEAD_DECISION.test(label) && s.tokenEnd > s.tokenStart) push(doc, out, 'decision', s.tokenStart, s.tokenEnd);
    }
    for (const s of doc.sentences) {
      const a = s.tokenStart;
      const b = s.tokenEnd;
      // decision: a first-person commitment to an option, an imperative opener, or an allocation.
      for (let i = a; i < b; i++) {
        const t = toks[i];
        let verbAt = -1;
        if (t.lower === "i'd" || t.lower === "we'd" || t.lower === "i'll" || t.lower === "we'll") verbAt = i + 1;
        else if ((t.lower === 'i' || t.lower === 'we') && MODAL_AFTER.has(toks[i + 1]?.lower ?? '')) verbAt = i + 2;
        else if (i === a && t.upper && s.kind !== 'heading' && DECIDE.test(t.stem) && /^(ship|launch|delay|hold|do|build|fix|priorit|cut|defer|split|keep|start|move|scope|limit|restrict|pull|roll|go|gate|paus|stop|turn|block|run)/.test(t.lower) && (toks[i + 1]?.kind === 'word')) verbAt = i;
        else if (t.kind === 'number' || /^(two|three|four|five|six|half)$/.test(t.lower)) {
          const n1 = toks[i + 1];
          const n2 = toks[i + 2];
          if (n1 && n2 && ALLOCATION.test(n1.stem) && n2.sentence === t.sentence && /^(fix|build|work|go|move|stay|focus|spend|take|do|handl|own)/.test(n2.stem)) verbAt = i;
        }
        if (verbAt < 0 || verbAt >= b) continue;
        // skip adverbs ("I'd probably ship", "we'd then launch")
        let v = verbAt;
        while (v < b - 1 && /^(probabl|then|also|still|just|first|immedi|definit|actual|rather|instead)/.test(toks[v].stem)) v++;
        const verb = toks[v];
        if (verbAt === i && (t.kind === 'number' || /^(two|three|four|five|six|half)$/.test(t.lower))) {
          push(doc, out, 'decision', i, Math.min(b, i + 3));
          break;
        }
        if (!DECIDE.test(verb.stem) || verb.negation >= 0 && verb.lower !== 'ship') continue;
        const obj = toks[v + 1];
        if (obj && (NOT_DECISION_OBJECT.test(obj.stem) || (toks[v + 2] && NOT_DECISION_OBJECT.test(toks[v + 2].stem)))) continue;
        push(doc, out, 'decision', i, Math.min(b, v + 3));
        break;
      }
      // decision: "Zero-results fix first: ...", "The ranker first, then filters." An option named
      // at the start of the sentence and put first.
      if (!out.some((c) => c.kind === 'decision' && c.sentence === s.index)) {
        for (let i = a + 1; i < Math.min(b, a + 6); i++) {
          if (toks[i].lower !== 'first') continue;
          const gap = i + 1 < b ? doc.normalized.slice(toks[i].ne, toks[i + 1].ns) : '.';
          if (i + 1 === b || /[:,;.\u2014]|\s-\s/.test(gap)) push(doc, out, 'decision', a, i + 1);
          break;
        }
      }
      // stop-rule: a condition word, then (within the sentence) a number or a limit, then a stop verb.
      for (let i = a; i < b; i++) {
        if (!CONDITION.has(toks[i].lower)) continue;
        let sawLimit = false;
        let end = -1;
        for (let j = i + 1; j < b && j < i + 25; j++) {
          if (numberAt[j] === 1 || /^(threshold|limit|bar|target|floor|ceil)/.test(toks[j].stem)) sawLimit = true;
          const st = toks[j].stem;
          if (sawLimit && STOP_STEMS.has(st)) {
            if (STOP_NEEDS_OFF.has(st) && !(toks[j + 1] && /^(off|back|it|down|out)$/.test(toks[j + 1].lower)) && !(toks[j + 2] && /^(off|back|down|out)$/.test(toks[j + 2].lower))) continue;
            end = j + 1;
            break;
          }
          if (sawLimit && toks[j].lower === 'goes' && toks[j + 1]?.lower === 'off') {
            end = j + 2;
            break;
          }
        }
        if (end > 0) {
          push(doc, out, 'stop-rule', i, end);
          break;
        }
        // The same rule stated the other way round: "I'd stop the test if complaints rise by 10%".
        let verb = -1;
        for (let j = Math.max(a, i - 8); j < i; j++) if (STOP_STEMS.has(toks[j].stem) && !STOP_NEEDS_OFF.has(toks[j].stem) && toks[j].stem !== 'back' && toks[j].stem !== 'off') verb = j;
        if (verb >= 0) {
          let limit = -1;
          for (let j = i + 1; j < b && j < i + 15; j++) if (numberAt[j] === 1 || /^(threshold|limit|bar|target|floor|ceil)/.test(toks[j].stem)) limit = j;
          if (limit > 0) {
            push(doc, out, 'stop-rule', verb, limit + 1);
            break;
          }
        }
      }
      // gate: "only when/once/if/after" or "not until"/"until it..." with a measurable bar after it
      for (let i = a; i < b - 2; i++) {
        const w = toks[i].lower;
        // "only when", or "only let the system block drivers on its own once..."
        let only = -1;
        // ("only about 3% of customers..." is a quantity, not a gate)
        if (w === 'only' && numberAt[i + 1] !== 1 && !/^(about|around|roughly|a|an|one|two|three|some|few|half)$/.test(toks[i + 1].lower)) for (let j = i + 1; j < Math.min(b, i + 12); j++) if (/^(when|once|if|after)$/.test(toks[j].lower)) { only = j; break; }
        const opens = only >= 0 || (w === 'not' && toks[i + 1].lower === 'until') || (w === 'until' && /^(it|they|the|error|errors|recall|precision|accuracy|we|its|their)$/.test(toks[i + 1].lower));
        if (!opens) continue;
        let bar = -1;
        for (let j = (only >= 0 ? only : i) + 1; j < Math.min(b, (only >= 0 ? only : i) + 16); j++) if (numberAt[j] === 1 || /^(below|above|under|over|within|rare|rarely|pass|passes|passed|reach|reaches|hit|hits|meet|meets|clear|clears|least|beat|beats|sure|parity|equal)$/.test(toks[j].lower) || (toks[j].lower === 'even' && toks[j - 1].lower === 'to') || toks[j].stem === 'confid') { bar = j; break; }
        if (bar < 0) continue;
        push(doc, out, 'gate', i, bar + 1);
        break;
      }
      // comparison with a group
      for (let i = a; i < b; i++) {
        if (!COMPARE_STEMS.has(toks[i].stem)) continue;
        for (let j = i + 1; j < b && j < i + 8; j++) {
          if (GROUP_WORDS.has(toks[j].stem) || GROUP_WORDS.has(toks[j].lower)) {
            push(doc, out, 'comparison', i, j + 1);
            break;
          }
        }
        break;
      }
      // ratio outcome: word "per" word ("orders per visitor", "reports per 1,000 recipients")
      for (let i = a + 1; i < b - 1; i++) {
        if (toks[i].lower !== 'per') continue;
        const prev = toks[i - 1];
        if (prev.kind !== 'word' || prev.lower.length < 3 || /^(cent|hour|day|week|month|year|minute|second)$/.test(prev.stem)) continue;
        let j = i + 1;
        if (toks[j].kind === 'number') j++;
        if (j < b && toks[j].kind === 'word' && toks[j].lower.length >= 3) push(doc, out, 'ratio-outcome', i - 1, j + 1);
      }
      // error measure: a percentage or ratio within a few words of an error word, same clause
      for (let i = a; i < b; i++) {
        if (numberAt[i] !== 1) continue;
        const c = doc.clauses[toks[i].clause];
        let hit = -1;
        for (let j = Math.max(c.tokenStart, i - 4); j < Math.min(c.tokenEnd, i + 8); j++) if (ERROR_WORD.test(toks[j].stem)) hit = j;
        if (hit >= 0) {
          push(doc, out, 'error-measure', Math.min(i, hit), Math.max(i, hit) + 1);
          break;
        }
      }
      // removes-protection: a removal verb, then a protection within a few words of the same clause
      for (let i = a; i < b; i++) {
        const st = toks[i].stem;
        if (!REMOVE.test(st)) continue;
        const c = doc.clauses[toks[i].clause];
        const stopAt = Math.min(c.tokenEnd, i + 7);
        const particle = REMOVE_NEEDS_PARTICLE[st];
        let particleAt = -1;
        if (particle) {
          for (let j = i + 1; j < stopAt; j++) if (particle.test(toks[j].lower)) particleAt = j;
          if (particleAt < 0) continue;
        }
        let p = i - 1;
        while (p >= c.tokenStart && /^(simpli|just|also|then|quietli|probabl|complet|temporarili|fulli|entir|deliber|intent|conscious)/.test(toks[p].stem)) p--;
        if (p >= c.tokenStart && !ACTOR_BEFORE.test(toks[p].lower)) continue;
        // A modal or "to" counts only after the speaker ("we'd want to disable", "we can turn it
        // off"), not "nurses started to ignore" or "recipients can switch the filter off".
        if (p >= c.tokenStart && !SPEAKER.test(toks[p].lower)) {
          let mine = false;
          for (let q = Math.max(a, p - 3); q < p; q++) if (SPEAKER.test(toks[q].lower)) mine = true;
          if (!mine) continue;
        }
        let hit = -1;
        for (let j = i + 1; j < stopAt; j++) {
          const w = toks[j];
          if (w.kind !== 'word') continue;
          if (!REMOVE_STRONG.test(st) && REMOVE_GOOD_OBJECT.test(w.stem)) break;
          if (PROTECTION.test(w.stem) || (/^(ignor|dismiss)$/.test(st) && IGNORE_OBJECT.test(w.stem))) { hit = j; break; }
        }
        if (hit < 0) continue;
        // "stop the test if complaints rise" is a stop rule, not a protection taken away
        if (/^(stop|end|halt)$/.test(st)) {
          let conditional = false;
          for (let k = a; k < b; k++) if (CONDITION.has(toks[k].lower) || toks[k].lower === 'until') conditional = true;
          if (conditional || !/^(review|reviewer|check|audit|monitor|oversight|approv|signoff|moder|moderat|human|humans|safeti|valid|verif)$/.test(toks[hit].stem)) continue;
        }
        push(doc, out, 'removes-protection', i, Math.max(hit, particleAt) + 1);
        break;
      }
      // removes-protection, the same call said with "without": "auto-approve applicants without
      // running the sanctions screening step", "ship it without a legal review"
      if (!out.some((c) => c.kind === 'removes-protection' && c.sentence === s.index)) {
        for (let i = a; i < b; i++) {
          if (toks[i].lower !== 'without') continue;
          let p = i + 1;
          while (p < Math.min(b, i + 4) && /^(running|doing|a|an|the|any|our|their|its|first|formal|further|waiting|going|through|for)$/.test(toks[p].lower)) p++;
          let hit = -1;
          for (let j = p; j < Math.min(b, p + 4); j++) if (/^(screen|screening|review|audit|check|checks|approv|signoff|consent|test|testing|pilot)$/.test(toks[j].lower) || (j === p && PROTECTION.test(toks[j].stem) && /^(legal|complianc|human|safeti|fairness)$/.test(toks[j].stem))) { hit = j; break; }
          if (hit < 0) continue;
          // the speaker's own call, not a problem described ("users got through without a check")
          let mine = false;
          for (let q = a; q < i; q++) if (SPEAKER.test(toks[q].lower) || /^(my|call|decid|decision|chose)$/.test(toks[q].stem)) mine = true;
          if (!mine) continue;
          push(doc, out, 'removes-protection', i, hit + 1);
          break;
        }
      }
      // automated-adverse: "auto"/"automatically" next to an adverse act on someone, no safeguard said
      {
        let sg = false;
        for (let i = a; i < b; i++) if (SAFEGUARD_WORD.test(toks[i].stem)) sg = true;
        if (!sg) {
          for (let i = a; i < b; i++) {
            if (!/^(auto|automat)/.test(toks[i].lower)) continue;
            let hit = -1;
            for (let j = Math.max(a, i - 2); j < Math.min(b, i + 3); j++) if (j !== i && ADVERSE.test(toks[j].stem)) hit = j;
            if (hit >= 0) {
              push(doc, out, 'automated-adverse', Math.min(i, hit), Math.max(i, hit) + 1);
              break;
            }
          }
        }
      }
      // withholds: a negated telling verb with people or overseers as its object ("we wouldn't tell
      // patients", "I wouldn't surface the numbers to legal"), outside an experiment's blinding
      {
        let blinding = false;
        for (let i = a; i < b; i++) if (NOT_WITHHOLDING.test(toks[i].stem)) blinding = true;
        for (let i = a; i < b && !blinding; i++) {
          if (!TELL.test(toks[i].stem) || toks[i].negation < 0) continue;
          // "never shows up", "couldn't tell whether...": not about informing anyone
          if (/^(up|whether|if|which|apart)$/.test(toks[i + 1]?.lower ?? '') || (toks[i + 1]?.lower === 'the' && toks[i + 2]?.lower === 'difference')) continue;
          const scope = doc.negations[toks[i].negation];
          if (scope.kind !== 'denial') continue;
          let who = -1;
          for (let j = i + 1; j < Math.min(b, i + 8); j++) if (INFORMED.test(toks[j].stem)) { who = j; break; }
          if (who < 0) continue;
          // The telling verb itself is denied ("wouldn't tell", "never surfaced"), not a later verb
          // that a list carries on ("refunds we don't owe or tells people...").
          let from = -1;
          for (let j = Math.max(a, i - 4); j < i; j++) if (toks[j].start >= scope.cue.start && toks[j].start < scope.cue.end) { from = j; break; }
          if (from < 0) continue;
          let direct = true;
          for (let j = from + 1; j < i; j++) if (!/^(even|really|ever|always|actually|have|be|been|bother|to|need|want|plan|going|proactively|explicitly|necessarily|get|gets)$/.test(toks[j].lower)) direct = false;
          if (!direct) continue;
          push(doc, out, 'withholds', from, who + 1);
          out[out.length - 1].negated = false;
          break;
        }
      }
      // defers-review: consent, privacy or legal review, then "later" in the same clause
      for (let i = a; i < b; i++) {
        if (!REVIEWABLE.test(toks[i].stem)) continue;
        const c = doc.clauses[toks[i].clause];
        let later = -1;
        for (let j = i + 1; j < Math.min(c.tokenEnd, i + 12); j++) if (LATER.test(toks[j].stem) || (toks[j].lower === 'after' && /^(launch|we|it)$/.test(toks[j + 1]?.lower ?? ''))) { later = j; break; }
        if (later < 0) {
          for (let j = i + 1; j < Math.min(c.tokenEnd, i + 10); j++) {
            if (!/^(once|after|until)$/.test(toks[j].lower) || !/^(we|we've|it|it's|we're)$/.test(toks[j + 1]?.lower ?? '')) continue;
            for (let k = j + 2; k < Math.min(c.tokenEnd, j + 5); k++) if (ONCE_PROVEN.test(toks[k].stem)) later = k;
            if (later >= 0) break;
          }
        }
        if (later < 0) continue;
        push(doc, out, 'defers-review', i, later + 1);
        break;
      }
      // dismisses-obligation: consent, notification or disclosure declared unneeded ("there's no
      // need to re-consent users", "no separate authorisation is needed") or steered around
      // ("avoiding a formal breach process"), unless the data is anonymised or aggregated
      {
        let covered = false;
        for (let i = a; i < b; i++) if (/^(anonym|deidentifi|aggreg|synthet|pseudonym)/.test(toks[i].stem)) covered = true;
        for (let i = a; i < b && !covered; i++) {
          if (!OBLIGATION.test(toks[i].stem) || /^(fatigu|banner|popup|form|screen)/.test(toks[i + 1]?.stem ?? '')) continue;
          const c = doc.clauses[toks[i].clause];
          let hit = -1;
          // the need denied in the same clause, around the duty
          for (let j = c.tokenStart; j < c.tokenEnd; j++) if (NEEDED.test(toks[j].stem) && (toks[j].negation >= 0 || toks[j - 1]?.lower === 'no')) { hit = j; break; }
          if (hit >= 0 && toks[i].negation < 0 && hit > i) hit = -1;
          if (hit < 0) for (let j = Math.max(c.tokenStart, i - 5); j < i; j++) if (AVOID.test(toks[j].stem) && toks[j].negation < 0) { hit = j; break; }
          if (hit < 0) continue;
          push(doc, out, 'dismisses-obligation', Math.min(i, hit), Math.max(i, hit) + 1);
          out[out.length - 1].negated = false;
          break;
        }
        // A law declared not to apply ("so GDPR didn't really apply"), with no check with counsel
        // said in the sentence or the next
        // (anonymising does not take data out of the law's reach on its own say-so)
        for (let i = a; i < b; i++) {
          if (!/^(gdpr|hipaa|fcra|ecoa|ccpa|cpra|coppa|ferpa|glba|pipeda|lgpd|regul|regulat)$/.test(toks[i].stem)) continue;
          const c = doc.clauses[toks[i].clause];
          let hit = -1;
          for (let j = i + 1; j < Math.min(c.tokenEnd, i + 6); j++) if (/^(appli|apply|appl)$/.test(toks[j].stem) && toks[j].negation >= 0) { hit = j; break; }
          if (hit < 0) continue;
          const next = doc.sentences[s.index + 1];
          let hedged = false;
          for (let k = a; k < (next ? next.tokenEnd : b); k++) if (/^(confirm|check|verifi|counsel|lawyer|legal|dpo|advic)/.test(toks[k].stem)) hedged = true;
          if (hedged) continue;
          push(doc, out, 'dismisses-obligation', i, hit + 1);
          out[out.length - 1].negated = false;
          break;
        }
        // "avoiding a formal breach process", "dodge the breach report"
        for (let i = a; i < b && !covered; i++) {
          if (!AVOID.test(toks[i].stem) || toks[i].negation >= 0) continue;
          let hit = -1;
          for (let j = i + 1; j < Math.min(b, i + 5); j++) if (toks[j].stem === 'breach' && /^(process|report|notif|disclosur|procedur)/.test(toks[j + 1]?.stem ?? '')) { hit = j + 1; break; }
          if (hit < 0) continue;
          push(doc, out, 'dismisses-obligation', i, hit + 1);
          break;
        }
      }
      // owns-after-launch: "After launch I own a weekly review", "I still go through the weekly list
      // of misses", "every month I'd check..."
      {
        let when = -1;
        for (let i = a; i < b; i++) {
          const t = toks[i];
          // a cadence: "weekly", "after launch", "every week", "each storm", "every release"
          if (AFTER_LAUNCH.test(t.stem) || (/^(after|once)$/.test(t.lower) && /^(launch|it|go|rollout|releas|ship|we)/.test(toks[i + 1]?.stem ?? '')) || (/^(every|each)$/.test(t.lower) && toks[i + 1]?.kind === 'word' && !/^(one|of|time|other|step|case|answer|user|person|patient|customer|item|document|claim|order|flag)$/.test(toks[i + 1].stem))) {
            when = i;
            break;
          }
        }
        if (when >= 0) {
          for (let i = a; i < b - 1; i++) {
            if (!SPEAKER.test(toks[i].lower)) continue;
            let v = i + 1;
            while (v < b - 1 && /^(would|will|still|also|then|personally|always|now|keep|kept)$/.test(toks[v].lower)) v++;
            if (!OWN_VERB.test(toks[v].stem) || toks[v].negation >= 0) continue;
            // "go" and "look" need their particle: "go through", "look at"
            if (/^(go|went)$/.test(toks[v].stem) && toks[v + 1]?.lower !== 'through' && toks[v + 1]?.lower !== 'over') continue;
            if (toks[v].stem === 'look' && toks[v + 1]?.lower !== 'at') continue;
            if (toks[v].stem === 'sit' && toks[v + 1]?.lower !== 'down') continue;
            // "keep watching it" names nothing in particular
            let o = v + 1;
            if (/^(through|over|at|down|with)$/.test(toks[o]?.lower ?? '')) o++;
            if (/^(it|them|things|everything|stuff)$/.test(toks[o]?.lower ?? '')) continue;
            // "every week", "each storm": the cadence is its two words
            const whenEnd = /^(every|each)$/.test(toks[when].lower) ? when + 1 : when;
            push(doc, out, 'owns-after-launch', Math.min(i, when), Math.max(v, whenEnd) + 1);
            break;
          }
        }
      }
      // targets-vulnerable
      for (let i = a; i < b; i++) {
        if (!VULNERABLE.test(toks[i].stem)) continue;
        const c = doc.clauses[toks[i].clause];
        let hit = -1;
        for (let j = Math.max(c.tokenStart, i - 6); j < Math.min(c.tokenEnd, i + 6); j++) if (STEER.test(toks[j].stem)) { hit = j; break; }
        if (hit < 0) continue;
        push(doc, out, 'targets-vulnerable', Math.min(i, hit), Math.max(i, hit) + 1);
        break;
      }
      // quiet-change
      for (let i = a; i < b; i++) {
        if (!QUIET.test(toks[i].stem)) continue;
        let hit = -1;
        for (let j = Math.max(a, i - 2); j < Math.min(b, i + 3); j++) if (j !== i && CHANGE.test(toks[j].stem)) { hit = j; break; }
        if (hit < 0) continue;
        push(doc, out, 'quiet-change', Math.min(i, hit), Math.max(i, hit) + 1);
        break;
      }
      // hides-disparity
      for (let i = a; i < b; i++) {
        if (!DROP.test(toks[i].stem)) continue;
        let slice = -1;
        let view = -1;
        for (let j = i + 1; j < Math.min(b, i + 10); j++) {
          if (slice < 0 && SLICE.test(toks[j].stem)) slice = j;
          if (slice >= 0 && VIEW.test(toks[j].stem)) { view = j; break; }
        }
        if (slice < 0 || view < 0) continue;
        // "... from the dashboard", "... out of the report": left out of what people look at
        if (!toks.slice(Math.max(slice + 1, view - 3), view).some((t) => /^(from|of)$/.test(t.lower))) continue;
        if ((toks[i].stem === 'leav' || toks[i].stem === 'left' || toks[i].stem === 'take' || toks[i].stem === 'took') && !toks.slice(i + 1, view).some((t) => t.lower === 'out' || t.lower === 'off')) continue;
        push(doc, out, 'hides-disparity', i, view + 1);
        break;
      }
      // trains-on-private
      {
        let consent = false;
        for (let i = a; i < b; i++) if (CONSENT.test(toks[i].stem)) consent = true;
        for (let i = a; i < b && !consent; i++) {
          if (!/^(train|fine|finetun|retrain)$/.test(toks[i].stem)) continue;
          let owner = -1;
          let item = -1;
          for (let j = i + 1; j < Math.min(b, i + 7); j++) {
            if (owner < 0 && (OWNER_OF.test(toks[j].stem) || SENSITIVE.test(toks[j].stem))) owner = j;
            if (owner >= 0 && PRIVATE.test(toks[j].stem)) { item = j; break; }
          }
          if (item < 0) continue;
          push(doc, out, 'trains-on-private', i, item + 1);
          break;
        }
      }
      // protected-input: a protected attribute used as an input or to target, outside a fairness check
      let fairnessContext = false;
      for (let i = a; i < b; i++) if (FAIRNESS_CONTEXT.test(toks[i].stem)) fairnessContext = true;
      if (!fairnessContext) {
        for (let i = a; i < b; i++) {
          if (!PROTECTED.test(toks[i].lower) || toks[i].kind !== 'word') continue;
          // "account age", "device age": a thing's age, not a person's
          const before = toks[i - 1];
          if (toks[i].lower === 'age' && before && before.kind === 'word' && !/^(the|their|and|or|like|as|by|on|with|of|include|including|use|using|customer's|patient's|applicant's|user's|driver's|borrower's|person's)$/.test(before.lower)) continue;
          let verb = -1;
          for (let j = Math.max(a, i - 5); j < i; j++) if (USE_AS_INPUT.test(toks[j].stem)) verb = j;
          if (verb < 0) for (let j = i + 1; j < Math.min(b, i + 10); j++) if (PREDICTIVE.test(toks[j].stem)) { push(doc, out, 'protected-input', i, j + 1); break; }
          if (verb < 0) continue;
          push(doc, out, 'protected-input', verb, i + 1);
          break;
        }
      }
      // obstructs-exit: an exit word and an obstruction in the same clause, in a decision's voice
      for (let i = a; i < b; i++) {
        // Leaving, and the ways to object: "report a problem", "complain", "appeal"
        // (the act, not the people: "busy complainers may wait a little longer" is about repair order)
        const objects = (/^(complain|complaint|appeal)$/.test(toks[i].stem) && !/ers?$/.test(toks[i].lower)) || (toks[i].stem === 'report' && /^(a|an|problem|issue|abus)$/.test(toks[i + 1]?.stem ?? ''));
        if (!EXIT.test(toks[i].stem) && !objects && !(toks[i].lower === 'opt' && toks[i + 1]?.lower === 'out')) continue;
        const c = doc.clauses[toks[i].clause];
        let hit = -1;
        // A way to object sits right by its obstacle ("harder to complain", "the report button one
        // level deeper"), not across a clause ("harder to explain when a customer complained").
        const reach = objects ? 4 : 8;
        for (let j = Math.max(c.tokenStart, i - reach); j < Math.min(c.tokenEnd, i + reach + 3); j++) if (OBSTRUCT.test(toks[j].stem) && toks[j].kind === 'word') { hit = j; break; }
        if (objects && hit >= 0 && toks.slice(Math.min(i, hit), Math.max(i, hit)).some((t) => /^(when|if|because|after|before|since)$/.test(t.lower))) continue;
        if (hit < 0) continue;
        // "extra", "screen", "steps" alone are ordinary product words; they obstruct with a count or "more"
        if (/^(extra|screen|screens|step|steps)$/.test(toks[hit].stem)) {
          const prev = toks[hit - 1];
          if (!prev || !(prev.kind === 'number' || /^(more|extra|five|four|three|six|several|multipl|addit)/.test(prev.stem))) continue;
        }
        push(doc, out, 'obstructs-exit', Math.min(i, hit), Math.max(i, hit) + 1);
        break;
      }
      // obstructs-exit, said of a control: "tickets classed as self-service don't show a 'request
      // technician' button for 72 hours", "hide the talk-to-an-agent button"
      for (let i = a; i < b; i++) {
        if (!ESCAPE_CONTROL.test(toks[i].lower)) continue;
        let hit = -1;
        for (let j = Math.max(a, i - 8); j < i; j++) {
          const t = toks[j];
          if (HIDE_CONTROL.test(t.stem) || (/^(show|shows|display|offer|see)$/.test(t.lower) && t.negation >= 0)) { hit = j; break; }
        }
        if (hit < 0) continue;
        // the control is a way out or a way to a person
        let exitWord = false;
        for (let j = hit; j < i; j++) if (/^(request|talk|agent|human|person|technician|support|contact|cancel|help|call|chat|report|dispute|appeal|unsubscrib|refund|escal)/.test(toks[j].stem)) exitWord = true;
        if (!exitWord) continue;
        push(doc, out, 'obstructs-exit', hit, i + 1);
        out[out.length - 1].negated = false;
        break;
      }
      // people-outcome: "fewer people falling behind", "share of advertisers who launch", "do more
      // new sign-ups launch a campaign", "are they still spending"
      for (let i = a; i < b; i++) {
        const t = toks[i];
        const question = (i === a && /^(do|does|did|are|is|will|would)$/.test(t.lower)) || /^(whether)$/.test(t.lower);
        if (!question && !(COUNT_WORD.test(t.stem) || (numberAt[i] === 1 && /%|percent/.test(doc.text.slice(t.start, (toks[i + 1] ?? t).end))))) continue;
        let who = -1;
        for (let j = i + 1; j < Math.min(b, i + 5); j++) if (PEOPLE.test(toks[j].stem) && toks[j].kind === 'word') { who = j; break; }
        if (who < 0) continue;
        let verb = -1;
        for (let j = who + 1; j < Math.min(b, who + 5); j++) if (DO_VERB.test(toks[j].stem) && toks[j].kind === 'word') { verb = j; break; }
        if (verb < 0) continue;
        push(doc, out, 'people-outcome', i, verb + 1);
        break;
      }
      // output-quality: "how far off the forecast was", "how many drafts people keep", "share of
      // flags that turn out to be real", in a sentence that measures something
      let measuring = false;
      for (let i = a; i < b; i++) if (MEASURING.test(toks[i].stem) || numberAt[i] === 1) measuring = true;
      if (measuring) {
        for (let i = a; i < b; i++) {
          if (!OUTPUT.test(toks[i].stem) || toks[i].kind !== 'word') continue;
          let hit = -1;
          for (let j = Math.max(a, i - 4); j < Math.min(b, i + 7); j++) if (j !== i && OUTPUT_QUALITY.test(toks[j].stem) && toks[j].kind === 'word') { hit = j; break; }
          if (hit < 0) continue;
          push(doc, out, 'output-quality', Math.min(i, hit), Math.max(i, hit) + 1);
          break;
        }
        for (let i = a; i < b - 2; i++) {
          // "how far off": forecast error in plain words
          if (toks[i].lower === 'how' && toks[i + 1].lower === 'far' && toks[i + 2].lower === 'off') { push(doc, out, 'output-quality', i, i + 3); break; }
        }
      }
      // quantified change: a direction verb and a number in the same clause
      for (let i = a; i < b; i++) {
        if (!DIRECTION.test(toks[i].stem)) continue;
        const c = doc.clauses[toks[i].clause];
        let hasNum = false;
        for (let j = c.tokenStart; j < c.tokenEnd; j++) if (numberAt[j] === 1 || (/^(half|third|quarter|thirds|quarters)$/.test(toks[j].lower) && /^(a|by|one|two|three|in)$/.test(toks[j - 1]?.lower ?? ''))) hasNum = true;
        if (hasNum) {
          push(doc, out, 'quantified-change', c.tokenStart, c.tokenEnd);
          break;
        }
      }
    }
    return out;
  });
}

/** A construction in the shape of a lexicon match, so scorers can treat both alike. */
export function asMatch(c: Construction, doc: AnswerDocument, group: string = c.kind): import('../lexicons/index.js').LexiconMatch {
  return {
    lexicon: 'constructions',
    entry: c.kind,
    group,
    tags: [],
    weight: 1,
    tokenStart: c.tokenStart,
    tokenEnd: c.tokenEnd,
    span: c.span,
    text: c.text,
    negated: c.negated,
    sentence: c.sentence,
    clause: doc.tokens[c.tokenStart].clause,
  };
}
