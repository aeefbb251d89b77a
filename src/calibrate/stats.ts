/**
 * Agreement statistics between machine scores and human grades. Plain numeric code, no
 * dependencies; every function returns NaN when the figure is undefined for its input (fewer than
 * two items, a constant series, no comparable pair), and the callers turn NaN into `null`.
 */

export function mean(xs: readonly number[]): number {
  if (!xs.length) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n - 1). */
export function sd(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return Math.sqrt(s / (xs.length - 1));
}

/** 1-based ranks; tied values share the average of the ranks they span. */
export function averageRanks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a] - xs[b]);
  const ranks = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]] === xs[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

export function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2 || b.length !== n) return NaN;
  const ma = mean(a);
  const mb = mean(b);
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  // Relative tolerance: a series of identical floats can leave rounding noise in saa.
  if (saa <= 1e-12 * (1 + ma * ma) * n || sbb <= 1e-12 * (1 + mb * mb) * n) return NaN;
  return Math.max(-1, Math.min(1, sab / Math.sqrt(saa * sbb)));
}

/** Spearman's rho: Pearson on average ranks (the tie-corrected form). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(averageRanks(a), averageRanks(b));
}

/**
 * Kendall's tau-b, which corrects for ties on either side (grades are heavily tied). Counted in
 * O(n log n) the way Knight (1966) does: sort by (a, b), count the ties, then count the
 * exchanges a merge sort on b needs (each is a discordant pair).
 */
export function kendallTauB(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  if (n < 2 || b.length !== n) return NaN;
  const order = a.map((_, i) => i).sort((i, j) => a[i] - a[j] || b[i] - b[j]);
  let tiesA = 0;
  let tiesBoth = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && a[order[j + 1]] === a[order[i]]) j++;
    const t = j - i + 1;
    tiesA += (t * (t - 1)) / 2;
    for (let p = i; p <= j; ) {
      let q = p;
      while (q + 1 <= j && b[order[q + 1]] === b[order[p]]) q++;
      const u = q - p + 1;
      tiesBoth += (u * (u - 1)) / 2;
      p = q + 1;
    }
    i = j + 1;
  }
  let ys = order.map((i) => b[i]);
  let buf = new Array<number>(n);
  let exchanges = 0;
  for (let width = 1; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        if (ys[j] < ys[i]) {
          exchanges += mid - i;
          buf[k++] = ys[j++];
        } else buf[k++] = ys[i++];
      }
      while (i < mid) buf[k++] = ys[i++];
      while (j < hi) buf[k++] = ys[j++];
    }
    [ys, buf] = [buf, ys];
  }
  let tiesB = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && ys[j + 1] === ys[i]) j++;
    const t = j - i + 1;
    tiesB += (t * (t - 1)) / 2;
    i = j + 1;
  }
  const pairs = (n * (n - 1)) / 2;
  const denom = Math.sqrt((pairs - tiesA) * (pairs - tiesB));
  return denom > 0 ? (pairs - tiesA - tiesB + tiesBoth - 2 * exchanges) / denom : NaN;
}

/**
 * Quadratic weighted kappa between two ratings on the ordered scale `scale` (values outside it are
 * placed on the nearest step). 1 is perfect agreement, 0 what chance gives.
 */
export function quadraticWeightedKappa(a: readonly number[], b: readonly number[], scale: readonly number[]): number {
  const n = a.length;
  const k = scale.length;
  if (n < 1 || b.length !== n || k < 2) return NaN;
  const idx = (v: number) => nearestStep(scale, v);
  const observed = new Float64Array(k * k);
  const histA = new Float64Array(k);
  const histB = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const x = idx(a[i]);
    const y = idx(b[i]);
    observed[x * k + y]++;
    histA[x]++;
    histB[y]++;
  }
  let num = 0;
  let den = 0;
  for (let x = 0; x < k; x++) {
    for (let y = 0; y < k; y++) {
      const w = ((x - y) / (k - 1)) ** 2;
      num += w * observed[x * k + y];
      den += (w * histA[x] * histB[y]) / n;
    }
  }
  return den > 0 ? 1 - num / den : NaN;
}

/** Index of the step of `scale` (ascending) nearest to v; ties go to the lower step. */
export function nearestStep(scale: readonly number[], v: number): number {
  let best = 0;
  for (let i = 1; i < scale.length; i++) if (Math.abs(scale[i] - v) < Math.abs(scale[best] - v)) best = i;
  return best;
}

/** Share of items whose two ratings differ by at most `tolerance`. */
export function agreementRate(a: readonly number[], b: readonly number[], tolerance: number): number {
  if (!a.length || b.length !== a.length) return NaN;
  let hit = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) <= tolerance + 1e-9) hit++;
  return hit / a.length;
}

/**
 * Standardized mean difference of the machine's ratings from the human ones, over the pooled
 * standard deviation (the form used in automated-scoring evaluations). Positive: machine higher.
 */
export function standardizedMeanDifference(machine: readonly number[], human: readonly number[]): number {
  const sm = sd(machine);
  const sh = sd(human);
  const pooled = Math.sqrt((sm * sm + sh * sh) / 2);
  if (!(pooled > 0)) return NaN;
  return (mean(machine) - mean(human)) / pooled;
}

/**
 * Pairwise order accuracy: over pairs whose grades differ by at least `minGap` (and, when groups
 * are given, that share a group such as the question), the share the scores put in the same order;
 * a tied score counts half. Returns the accuracy and the number of pairs.
 */
export function pairwiseAccuracy(
  scores: readonly number[],
  grades: readonly number[],
  groups?: readonly (string | undefined)[],
  minGap = 1,
): { value: number; pairs: number } {
  const buckets = new Map<string, number[]>();
  for (let i = 0; i < scores.length; i++) {
    const key = groups ? (groups[i] ?? '\u0000') : '';
    let list = buckets.get(key);
    if (!list) buckets.set(key, (list = []));
    list.push(i);
  }
  let pairs = 0;
  let agree = 0;
  for (const list of buckets.values()) {
    for (let x = 0; x < list.length; x++) {
      for (let y = x + 1; y < list.length; y++) {
        const i = list[x];
        const j = list[y];
        const dg = grades[i] - grades[j];
        if (Math.abs(dg) < minGap - 1e-9 || dg === 0) continue;
        pairs++;
        const ds = scores[i] - scores[j];
        if (ds === 0) agree += 0.5;
        else if (Math.sign(ds) === Math.sign(dg)) agree++;
      }
    }
  }
  return { value: pairs ? agree / pairs : NaN, pairs };
}

/** A small seeded generator (mulberry32): the same seed gives the same resamples everywhere. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

/** Linear-interpolated quantile of an ascending array. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
