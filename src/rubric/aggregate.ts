import type { AnswerDocument } from '../document/analyze.js';
import type { LexiconSet } from '../lexicons/index.js';
import { renderMessage, type Evidence, type Flag, type Scorer, type ScoreResult } from '../scorers/define-scorer.js';
import { stuffing } from '../scorers/shared.js';
import type { CriterionResult, Evaluation } from './evaluate.js';
import { DEFAULT_BANDS, DEFAULT_CAPS, DEFAULT_LEVELS, DEFAULT_PASS_SCORE, type Criterion, type Rubric } from './schema.js';

const round = (x: number, d: number) => {
  const f = 10 ** d;
  return Math.round(x * f) / f;
};

/** Share of the answer's words in term lists above which the whole answer is a keyword list. */
const STUFFED_ANSWER_SHARE = 0.3;

export interface ScoredCriterion {
  criterion: Criterion;
  scorer: Scorer;
  result: ScoreResult;
}

function levelOf(criterion: Criterion, score: number | null): string {
  if (score === null) return 'not-applicable';
  const levels = [...(criterion.levels ?? DEFAULT_LEVELS)].sort((a, b) => b.min - a.min);
  for (const l of levels) if (score >= l.min - 1e-9) return l.id;
  return levels[levels.length - 1].id;
}

/**
 * The lowest cap (0..100) among the raised flags that cap the total, or 100 when none does.
 * Exported so calibration can refit weights without re-running the scorers.
 */
export function totalCap(rubric: Rubric, flags: readonly Flag[]): number {
  const caps = { ...DEFAULT_CAPS, ...(rubric.caps ?? {}) };
  let cap = 100;
  for (const f of flags) {
    // A stuffed list inside one criterion caps that criterion only; the total is capped when the
    // answer as a whole is a keyword list (an answer-level flag).
    if (f.id === 'keyword-stuffing' && f.criterion) continue;
    const c = caps[f.id];
    if (c !== undefined && c < cap) cap = c;
  }
  return cap;
}

/**
 * How much more a short answer's criterion scores count: 1 at or above the rubric's
 * `shortAnswerAllowance.belowWords`, rising linearly to `1 + boost` at zero words; 1 when the rubric
 * sets none.
 */
export function allowanceFactor(rubric: Pick<Rubric, 'shortAnswerAllowance'>, words: number): number {
  const a = rubric.shortAnswerAllowance;
  if (!a || words >= a.belowWords) return 1;
  return 1 + (a.boost * (a.belowWords - Math.max(0, words))) / a.belowWords;
}

/**
 * The total (0..100, one decimal) from criterion weights and 0..1 scores: weighted mean of the
 * applicable criteria's scores (each times `factor`, at most 1; see `allowanceFactor`) raised to
 * `exponent` (`null` left out, remaining weights renormalized; 0 when none applies), then capped.
 */
export function totalScore(criteria: readonly { weight: number; score: number | null }[], cap = 100, exponent = 1, factor = 1): number {
  let wsum = 0;
  let total = 0;
  for (const { weight, score: raw } of criteria) {
    if (raw !== null && weight > 0) {
      const score = factor === 1 ? raw : Math.min(1, raw * factor);
      wsum += weight;
      total += weight * (exponent === 1 ? score : score ** exponent);
    }
  }
  const score = wsum > 0 ? (100 * total) / wsum : 0;
  return round(Math.min(score, cap), 1);
}

/**
 * Weighted mean of the applicable criteria, each score raised to the rubric's `scoreExponent` (a
 * `null` score is left out and the remaining weights renormalized; when no criterion applies the
 * total is 0), with a short answer's scores counted up by the rubric's `shortAnswerAllowance`,
 * then the caps of raised flags.
 */
export function aggregate(rubric: Rubric, hash: string, answerId: string | undefined, doc: AnswerDocument, lexicons: LexiconSet, scored: ScoredCriterion[]): Evaluation {
  const criteria: CriterionResult[] = [];
  const flags: Flag[] = [];
  const flagKeys = new Set<string>();
  const addFlag = (f: Flag) => {
    const key = `${f.id}\u0000${f.criterion ?? ''}`;
    if (flagKeys.has(key)) return;
    flagKeys.add(key);
    flags.push(f);
  };
  for (const { criterion, scorer, result } of scored) {
    const score = result.score === null ? null : round(Math.min(1, Math.max(0, result.score)), 3);
    const seen = new Set<string>();
    const evidence: Evidence[] = [];
    for (const e of result.evidence) {
      const start = Math.max(0, Math.min(doc.text.length, e.span.start | 0));
      const end = Math.max(start, Math.min(doc.text.length, e.span.end | 0));
      const key = `${start}:${end}:${e.signal}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const ev: Evidence = { span: { start, end }, text: doc.text.slice(start, end), signal: e.signal };
      if (e.negated) ev.negated = true;
      evidence.push(ev);
    }
    evidence.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.signal < b.signal ? -1 : a.signal > b.signal ? 1 : 0));
    const feedback = result.feedback.map((f) => {
      const out: CriterionResult['feedback'][number] = { messageId: f.messageId, message: renderMessage(scorer.messages[f.messageId], f.messageId, f.data) };
      if (f.data) out.data = f.data;
      if (f.span) out.span = { start: f.span.start, end: f.span.end };
      return out;
    });
    criteria.push({ id: criterion.id, title: criterion.title, scorer: criterion.scorer, weight: criterion.weight, score, level: levelOf(criterion, score), evidence, feedback });
    for (const f of result.flags ?? []) {
      const flag: Flag = { id: f.id, message: f.message, criterion: criterion.id };
      if (f.span) flag.span = { start: f.span.start, end: f.span.end };
      addFlag(flag);
    }
  }
  const stuffed = stuffing(doc, lexicons);
  if (stuffed.share >= STUFFED_ANSWER_SHARE) {
    const seg = stuffed.segments[0];
    addFlag({ id: 'keyword-stuffing', message: `${Math.round(stuffed.share * 100)}% of the answer is lists of terms without reasoning.`, span: seg.span });
  }
  const score = totalScore(criteria, totalCap(rubric, flags), rubric.scoreExponent ?? 1, allowanceFactor(rubric, doc.stats.words));
  const bands = [...(rubric.bands ?? DEFAULT_BANDS)].sort((a, b) => b.min - a.min);
  const band = (bands.find((b) => score >= b.min) ?? bands[bands.length - 1]).id;
  const passScore = rubric.passScore ?? DEFAULT_PASS_SCORE;
  const evaluation: Evaluation = {
    ...(answerId !== undefined ? { answerId } : {}),
    rubric: { id: rubric.id, version: rubric.version, hash },
    score,
    band,
    passed: score >= passScore,
    criteria,
    flags,
    stats: { words: doc.stats.words, sentences: doc.stats.sentences },
  };
  return evaluation;
}
