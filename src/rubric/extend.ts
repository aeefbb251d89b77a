import { RubricValidationError, type IssueLike } from '../errors.js';
import type { LexiconOverrides } from '../lexicons/index.js';
import { getBuiltinRubric } from './builtin.js';
import { parseRubric } from './parse.js';
import type { Band, Criterion, Rubric, RubricInput } from './schema.js';

/** Fields of a criterion that an override may change (everything but its id). */
export type CriterionOverride = Partial<Omit<Criterion, 'id'>>;

export interface ExtendRubricOptions {
  /** Id of the new rubric, e.g. "acme/fintech-technical-depth". */
  id: string;
  version: string;
  title?: string;
  description?: string;
  round?: string;
  question?: string;
  /** New criteria, appended after the base's. An id the base already has is an error. */
  add?: Criterion[];
  /**
   * Changes to base criteria by id, either `{ [id]: changes }` or `[{ id, ...changes }]`. Fields
   * replace the base's, except `options`, whose keys are merged into the base's options.
   */
  override?: Record<string, CriterionOverride> | (CriterionOverride & { id: string })[];
  /** Ids of base criteria to drop. */
  remove?: string[];
  bands?: Band[];
  passScore?: number;
  scoreExponent?: number;
  shortAnswerAllowance?: Rubric['shortAnswerAllowance'];
  /** Merged into the base's caps. */
  caps?: Record<string, number>;
  /** Per lexicon, `add` and `remove` are appended to the base's overrides. */
  lexicons?: LexiconOverrides;
}

type Path = (string | number)[];

/** Where each criterion of a merged rubric was last set: a path in the extension, or its index in the base. */
export type CriterionOrigin = Path | number;

export interface MergeResult {
  /** The merged rubric data, not yet validated. */
  data: Record<string, unknown>;
  origins: CriterionOrigin[];
  issues: IssueLike[];
}

/** The criteria part of an extension, each item with the path where it was written. */
export interface CriteriaChanges {
  add: { criterion: Record<string, unknown>; path: Path }[];
  override: { id: string; changes: Record<string, unknown>; path: Path }[];
  remove: { id: string; path: Path }[];
}

const SCALAR_FIELDS = ['title', 'description', 'round', 'question', 'bands', 'passScore', 'scoreExponent', 'shortAnswerAllowance'] as const;

function changesOf(ext: ExtendRubricOptions): CriteriaChanges {
  const override: CriteriaChanges['override'] = [];
  if (Array.isArray(ext.override)) {
    ext.override.forEach((o, i) => {
      const { id, ...changes } = o;
      override.push({ id, changes, path: ['override', i] });
    });
  } else if (ext.override) {
    for (const [id, changes] of Object.entries(ext.override)) override.push({ id, changes: { ...(changes as object) }, path: ['override', id] });
  }
  return {
    add: (ext.add ?? []).map((c, i) => ({ criterion: { ...(c as object) }, path: ['add', i] })),
    override,
    remove: (ext.remove ?? []).map((id, i) => ({ id, path: ['remove', i] })),
  };
}

function mergeLexicons(a: LexiconOverrides | undefined, b: LexiconOverrides | undefined): LexiconOverrides | undefined {
  if (!b) return a;
  const out: LexiconOverrides = { ...(a ?? {}) };
  for (const [id, ov] of Object.entries(b)) {
    const prev = out[id];
    out[id] = prev ? { add: [...(prev.add ?? []), ...(ov.add ?? [])], remove: [...(prev.remove ?? []), ...(ov.remove ?? [])] } : ov;
  }
  return out;
}

/**
 * Merges an extension into a base rubric, criteria by id, without validating the result.
 * Issues name paths inside the extension (`override[1].id`, `remove[0]`). Shared by
 * extendRubric and by rubric files with `extends:`.
 */
export function mergeRubric(base: Rubric, ext: Omit<ExtendRubricOptions, 'add' | 'override' | 'remove'>, changes: CriteriaChanges): MergeResult {
  const issues: IssueLike[] = [];
  const known = base.criteria.map((c) => c.id);
  const available = () => `the criteria of ${base.id} are ${known.join(', ')}`;
  const criteria: Record<string, unknown>[] = base.criteria.map((c) => ({ ...c }));
  const origins: CriterionOrigin[] = base.criteria.map((_, i) => i);

  const removed = new Set<string>();
  for (const r of changes.remove) {
    if (!known.includes(r.id)) issues.push({ path: r.path, message: `no criterion "${r.id}" to remove; ${available()}` });
    removed.add(r.id);
  }
  for (const o of changes.override) {
    const at = known.indexOf(o.id);
    if (at < 0) {
      issues.push({ path: [...o.path, ...(typeof o.path[o.path.length - 1] === 'number' ? ['id'] : [])], message: `no criterion "${o.id}" to override; ${available()}` });
      continue;
    }
    if (removed.has(o.id)) {
      issues.push({ path: o.path, message: `criterion "${o.id}" is both changed and removed` });
      continue;
    }
    const prev = criteria[at];
    const next: Record<string, unknown> = { ...prev, ...o.changes };
    const prevOptions = prev.options as Record<string, unknown> | undefined;
    const newOptions = o.changes.options as Record<string, unknown> | undefined;
    const sameScorer = o.changes.scorer === undefined || o.changes.scorer === prev.scorer;
    // Options merge key by key, so overriding `minConcepts` keeps `concepts`. A new scorer starts
    // from its own defaults: the old scorer's options would not fit it.
    if (sameScorer && prevOptions && newOptions && typeof newOptions === 'object' && !Array.isArray(newOptions)) next.options = { ...prevOptions, ...newOptions };
    else if (!sameScorer && newOptions === undefined) delete next.options;
    criteria[at] = next;
    origins[at] = o.path;
  }
  for (const a of changes.add) {
    const id = a.criterion.id;
    if (typeof id === 'string' && known.includes(id) && !removed.has(id)) {
      issues.push({ path: [...a.path, 'id'], message: `criterion "${id}" is already in ${base.id}; override it instead of adding it` });
      continue;
    }
    criteria.push(a.criterion);
    origins.push(a.path);
  }
  const keep = criteria.map((c, i) => ({ c, o: origins[i] })).filter(({ c }) => !removed.has(c.id as string));

  const { calibration: _calibration, $schema: _schema, ...rest } = base;
  const data: Record<string, unknown> = { ...rest, id: ext.id, version: ext.version };
  for (const k of SCALAR_FIELDS) if (ext[k] !== undefined) data[k] = ext[k];
  if (ext.caps) data.caps = { ...(base.caps ?? {}), ...ext.caps };
  const lexicons = mergeLexicons(base.lexicons, ext.lexicons);
  if (lexicons) data.lexicons = lexicons;
  data.criteria = keep.map(({ c }) => c);
  return { data, origins: keep.map(({ o }) => o), issues };
}

/** Rewrites a path into the merged rubric (`criteria[5].weight`) as one into the extension. */
export function pathInExtension(path: Path, origins: CriterionOrigin[]): Path | null {
  if (path[0] !== 'criteria' || typeof path[1] !== 'number') return path;
  const o = origins[path[1]];
  return Array.isArray(o) ? [...o, ...path.slice(2)] : null;
}

function resolveBase(base: Rubric | RubricInput | string): Rubric {
  return typeof base === 'string' ? getBuiltinRubric(base) : parseRubric(base);
}

/**
 * A new rubric from a base (a built-in id or a rubric): criteria are merged by id (`add`,
 * `override`, `remove`), the result is validated again, and the base's calibration is dropped
 * because it no longer describes the new weights. Errors name paths in `extension` where they
 * can (`add[0].weight`), else in the merged rubric.
 */
export function extendRubric(base: Rubric | RubricInput | string, extension: ExtendRubricOptions): Rubric {
  const b = resolveBase(base);
  if (!extension || typeof extension !== 'object') throw new RubricValidationError([{ path: [], message: 'extendRubric needs { id, version, add?, override?, remove? }' }]);
  const { data, origins, issues } = mergeRubric(b, extension, changesOf(extension));
  if (issues.length) throw new RubricValidationError(issues, { what: `extension of ${b.id}` });
  try {
    return parseRubric(data);
  } catch (e) {
    if (!(e instanceof RubricValidationError)) throw e;
    const mapped = e.issues.map((i) => ({ ...i, path: pathInExtension(i.path, origins) ?? i.path }));
    throw new RubricValidationError(mapped, { what: `extension of ${b.id}` });
  }
}

