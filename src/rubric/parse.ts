import { createHash } from 'node:crypto';
import { RubricValidationError, toIssues, type IssueLike } from '../errors.js';
import { RubricSchema, type Rubric } from './schema.js';

function stableStringify(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(stableStringify).join(',')}]`;
  const keys = Object.keys(v as object).filter((k) => (v as Record<string, unknown>)[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((v as Record<string, unknown>)[k])}`).join(',')}}`;
}

export function rubricHash(rubric: Rubric): string {
  const { $schema: _s, calibration: _c, ...rest } = rubric;
  return createHash('sha256').update(stableStringify(rest)).digest('hex').slice(0, 16);
}

/** Validates rubric data; errors carry every problem with its path. */
export function parseRubric(input: unknown, file?: string): Rubric {
  const parsed = RubricSchema.safeParse(input);
  if (!parsed.success) throw new RubricValidationError(toIssues(parsed.error.issues), { file });
  const r = parsed.data;
  const issues: IssueLike[] = [];
  const seen = new Set<string>();
  r.criteria.forEach((c, i) => {
    if (seen.has(c.id)) issues.push({ path: ['criteria', i, 'id'], message: `duplicate criterion id "${c.id}"` });
    seen.add(c.id);
  });
  if (r.criteria.every((c) => c.weight === 0)) issues.push({ path: ['criteria'], message: 'at least one criterion needs a weight above 0' });
  if (issues.length) throw new RubricValidationError(issues, { file });
  return r;
}

