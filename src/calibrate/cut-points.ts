import { nearestStep } from './stats.js';

/**
 * The grade scale of a set of grades: whole-number grades fill their range (a 1-5 scale with no 4
 * in the data still has a 4), other grades are taken as they come.
 */
export function gradeScale(grades: readonly number[]): number[] {
  const distinct = [...new Set(grades)].sort((a, b) => a - b);
  if (!distinct.length) return [];
  const lo = distinct[0];
  const hi = distinct[distinct.length - 1];
  if (distinct.every(Number.isInteger) && hi - lo <= 20) return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return distinct;
}

/**
 * Cut points that map scores onto `scale` so the machine hands out each grade about as often as
 * the graders did (equipercentile linking). Only the two distributions are used, not which answer
 * got which grade, so fitting them on the data being measured does not flatter the rank figures;
 * it does make the mean difference small by construction.
 *
 * Returns scale.length - 1 ascending thresholds: a score at or above cut k earns at least
 * scale[k + 1]. Thresholds fall midway between observed scores so new scores fall cleanly.
 */
export function fitCutPoints(scores: readonly number[], grades: readonly number[], scale: readonly number[]): number[] {
  const steps = scale.length;
  if (steps < 2) return [];
  const n = scores.length;
  const values = [...new Set(scores)].sort((a, b) => a - b);
  if (!n || !values.length) return Array.from({ length: steps - 1 }, () => 0);
  // Candidate thresholds and how many scores fall below each.
  const candidates: { t: number; below: number }[] = [];
  const sorted = [...scores].sort((a, b) => a - b);
  let below = 0;
  candidates.push({ t: values[0], below: 0 });
  for (let v = 0; v < values.length; v++) {
    while (below < n && sorted[below] <= values[v]) below++;
    const next = v + 1 < values.length ? (values[v] + values[v + 1]) / 2 : values[v] + topGap(values);
    candidates.push({ t: next, below });
  }
  const counts = new Array<number>(steps).fill(0);
  for (const g of grades) counts[nearestStep(scale, g)]++;
  const cuts: number[] = [];
  let cumulative = 0;
  let from = 0;
  for (let k = 0; k < steps - 1; k++) {
    cumulative += counts[k];
    const target = (cumulative / Math.max(1, grades.length)) * n;
    let best = from;
    for (let c = from; c < candidates.length; c++) {
      if (Math.abs(candidates[c].below - target) < Math.abs(candidates[best].below - target) - 1e-9) best = c;
    }
    cuts.push(candidates[best].t);
    from = best;
  }
  return cuts;
}

/** A threshold above every observed score sits one typical gap above the highest. */
function topGap(values: readonly number[]): number {
  if (values.length < 2) return 1;
  return (values[values.length - 1] - values[0]) / (values.length - 1);
}

/** Maps each score onto the scale with ascending cut points (see fitCutPoints). */
export function toScale(scores: readonly number[], cutPoints: readonly number[], scale: readonly number[]): number[] {
  return scores.map((s) => {
    let k = 0;
    while (k < cutPoints.length && s >= cutPoints[k]) k++;
    return scale[Math.min(k, scale.length - 1)];
  });
}
