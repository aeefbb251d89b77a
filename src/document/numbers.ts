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

/** Numbers with their units: "19.0%", "$180", "2 points", "40 bps", "200ms", "3x", "$1.2M". */
export function findNumbers(tokens: Token[], t: string, toOrig: (a: number, b: number) => Span): NumberMention[] {
  const out: NumberMention[] = [];
  for (const tok of tokens) {
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
        const u = WORD_UNITS[next.lower];
        if (u) {
          if (SCALE[next.lower]) value *= SCALE[next.lower];
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
