import { z } from 'zod';

/**
 * The Evaluation as data: what evaluate() returns and what `--format json` writes. Consumers can
 * validate stored results with it; the property tests check every evaluation against it. Objects
 * are strict so that a field added to the output without being added here is caught.
 */
const SpanSchema = z
  .strictObject({
    start: z.number().int().min(0),
    end: z.number().int().min(0),
  })
  .refine((s) => s.end >= s.start, { message: 'a span ends at or after its start' });

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export const EvidenceSchema = z.strictObject({
  span: SpanSchema,
  /** Always `answer.slice(span.start, span.end)`. */
  text: z.string(),
  signal: z.string().regex(KEBAB, 'a kebab-case signal id'),
  negated: z.literal(true).optional(),
});

export const FindingSchema = z.strictObject({
  messageId: z.string().regex(KEBAB, 'a kebab-case message id'),
  message: z.string().min(1),
  data: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  span: SpanSchema.optional(),
});

export const FlagSchema = z.strictObject({
  id: z.string().regex(KEBAB, 'a kebab-case flag id'),
  message: z.string().min(1),
  criterion: z.string().optional(),
  span: SpanSchema.optional(),
});

export const CriterionResultSchema = z.strictObject({
  id: z.string().min(1),
  title: z.string().min(1),
  scorer: z.string().min(1),
  weight: z.number().min(0),
  /** 0..1, or null when the criterion does not apply to this answer. */
  score: z.number().min(0).max(1).nullable(),
  level: z.string().min(1),
  evidence: z.array(EvidenceSchema),
  feedback: z.array(FindingSchema),
});

export const EvaluationSchema = z.strictObject({
  answerId: z.string().optional(),
  rubric: z.strictObject({ id: z.string().min(1), version: z.string().min(1), hash: z.string().regex(/^[0-9a-f]{16}$/, 'a 16-digit hex hash') }),
  /** 0..100, one decimal. */
  score: z.number().min(0).max(100),
  band: z.string().min(1),
  passed: z.boolean(),
  criteria: z.array(CriterionResultSchema).min(1),
  flags: z.array(FlagSchema),
  stats: z.strictObject({ words: z.number().int().min(0), sentences: z.number().int().min(0) }),
});
