import { z } from 'zod';
import { LexiconOverridesSchema } from '../lexicons/index.js';

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

export const DEFAULT_BANDS: Band[] = [
  { id: 'exceptional', min: 80 },
  { id: 'strong', min: 65 },
  { id: 'mixed', min: 45 },
  { id: 'weak', min: 25 },
  { id: 'poor', min: 0 },
];
export const DEFAULT_LEVELS: Level[] = [
  { id: 'strong', min: 0.7 },
  { id: 'partial', min: 0.4 },
  { id: 'weak', min: 0.15 },
  { id: 'absent', min: 0 },
];
export const DEFAULT_PASS_SCORE = 65;
/**
 * Default caps. An off-topic answer cannot pass however polished it is; an answer whose good
 * practices appear only as things not done, or that shows unsafe judgement, is graded as such.
 */
export const DEFAULT_CAPS: Record<string, number> = {
  'off-topic': 30,
  'keyword-stuffing': 40,
  'rejects-good-practice': 25,
  'unsafe-judgement': 30,
};

/** JSON Schema of a rubric file, from the same zod schema (for editor completion). */
export function rubricJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(RubricSchema, { target: 'draft-2020-12', io: 'input' }) as Record<string, unknown>;
  const props = (schema.properties ?? {}) as Record<string, unknown>;
  // Rubric files may inherit from a built-in or another file; `extends` is resolved before validation.
  props.extends = { type: 'string', description: 'A built-in rubric id (e.g. "ai-pm/technical-depth") or a relative path to a rubric file to inherit from.' };
  return {
    $id: 'https://unpkg.com/answer-eval/dist/rubric.schema.json',
    title: 'answer-eval rubric',
    ...schema,
    properties: props,
  };
}
