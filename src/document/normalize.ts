/**
 * Normalization on a copy of the answer, with an offset map back to the original.
 *
 * Every normalized UTF-16 unit k came from original units [srcStart[k], srcEnd[k]). Spans found
 * on the normalized text map back with `start = srcStart[a]`, `end = srcEnd[b - 1]`, so
 * `original.slice(start, end)` is always a whole run of original characters (never half of a
 * surrogate pair or of a combining sequence).
 */
export interface Normalized {
  text: string;
  srcStart: Int32Array;
  srcEnd: Int32Array;
}

const ZERO_WIDTH = new Set([0x200b, 0x200c, 0x200d, 0x2060, 0xfeff, 0x00ad, 0x180e]);
const SINGLE_QUOTES = new Set([0x2018, 0x2019, 0x201a, 0x201b, 0x2032, 0x02bc, 0xff07]);
const DOUBLE_QUOTES = new Set([0x201c, 0x201d, 0x201e, 0x201f, 0x2033, 0x00ab, 0x00bb, 0xff02]);
// Hyphen-like dashes join words ("2019–2020", "trade‑off"); em dashes and horizontal bars
// separate clauses, so they become a spaced hyphen, which the clause splitter treats as a break.
const JOIN_DASHES = new Set([0x2010, 0x2011, 0x2012, 0x2013, 0x2212, 0xfe63, 0xff0d]);
const BREAK_DASHES = new Set([0x2014, 0x2015, 0x2e3a, 0x2e3b]);
const COMBINING = /^\p{M}$/u;
const SPACE_SEP = /^\p{Zs}$/u;

function replacementFor(cluster: string, cp: number): string {
  if (ZERO_WIDTH.has(cp)) return '';
  if (SINGLE_QUOTES.has(cp)) return "'";
  if (DOUBLE_QUOTES.has(cp)) return '"';
  if (JOIN_DASHES.has(cp)) return '-';
  if (BREAK_DASHES.has(cp)) return ' - ';
  if (cp === 0x2028 || cp === 0x2029 || cp === 0x85) return '\n';
  if (cp === 0x2026) return '...';
  if (cp === 0x2022 || cp === 0x25cf || cp === 0x25aa || cp === 0x2023 || cp === 0x2043) return '•';
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return cp === 0x09 ? ' ' : ' ';
  if (cp >= 0xd800 && cp <= 0xdfff) return '\ufffd'; // lone surrogate
  if (SPACE_SEP.test(String.fromCodePoint(cp))) return ' ';
  return cluster.normalize('NFKC');
}

export function normalize(original: string): Normalized {
  const n = original.length;
  // Most answers are ASCII; size the map for the common case and grow if NFKC expands.
  let cap = n + 16;
  let srcStart = new Int32Array(cap);
  let srcEnd = new Int32Array(cap);
  const parts: string[] = [];
  let len = 0;
  const reserve = (extra: number) => {
    if (len + extra <= cap) return;
    cap = Math.max(cap * 2, len + extra + 16);
    const ns = new Int32Array(cap);
    ns.set(srcStart.subarray(0, len));
    srcStart = ns;
    const ne = new Int32Array(cap);
    ne.set(srcEnd.subarray(0, len));
    srcEnd = ne;
  };
  const push = (s: string, a: number, b: number) => {
    reserve(s.length);
    for (let k = 0; k < s.length; k++) {
      srcStart[len + k] = a;
      srcEnd[len + k] = b;
    }
    len += s.length;
    parts.push(s);
  };

  let i = 0;
  while (i < n) {
    const c = original.charCodeAt(i);
    // Fast path: a run of printable ASCII copied as one slice (only its last character can be
    // followed by a combining mark, which then belongs to the slow path below).
    if (c >= 0x20 && c < 0x7f) {
      let j = i + 1;
      while (j < n) {
        const d = original.charCodeAt(j);
        if (d < 0x20 || d >= 0x7f) break;
        j++;
      }
      if (j < n) {
        const next = original.charCodeAt(j);
        if (next >= 0x300 && COMBINING.test(String.fromCharCode(next))) j--;
      }
      if (j > i) {
        reserve(j - i);
        for (let k = i; k < j; k++) {
          srcStart[len] = k;
          srcEnd[len] = k + 1;
          len++;
        }
        parts.push(original.slice(i, j));
        i = j;
        continue;
      }
    }
    if (c === 0x0d) {
      // CRLF and lone CR become one newline.
      const b = i + 1 < n && original.charCodeAt(i + 1) === 0x0a ? i + 2 : i + 1;
      push('\n', i, b);
      i = b;
      continue;
    }
    if (c === 0x0a) {
      push('\n', i, i + 1);
      i++;
      continue;
    }
    // One code point (a lone surrogate counts as one unit)...
    let cp = c;
    let j = i + 1;
    if (c >= 0xd800 && c <= 0xdbff && j < n) {
      const lo = original.charCodeAt(j);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (lo - 0xdc00) + 0x10000;
        j++;
      }
    }
    // ...plus the combining marks that follow it, so NFKC can compose them. Bounded so that a
    // pathological run of marks is still processed in linear time.
    let k = j;
    while (k < n && k - j < 32) {
      const m = original.codePointAt(k)!;
      if (m < 0x300 || !COMBINING.test(String.fromCodePoint(m))) break;
      k += m > 0xffff ? 2 : 1;
    }
    const cluster = original.slice(i, k);
    const rep = k > j && !(cp >= 0xd800 && cp <= 0xdfff) ? cluster.normalize('NFKC') : replacementFor(cluster, cp);
    if (rep.length) push(rep, i, k);
    i = k;
  }
  return { text: parts.join(''), srcStart: srcStart.subarray(0, len), srcEnd: srcEnd.subarray(0, len) };
}
