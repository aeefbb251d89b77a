import type { NumberMention, Span, Token } from './types.js';

const WORD_UNITS: Record<string, string> = {
  percent: 'percent', pct: 'percent', percentage: 'percent',
  pp: 'points', points: 'points', point: 'points', pts: 'points',
  bps: 'bps', bp: 'bps', basis: 'bps',
  ms: 'ms', millisecond: 'ms', milliseconds: 'ms',
  s: 'seconds', sec: 'seconds', secs: 'seconds', second: 'seconds', seconds: 'seconds',
  min: 'minutes', mins: 'minutes', minute: 'minutes', minutes: 'minutes',
  h: 'hours', hr: 'hours', hrs: 'hours', hour: 'hours', hours: 'hours',
  day: 'days', days: 'days', week: 'weeks', weeks: 'weeks', month: 'months', months: 'months',
  year: 'years', years: 'years', quarter: 'quarters', quarters: 'quarters',
  x: 'x', times: 'x', fold: 'x',
  k: 'count', m: 'count', mm: 'count', bn: 'count', b: 'count', thousand: 'count', million: 'count', billion: 'count',
  users: 'count', customers: 'count', patients: 'count', tickets: 'count', people: 'count', engineers: 'count', sites: 'count',
  stores: 'count', clinics: 'count', accounts: 'count', orders: 'count', calls: 'count', weeks_: 'count',
};
const SCALE: Record<string, number> = { k: 1e3, thousand: 1e3, m: 1e6, mm: 1e6, million: 1e6, bn: 1e9, b: 1e9, billion: 1e9 };
const CURRENCY = new Set(['$', '€', '£', '¥', '₹']);

const NUMBER_WORDS = new Map<string, number>([
  ['one', 1], ['two', 2], ['three', 3], ['four', 4], ['five', 5], ['six', 6], ['seven', 7], ['eight', 8], ['nine', 9], ['ten', 10], ['eleven', 11], ['twelve', 12],
  ['fifteen', 15], ['twenty', 20], ['thirty', 30], ['forty', 40], ['fifty', 50], ['hundred', 100],
]);
/** A unit word's unit; own keys only ("constructor" is not a unit). */
const unitOf = (w: string): string | undefined => (Object.hasOwn(WORD_UNITS, w) ? WORD_UNITS[w] : undefined);

/**
 * A number said in words counts when it measures something: "six weeks", "two engineers", or a
 * rate, "one in twelve" / "one message in twelve" (unit "ratio"). "One option" or "two things"
 * do not.
 */
function wordNumber(tokens: Token[], tok: Token): { value: number; unit: string; end: Token } | null {
  const value = NUMBER_WORDS.get(tok.lower);
  if (value === undefined) return null;
  const next = tokens[tok.i + 1];
  if (!next || next.sentence !== tok.sentence) return null;
  const unit = unitOf(next.lower);
  if (unit && unit !== 'x' && !Object.hasOwn(SCALE, next.lower) && next.lower.length > 2) return { value, unit, end: next };
  // "one in twelve", "one message in twelve", "1 in 25" is handled by the digits
  for (const k of [1, 2]) {
    const inTok = tokens[tok.i + k];
    const of = tokens[tok.i + k + 1];
    if (inTok?.lower === 'in' && of && of.sentence === tok.sentence && (NUMBER_WORDS.has(of.lower) || of.kind === 'number')) {
      const denominator = NUMBER_WORDS.get(of.lower) ?? Number(of.lower.replace(/,/g, ''));
      if (denominator > value) return { value: value / denominator, unit: 'ratio', end: of };
    }
  }
  return null;
}

/** Numbers with their units: "19.0%", "$180", "2 points", "40 bps", "200ms", "3x", "$1.2M", "six weeks", "one in twelve". */
export function findNumbers(tokens: Token[], t: string, toOrig: (a: number, b: number) => Span): NumberMention[] {
  const out: NumberMention[] = [];
  for (const tok of tokens) {
    if (tok.kind === 'word') {
      const w = wordNumber(tokens, tok);
      if (w) out.push({ span: toOrig(tok.ns, w.end.ne), text: t.slice(tok.ns, w.end.ne), value: w.value, unit: w.unit, token: tok.i });
      continue;
    }
    if (tok.kind !== 'number') continue;
    let value = Number(tok.lower.replace(/,/g, ''));
    if (!Number.isFinite(value)) continue;
    let ns = tok.ns;
    let ne = tok.ne;
    let unit: string | null = null;
    const before = t[ns - 1];
    if (before && CURRENCY.has(before)) {
      unit = 'currency';
      ns -= 1;
    }
    if (t[ne] === '%') {
      unit = 'percent';
      ne += 1;
    } else {
      const next = tokens[tok.i + 1];
      if (next && next.sentence === tok.sentence && next.ns - tok.ne <= 1 && !/[,;:.]/.test(t.slice(tok.ne, next.ns))) {
        const u = unitOf(next.lower);
        if (u) {
          if (Object.hasOwn(SCALE, next.lower)) value *= SCALE[next.lower];
          if (unit !== 'currency') unit = u === 'count' && next.ns === tok.ne ? 'count' : u;
          ne = next.ne;
          if (next.lower === 'basis' && tokens[tok.i + 2]?.lower === 'points') ne = tokens[tok.i + 2].ne;
        }
      }
    }
    if (!unit && /^(19|20)\d\d$/.test(tok.lower)) unit = 'year';
    const span = toOrig(ns, ne);
    out.push({ span, text: t.slice(ns, ne), value, unit, token: tok.i });
  }
  return out;
}
