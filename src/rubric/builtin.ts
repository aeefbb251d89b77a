import { AnswerEvalError } from '../errors.js';
import recruiterScreen from '../../rubrics/ai-pm/recruiter-screen.json';
import productSense from '../../rubrics/ai-pm/product-sense.json';
import execution from '../../rubrics/ai-pm/execution.json';
import technicalDepth from '../../rubrics/ai-pm/technical-depth.json';
import leadership from '../../rubrics/ai-pm/leadership.json';
import measureSuccess from '../../rubrics/ai-pm/measure-success.json';
import { parseRubric } from './parse.js';
import type { Rubric } from './schema.js';

const RAW: Record<string, unknown> = {
  'ai-pm/recruiter-screen': recruiterScreen,
  'ai-pm/product-sense': productSense,
  'ai-pm/execution': execution,
  'ai-pm/technical-depth': technicalDepth,
  'ai-pm/leadership': leadership,
  'ai-pm/measure-success': measureSuccess,
};

const cache = new Map<string, Rubric>();

/** Ids of the rubrics that ship with the package. */
export const BUILTIN_RUBRIC_IDS: readonly string[] = Object.freeze(Object.keys(RAW));

export function isBuiltinRubric(id: string): boolean {
  return Object.prototype.hasOwnProperty.call(RAW, id);
}

/** A built-in rubric by id (validated once, then shared). */
export function getBuiltinRubric(id: string): Rubric {
  const hit = cache.get(id);
  if (hit) return hit;
  if (!isBuiltinRubric(id)) {
    throw new AnswerEvalError('RUBRIC_NOT_FOUND', `Unknown rubric "${id}". Built-in rubrics: ${BUILTIN_RUBRIC_IDS.join(', ')}; or pass a rubric object or file.`);
  }
  const { $schema: _ignored, ...rest } = RAW[id] as Record<string, unknown>;
  const r = parseRubric(rest, `rubrics/${id}.json`);
  cache.set(id, r);
  return r;
}

export function listBuiltinRubrics(): Rubric[] {
  return BUILTIN_RUBRIC_IDS.map(getBuiltinRubric);
}
