import type { RowBrief } from './types.js';

export interface CriterionCoverage {
  id: string;
  /** Scored answers whose rubric has this criterion and for which it applied (score not null). */
  applicable: number;
  /** Of those, answers where the criterion found evidence (not negated) and earned credit. */
  covered: number;
  /** Mean criterion score (0..1) over the applicable answers. */
  meanScore: number;
}

export interface BatchSummary {
  /** Rows in total (= records read). */
  count: number;
  scored: number;
  errors: number;
  /** Mean total score of the scored answers (0 when none). */
  meanScore: number;
  /** Answers per band, best band first (ordered by the mean score of its answers, so custom bands sort too). */
  bands: { id: string; count: number }[];
  criteria: CriterionCoverage[];
  errorCodes: { code: string; count: number }[];
  /** The first few error rows, to show where they are. */
  firstErrors: { id?: string; file: string; line: number; error: { code: string; message: string } }[];
  /** Scored answers below `minScore` (when one was given). */
  belowMin: number;
  minScore?: number;
}

/** Is this scored answer below the threshold? The exact score is compared, not its rounded display. */
export function belowMinScore(b: RowBrief, minScore: number | undefined): boolean {
  return minScore !== undefined && !b.error && b.score !== undefined && b.score < minScore;
}

/** Accumulates the end-of-run summary one row at a time (nothing per row is kept). */
export class SummaryBuilder {
  private count = 0;
  private scored = 0;
  private sum = 0;
  private readonly bands = new Map<string, { count: number; sum: number }>();
  private readonly criteria = new Map<string, { applicable: number; covered: number; sum: number }>();
  private readonly codes = new Map<string, number>();
  private readonly firstErrors: BatchSummary['firstErrors'] = [];
  private belowMin = 0;

  constructor(
    private readonly minScore?: number,
    private readonly keepErrors = 5,
  ) {}

  add(b: RowBrief): void {
    this.count++;
    if (b.error) {
      this.codes.set(b.error.code, (this.codes.get(b.error.code) ?? 0) + 1);
      if (this.firstErrors.length < this.keepErrors) this.firstErrors.push({ ...(b.id !== undefined ? { id: b.id } : {}), file: b.file, line: b.line, error: b.error });
      return;
    }
    this.scored++;
    this.sum += b.score ?? 0;
    if (b.band !== undefined) {
      const band = this.bands.get(b.band) ?? { count: 0, sum: 0 };
      band.count++;
      band.sum += b.score ?? 0;
      this.bands.set(b.band, band);
    }
    if (belowMinScore(b, this.minScore)) this.belowMin++;
    for (const [id, score, covered] of b.criteria ?? []) {
      let s = this.criteria.get(id);
      if (!s) this.criteria.set(id, (s = { applicable: 0, covered: 0, sum: 0 }));
      if (score === null) continue;
      s.applicable++;
      s.sum += score;
      if (covered) s.covered++;
    }
  }

  result(): BatchSummary {
    const bands = [...this.bands]
      .sort(([a, x], [b, y]) => y.sum / y.count - x.sum / x.count || (a < b ? -1 : 1))
      .map(([id, v]) => ({ id, count: v.count }));
    const criteria = [...this.criteria]
      .map(([id, s]) => ({ id, applicable: s.applicable, covered: s.covered, meanScore: s.applicable ? s.sum / s.applicable : 0 }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const errorCodes = [...this.codes].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
    const out: BatchSummary = {
      count: this.count,
      scored: this.scored,
      errors: this.count - this.scored,
      meanScore: this.scored ? this.sum / this.scored : 0,
      bands,
      criteria,
      errorCodes,
      firstErrors: [...this.firstErrors],
      belowMin: this.belowMin,
    };
    if (this.minScore !== undefined) out.minScore = this.minScore;
    return out;
  }
}
