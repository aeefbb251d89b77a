import { AnswerEvalError } from '../errors.js';
import { BUILTIN_RUBRIC_IDS, getBuiltinRubric, isBuiltinRubric } from '../rubric/builtin.js';
import { parseRubric, rubricHash } from '../rubric/parse.js';
import type { Rubric, RubricInput } from '../rubric/schema.js';
import { loadRubricFile, resolveRubric } from '../rubric/load.js';
import type { Scorer } from '../scorers/define-scorer.js';
import { resolve } from 'node:path';

/** Rubric files are recognized by extension only, so a record cannot make the CLI read any file. */
const RUBRIC_FILE = /\.(json|ya?ml)$/i;

/**
 * A rubric reference made concrete. `key` identifies it (one evaluator per key and thread);
 * `rubric` is what createEvaluator takes: a built-in id or a validated rubric object. Both are plain
 * data, so a spec can be handed to a worker thread.
 */
export interface RubricSpec {
  key: string;
  rubric: string | Rubric;
}

export interface ResolveRubricOptions {
  /** Base directory for relative rubric file paths. */
  cwd?: string;
  /**
   * Custom scorers in use. When given, a rubric file's scorer options are checked too, so that
   * their problems name the file and the path inside it; without them only its structure is.
   */
  scorers?: Scorer[];
}

/**
 * The one place where a rubric reference (a record's `rubric` field, the `--rubric` flag, the
 * `rubric` option of evaluateMany, `rubrics show ID`) becomes a rubric. Throws AnswerEvalError
 * RUBRIC_NOT_FOUND / RUBRIC_INVALID; callers in a batch turn that into an error row.
 *
 * Today it knows built-in ids and rubric objects; rubric files (JSON/YAML with `extends`) plug in
 * here, so every command and every worker gets them at once.
 */
export function resolveRubricRef(ref: string | RubricInput | Rubric, _options: ResolveRubricOptions = {}): RubricSpec {
  if (typeof ref === 'string') {
    const id = ref.trim();
    if (isBuiltinRubric(id)) return { key: `builtin:${id}`, rubric: id };
    if (RUBRIC_FILE.test(id)) {
      // Loaded (with its `extends` chain) in each thread that needs it: a path is plain data.
      const cwd = _options.cwd ?? process.cwd();
      const rubric = _options.scorers ? resolveRubric(id, { cwd, scorers: _options.scorers }) : loadRubricFile(id, { cwd });
      return { key: `file:${resolve(cwd, id)}@${rubricHash(rubric)}`, rubric };
    }
    throw new AnswerEvalError(
      'RUBRIC_NOT_FOUND',
      `Unknown rubric "${ref}". Built-in rubrics: ${BUILTIN_RUBRIC_IDS.join(', ')}; or a rubric file (.json, .yaml, .yml).`,
    );
  }
  if (ref && typeof ref === 'object' && !Array.isArray(ref)) {
    const rubric = parseRubric(ref);
    return { key: `inline:${rubric.id}@${rubricHash(rubric)}`, rubric };
  }
  throw new AnswerEvalError('RUBRIC_NOT_FOUND', `A rubric reference must be a rubric id or a rubric object, got ${ref === null ? 'null' : Array.isArray(ref) ? 'an array' : typeof ref}.`);
}

/** The rubric object behind a spec. */
export function loadRubricSpec(spec: RubricSpec): Rubric {
  return typeof spec.rubric === 'string' ? getBuiltinRubric(spec.rubric) : spec.rubric;
}
