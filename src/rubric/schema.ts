import { z } from 'zod';
import { LexiconOverridesSchema } from '../lexicons/index.js';
import type { Scorer } from '../scorers/define-scorer.js';
import { BUILTIN_SCORERS } from '../scorers/index.js';
import { BUILTIN_RUBRIC_IDS } from './builtin.js';

const KEBAB = /^[a-z0-9]+(?:[-/][a-z0-9]+)*$/;

export const LevelSchema = z.strictObject({
  id: z.string().min(1),
  /** Lowest criterion score (0..1) that reaches this level. */
  min: z.number().min(0).max(1),
  label: z.string().optional(),
});

export const BandSchema = z.strictObject({
  id: z.string().min(1),
  /** Lowest total score (0..100) in this band. */
  min: z.number().min(0).max(100),
  label: z.string().optional(),
});

export const CriterionSchema = z.strictObject({
  id: z.string().regex(KEBAB, 'a kebab-case id such as "metric-kpi-linkage"'),
  title: z.string().min(1),
  description: z.string().optional(),
  scorer: z.string().min(1),
  weight: z.number().min(0),
  options: z.record(z.string(), z.unknown()).optional(),
  levels: z.array(LevelSchema).min(1).optional(),
});

export const CalibrationSchema = z.strictObject({
  dataHash: z.string(),
  n: z.number().int().min(0),
  date: z.string(),
  folds: z.number().int().min(2),
  /** Total-score cut points between grades (ascending), when fitted. */
  cutPoints: z.array(z.number()).optional(),
  grades: z.array(z.number()).optional(),
  before: z.record(z.string(), z.number()).optional(),
  after: z.record(z.string(), z.number()).optional(),
});

export const RubricSchema = z.strictObject({
  $schema: z.string().optional(),
  id: z.string().regex(KEBAB, 'a lower-case id such as "ai-pm/technical-depth" or "acme/fintech"'),
  version: z.string().regex(/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/, 'a semantic version such as "1.0.0"'),
  title: z.string().min(1),
  description: z.string().optional(),
  /** The interview round this rubric grades (informs relevance and compliance). */
  round: z.string().optional(),
  /** A default question, for rubrics made for one question. */
  question: z.string().optional(),
  criteria: z.array(CriterionSchema).min(1),
  bands: z.array(BandSchema).min(1).optional(),
  passScore: z.number().min(0).max(100).optional(),
  /**
   * Criterion scores are raised to this power before the weighted mean (default 1, a plain mean).
   * Below 1, partial credit on many criteria outweighs full credit on a few, the way interviewers
   * grade: a 4 covers every dimension with one thinner. The built-in AI-PM rubrics use 0.6.
   */
  scoreExponent: z.number().gt(0).max(1).optional(),
  /**
   * Room for short answers: below `belowWords` words, each criterion's score counts for up to
   * `1 + boost` times as much in the total (linearly less as the answer nears `belowWords`, never
   * above 1), because a 100-word answer cannot name everything a 300-word one does. A criterion
   * that scored 0 stays at 0, so a short empty answer gains nothing. Reported criterion scores
   * are unchanged. The built-in AI-PM rubrics use { "belowWords": 200, "boost": 0.6 }.
   */
  shortAnswerAllowance: z.strictObject({ belowWords: z.number().int().min(1), boost: z.number().min(0).max(2) }).optional(),
  /** Caps on the total score (0..100) applied when a flag is raised, e.g. { "off-topic": 35 }. */
  caps: z.record(z.string(), z.number().min(0).max(100)).optional(),
  lexicons: LexiconOverridesSchema.optional(),
  calibration: CalibrationSchema.optional(),
});

export type RubricInput = z.input<typeof RubricSchema>;
export type Rubric = z.output<typeof RubricSchema>;
export type Criterion = z.output<typeof CriterionSchema>;
export type Band = z.output<typeof BandSchema>;
export type Level = z.output<typeof LevelSchema>;

// Bands sit where the built-in rubrics place answers an expert grades 5, 4, 3, 2 and 1 (midpoints
// between the mean scores per grade on the bundled graded fixtures). Teams with their own grades
// can fit their own cut points with `answer-eval calibrate`.
export const DEFAULT_BANDS: Band[] = [
  { id: 'exceptional', min: 63 },
  { id: 'strong', min: 51 },
  { id: 'mixed', min: 40 },
  { id: 'weak', min: 29 },
  { id: 'poor', min: 0 },
];
export const DEFAULT_LEVELS: Level[] = [
  { id: 'strong', min: 0.7 },
  { id: 'partial', min: 0.4 },
  { id: 'weak', min: 0.15 },
  { id: 'absent', min: 0 },
];
/** A pass is an answer in the strong band or above (an expert's 4 or 5). */
export const DEFAULT_PASS_SCORE = 51;
/**
 * Default caps. An off-topic answer cannot pass however polished it is; an answer whose good
 * practices appear only as things not done, or that shows unsafe judgement, is graded as such; an
 * answer whose only causal evidence is a before/after or self-selected comparison stays below the
 * strong band; an answer that declines the call a decision question asks for is at most weak.
 */
export const DEFAULT_CAPS: Record<string, number> = {
  'off-topic': 30,
  'keyword-stuffing': 40,
  'rejects-good-practice': 25,
  'unsafe-judgement': 30,
  'risky-judgement': 40,
  'model-only': 38,
  'weak-causal-evidence': 50,
  'wrong-causality': 40,
  vague: 45,
  'dodges-decision': 45,
};

/** A criterion in a file that extends another rubric: only `id` is required when it changes a base criterion. */
export const CriterionPatchSchema = CriterionSchema.partial({ title: true, scorer: true, weight: true });

/**
 * A rubric file with `extends`: it inherits the base's criteria and settings. Its `criteria` are
 * merged by id (an existing id changes that criterion, a new id adds one) and `remove` drops
 * base criteria, so `title` and `criteria` may be left out.
 */
export const ExtendingRubricSchema = z.strictObject({
  $schema: z.string().optional(),
  /** A built-in rubric id ("ai-pm/technical-depth") or a path relative to this file ("./base.yaml"). */
  extends: z.string().min(1),
  id: RubricSchema.shape.id,
  version: RubricSchema.shape.version,
  title: z.string().min(1).optional(),
  description: RubricSchema.shape.description,
  round: RubricSchema.shape.round,
  question: RubricSchema.shape.question,
  criteria: z.array(CriterionPatchSchema).optional(),
  /** Ids of inherited criteria to drop. */
  remove: z.array(z.string()).optional(),
  bands: RubricSchema.shape.bands,
  passScore: RubricSchema.shape.passScore,
  scoreExponent: RubricSchema.shape.scoreExponent,
  shortAnswerAllowance: RubricSchema.shape.shortAnswerAllowance,
  caps: RubricSchema.shape.caps,
  lexicons: RubricSchema.shape.lexicons,
  calibration: RubricSchema.shape.calibration,
});
export type ExtendingRubricInput = z.input<typeof ExtendingRubricSchema>;

/** What a rubric file may hold: a whole rubric, or one that `extends` another. */
export type RubricFileInput = RubricInput | ExtendingRubricInput;

type Json = Record<string, unknown>;

/** Per-scorer `options` schemas, so editors complete `concepts`, `minConcepts`... after `scorer: lexicon`. */
function scorerOptionRules(scorers: readonly Scorer[]): Json[] {
  const rules: Json[] = [];
  for (const s of scorers) {
    let options: Json;
    try {
      options = z.toJSONSchema(s.options, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' }) as Json;
    } catch {
      continue; // a custom schema that JSON Schema cannot express is still checked at load time
    }
    delete options.$schema;
    rules.push({ if: { type: 'object', required: ['scorer'], properties: { scorer: { const: s.id } } }, then: { properties: { options: { description: s.description, ...options } } } });
  }
  return rules;
}

function withCriterionHelp(schema: Json, scorers: readonly Scorer[]): Json {
  const props = schema.properties as Record<string, Json>;
  const items = (props.criteria as Json).items as Json;
  const itemProps = items.properties as Record<string, Json>;
  // Any string is a valid scorer id (custom scorers); the built-in ids are offered for completion.
  itemProps.scorer = { anyOf: [{ enum: scorers.map((s) => s.id) }, { type: 'string', minLength: 1 }], description: 'Id of a built-in scorer or of a custom scorer passed to createEvaluator / --scorers.' };
  itemProps.weight = { ...itemProps.weight, description: 'Relative weight of this criterion in the total (0 keeps it for feedback only).' };
  items.allOf = scorerOptionRules(scorers);
  return schema;
}

/**
 * JSON Schema of a rubric file, from the same zod schemas (for editor completion). A file with
 * `extends` is checked against the extending form, any other file against the full rubric.
 */
export function rubricJsonSchema(options: { scorers?: readonly Scorer[] } = {}): Json {
  const scorers = options.scorers ?? BUILTIN_SCORERS;
  const gen = (schema: z.ZodType) => {
    const { $schema: _s, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as Json;
    return withCriterionHelp(rest, scorers);
  };
  const full = gen(RubricSchema);
  const extending = gen(ExtendingRubricSchema);
  (extending.properties as Record<string, Json>).extends = {
    type: 'string',
    minLength: 1,
    description: 'A built-in rubric id or a path relative to this file ("./base.yaml") whose criteria and settings this file inherits.',
    examples: [...BUILTIN_RUBRIC_IDS],
  };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://unpkg.com/answer-eval/dist/rubric.schema.json',
    title: 'answer-eval rubric',
    description: 'A rubric for answer-eval: a whole rubric, or one that extends a built-in rubric or another file.',
    type: 'object',
    if: { type: 'object', required: ['extends'] },
    then: extending,
    else: full,
  };
}
