import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { createRequire } from 'node:module';
import type { Document, LineCounter } from 'yaml';
import { AnswerEvalError, RubricValidationError, formatPath, toIssues, type IssueLike } from '../errors.js';
import { getBuiltinRubric, isBuiltinRubric, BUILTIN_RUBRIC_IDS } from './builtin.js';
import { createEvaluator, type EvaluatorOptions } from './evaluate.js';
import { mergeRubric, type CriteriaChanges } from './extend.js';
import { compilePattern } from '../patterns/index.js';
import { parseRubric } from './parse.js';
import { ExtendingRubricSchema, RubricSchema, type Rubric } from './schema.js';

type Path = (string | number)[];

// yaml is ~70 CommonJS modules (~20 ms to load): loaded when a rubric file is read, not on import.
type Yaml = typeof import('yaml');
let yamlModule: Yaml | null = null;
const yaml = (): Yaml => (yamlModule ??= createRequire(import.meta.url)('yaml') as Yaml);

export interface LoadRubricOptions {
  /** Directory that relative file paths are resolved against (default: the process's). */
  cwd?: string;
  /** Reads a file as UTF-8 text (default: fs.readFileSync); tests pass an in-memory one. */
  readFile?: (absolutePath: string) => string;
}

/** One problem in a rubric file: which file, where inside it, and what was expected. */
export interface RubricProblem {
  file: string;
  path: Path;
  message: string;
  /** 1-based line in the file, when the parser kept positions. */
  line?: number;
  code?: string;
}

/** Where a criterion of a loaded rubric was written: for error paths into the right file. */
interface Origin {
  file: string;
  path: Path;
}

interface Source {
  /** As shown in messages: relative to cwd. */
  name: string;
  doc: Document | null;
  lines: LineCounter | null;
}

interface Loaded {
  rubric: Rubric;
  origins: Origin[];
}

const MAX_DEPTH = 16;
const YAML_EXT = /\.ya?ml$/i;

/** Problems found while loading; turned into a RubricValidationError or returned by checkRubricFile. */
class Problems extends Error {
  constructor(readonly problems: RubricProblem[]) {
    super('rubric problems');
  }
}

interface Ctx {
  opts: LoadRubricOptions;
  /** Parsed files by display name, to find the line of a path. */
  sources: Map<string, Source>;
}

function lineOf(src: Source, path: Path): number | undefined {
  if (!src.doc || !src.lines) return undefined;
  // Down to the top-level key: "line 1" for a problem with the whole file says nothing.
  for (let n = path.length; n >= 1; n--) {
    try {
      const node = src.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && node.range) return src.lines.linePos(node.range[0]).line;
    } catch {
      // a path through a scalar: try its parent
    }
  }
  return undefined;
}

/** Adds lines where the parser knows them, and orders problems as they appear in each file. */
function withLines(problems: RubricProblem[], sources: Map<string, Source>): RubricProblem[] {
  const files = [...new Set(problems.map((p) => p.file))];
  return problems
    .map((p) => {
      const src = sources.get(p.file);
      const line = p.line ?? (src ? lineOf(src, p.path) : undefined);
      return line !== undefined ? { ...p, line } : p;
    })
    .map((p, i) => ({ p, i }))
    .sort((a, b) => files.indexOf(a.p.file) - files.indexOf(b.p.file) || (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

function toProblem(i: IssueLike & { file?: string }, file: string): RubricProblem {
  return { file: i.file ?? file, path: i.path, message: i.message, ...(i.code ? { code: i.code } : {}) };
}

/** Formats problems as `file:line: path: message` lines (the form `rubrics validate` prints). */
export function formatProblem(p: RubricProblem): string {
  if (p.code === 'FILE_READ' || p.code === 'PARSE') return p.message; // already names the file and line
  return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}: ${formatPath(p.path)}: ${p.message}`;
}

/** One error for a list of problems; its message lists each with its file, line and path. */
export function problemsToError(problems: RubricProblem[]): RubricValidationError {
  const files = [...new Set(problems.map((p) => p.file))];
  const err = new RubricValidationError(
    problems.map((p) => ({ path: p.path, message: p.message, ...(p.code ? { code: p.code } : {}) })),
    { file: files[0] },
  );
  err.message = `Invalid rubric in ${files.join(', ')} (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((p) => `  - ${formatProblem(p)}`).join('\n')}`;
  return err;
}

function readSource(abs: string, name: string, opts: LoadRubricOptions): { data: unknown; src: Source } {
  let text: string;
  try {
    text = (opts.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(abs);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException)?.code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e);
    throw new AnswerEvalError('FILE_READ', `Cannot read rubric file ${name}: ${why}.`, { cause: e });
  }
  const { LineCounter: Lines, parseDocument } = yaml();
  const lines: LineCounter = new Lines();
  if (!YAML_EXT.test(abs)) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const pos = /position (\d+)/.exec(msg);
      const at = pos ? ` (line ${text.slice(0, Number(pos[1])).split('\n').length})` : '';
      throw new AnswerEvalError('PARSE', `${name}: not valid JSON${at}: ${msg}. Rubric files are .json, .yaml or .yml.`);
    }
    // JSON is YAML too: a second parse only to know the line of each path for messages.
    let doc: Document | null = parseDocument(text, { lineCounter: lines });
    if (doc.errors.length) doc = null;
    return { data, src: { name, doc, lines } };
  }
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = e.linePos?.[0];
    throw new AnswerEvalError('PARSE', `${name}${pos ? `:${pos.line}:${pos.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  return { data: doc.toJS({ maxAliasCount: 100 }), src: { name, doc, lines } };
}

function isFileRef(ref: string): boolean {
  return ref.startsWith('.') || isAbsolute(ref) || /\.(json|ya?ml)$/i.test(ref);
}

function load(abs: string, name: string, ctx: Ctx, stack: string[]): Loaded {
  const opts = ctx.opts;
  const { data, src } = readSource(abs, name, opts);
  ctx.sources.set(name, src);
  const fail = (issues: (IssueLike & { file?: string })[]): never => {
    throw new Problems(issues.map((i) => toProblem(i, name)));
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) fail([{ path: [], message: 'expected a rubric object (id, version, title, criteria) at the top of the file' }]);
  const raw = data as Record<string, unknown>;

  if (!('extends' in raw)) {
    const parsed = RubricSchema.safeParse(raw);
    if (!parsed.success) fail(toIssues(parsed.error.issues));
    try {
      const rubric = parseRubric(raw, name);
      return { rubric, origins: rubric.criteria.map((_, i) => ({ file: name, path: ['criteria', i] })) };
    } catch (e) {
      if (e instanceof RubricValidationError) fail(e.issues);
      throw e;
    }
  }

  const parsed = ExtendingRubricSchema.safeParse(raw);
  if (!parsed.success) fail(toIssues(parsed.error.issues));
  const file = parsed.data!;
  let base: Loaded;
  if (isBuiltinRubric(file.extends)) {
    const rubric = getBuiltinRubric(file.extends);
    base = { rubric, origins: rubric.criteria.map((_, i) => ({ file: `rubrics/${file.extends}.json`, path: ['criteria', i] })) };
  } else if (isFileRef(file.extends)) {
    const baseAbs = resolve(dirname(abs), file.extends);
    const chain = [...stack, abs];
    if (chain.includes(baseAbs)) {
      const show = (p: string) => relative(opts.cwd ?? process.cwd(), p) || p;
      fail([{ path: ['extends'], message: `extends cycle: ${[...chain.slice(chain.indexOf(baseAbs)), baseAbs].map(show).join(' → ')}` }]);
    }
    if (chain.length >= MAX_DEPTH) fail([{ path: ['extends'], message: `more than ${MAX_DEPTH} levels of extends` }]);
    try {
      base = load(baseAbs, relative(opts.cwd ?? process.cwd(), baseAbs) || baseAbs, ctx, chain);
    } catch (e) {
      if (e instanceof AnswerEvalError && e.code === 'FILE_READ') fail([{ path: ['extends'], message: e.message.replace(/^Cannot read rubric file /, 'cannot read ') }]);
      throw e;
    }
  } else {
    return fail([{ path: ['extends'], message: `"${file.extends}" is not a built-in rubric (${BUILTIN_RUBRIC_IDS.join(', ')}); to extend a file, give a relative path such as "./base.yaml"` }]);
  }

  const known = new Set(base.rubric.criteria.map((c) => c.id));
  const changes: CriteriaChanges = { add: [], override: [], remove: (file.remove ?? []).map((id, i) => ({ id, path: ['remove', i] })) };
  const seen = new Set<string>();
  const issues: IssueLike[] = [];
  (file.criteria ?? []).forEach((c, j) => {
    if (seen.has(c.id)) issues.push({ path: ['criteria', j, 'id'], message: `duplicate criterion id "${c.id}"` });
    seen.add(c.id);
    if (known.has(c.id)) {
      const { id, ...rest } = c;
      changes.override.push({ id, changes: rest, path: ['criteria', j] });
    } else {
      // A new criterion needs everything a criterion has; say so here, with this file's path.
      for (const k of ['title', 'scorer', 'weight'] as const) {
        if (c[k] === undefined) issues.push({ path: ['criteria', j, k], message: `required for a new criterion ("${c.id}" is not in ${base.rubric.id}, whose criteria are ${[...known].join(', ')})` });
      }
      changes.add.push({ criterion: { ...c }, path: ['criteria', j] });
    }
  });
  const { extends: _e, criteria: _c, remove: _r, $schema: _s, calibration, ...fields } = file;
  const merged = mergeRubric(base.rubric, fields, changes);
  issues.push(...merged.issues);
  if (issues.length) fail(issues);
  if (calibration) merged.data.calibration = calibration;
  const origins: Origin[] = merged.origins.map((o) => (typeof o === 'number' ? base.origins[o] : { file: name, path: o }));
  try {
    return { rubric: parseRubric(merged.data, name), origins };
  } catch (e) {
    if (!(e instanceof RubricValidationError)) throw e;
    return fail(e.issues.map((i) => remapToOrigin(i, origins, name)));
  }
}

/** An issue about the merged rubric, re-pointed at the file and path where that part was written. */
function remapToOrigin(i: IssueLike, origins: Origin[], top: string): IssueLike & { file: string } {
  if (i.path[0] === 'criteria' && typeof i.path[1] === 'number' && origins[i.path[1]]) {
    const o = origins[i.path[1]];
    return { ...i, file: o.file, path: [...o.path, ...i.path.slice(2)] };
  }
  return { ...i, file: top };
}

function loadTop(path: string, opts: LoadRubricOptions): Loaded {
  const ctx: Ctx = { opts, sources: new Map() };
  try {
    return load(resolve(opts.cwd ?? process.cwd(), path), path, ctx, []);
  } catch (e) {
    if (e instanceof Problems) throw problemsToError(withLines(e.problems, ctx.sources));
    throw e;
  }
}

/**
 * Loads a rubric file (.json, .yaml or .yml), resolving `extends` (a built-in id or a path
 * relative to the file) with cycle detection, and validates the result. Errors name the file,
 * the line when known and the path inside the file (`criteria[2].weight`). Scorer options are
 * checked when the evaluator is created (or by checkRubricFile), since custom scorers may be
 * supplied then.
 */
export function loadRubricFile(path: string, options: LoadRubricOptions = {}): Rubric {
  return loadTop(path, options).rubric;
}

/**
 * Every problem in a rubric file, including scorer options (unknown scorer, bad option, unsafe
 * pattern), each with its file, line and path. `rubric` is set when there is none.
 */
export function checkRubricFile(path: string, options: LoadRubricOptions & { scorers?: EvaluatorOptions['scorers'] } = {}): { rubric: Rubric | null; problems: RubricProblem[] } {
  const ctx: Ctx = { opts: options, sources: new Map() };
  let loaded: Loaded;
  try {
    loaded = load(resolve(options.cwd ?? process.cwd(), path), path, ctx, []);
  } catch (e) {
    if (e instanceof Problems) return { rubric: null, problems: withLines([...e.problems, ...criterionProblems(ctx.sources.get(path), e.problems, options.scorers)], ctx.sources) };
    if (e instanceof AnswerEvalError && (e.code === 'PARSE' || e.code === 'FILE_READ')) return { rubric: null, problems: [{ file: path, path: [], message: e.message, code: e.code }] };
    throw e;
  }
  try {
    createEvaluator(loaded.rubric, { scorers: options.scorers });
  } catch (e) {
    if (!(e instanceof RubricValidationError)) throw e;
    const problems = e.issues.map((i) => toProblem(remapToOrigin(i, loaded.origins, path), path));
    return { rubric: null, problems: withLines([...problems, ...criterionProblems(ctx.sources.get(path), problems, options.scorers)], ctx.sources) };
  }
  return { rubric: loaded.rubric, problems: [] };
}

/**
 * When a file has structural problems the rubric cannot be built, yet the scorer options of its
 * criteria can still be checked one by one, so that one run reports every problem.
 */
function criterionProblems(src: Source | undefined, found: RubricProblem[], scorers: EvaluatorOptions['scorers']): RubricProblem[] {
  const raw = src?.doc?.toJS() as { criteria?: unknown } | undefined;
  if (!src || !raw || !Array.isArray(raw.criteria)) return [];
  const out: RubricProblem[] = [];
  const known = new Set(found.filter((p) => p.file === src.name).map((p) => formatPath(p.path)));
  const add = (p: RubricProblem) => {
    const key = formatPath(p.path);
    if (known.has(key)) return;
    known.add(key);
    out.push(p);
  };
  raw.criteria.forEach((c: unknown, j: number) => {
    if (!c || typeof c !== 'object') return;
    const { scorer, options } = c as { scorer?: unknown; options?: unknown };
    if (typeof scorer !== 'string' || (options !== undefined && (typeof options !== 'object' || options === null || Array.isArray(options)))) return;
    const probe = { id: 'probe', version: '0.0.0', title: 'probe', criteria: [{ id: 'probe', title: 'probe', scorer, weight: 1, ...(options ? { options } : {}) }] };
    try {
      createEvaluator(probe as never, { scorers });
    } catch (e) {
      if (!(e instanceof RubricValidationError)) return;
      for (const i of e.issues) add({ file: src.name, path: ['criteria', j, ...i.path.slice(2)], message: i.message, ...(i.code ? { code: i.code } : {}) });
    }
    // Options that fail their schema never reach pattern compilation; check patterns anyway.
    const concepts = (options as { concepts?: unknown } | undefined)?.concepts;
    if (scorer !== 'lexicon' || !Array.isArray(concepts)) return;
    concepts.forEach((k: unknown, ci: number) => {
      const patterns = (k as { patterns?: unknown } | null)?.patterns;
      if (!Array.isArray(patterns)) return;
      patterns.forEach((pat: unknown, pi: number) => {
        if (typeof pat !== 'string') return;
        try {
          compilePattern(pat);
        } catch (e) {
          if (e instanceof AnswerEvalError) add({ file: src.name, path: ['criteria', j, 'options', 'concepts', ci, 'patterns', pi], message: e.message, code: e.code });
        }
      });
    });
  });
  return out;
}

/**
 * A rubric from a reference: a built-in id ("ai-pm/technical-depth") or a file path. With
 * `scorers`, scorer options are checked too and their problems point into the file.
 */
export function resolveRubric(ref: string, options: LoadRubricOptions & { scorers?: EvaluatorOptions['scorers'] } = {}): Rubric {
  if (isBuiltinRubric(ref)) return getBuiltinRubric(ref);
  if (!isFileRef(ref)) {
    throw new AnswerEvalError('RUBRIC_NOT_FOUND', `Unknown rubric "${ref}". Built-in rubrics: ${BUILTIN_RUBRIC_IDS.join(', ')}; or give a rubric file (.json, .yaml, .yml).`);
  }
  const { rubric, problems } = checkRubricFile(ref, options);
  if (problems.length) {
    const fileProblem = problems.find((p) => p.code === 'FILE_READ' || p.code === 'PARSE');
    if (fileProblem) throw new AnswerEvalError(fileProblem.code as 'FILE_READ' | 'PARSE', fileProblem.message);
    throw problemsToError(problems);
  }
  return rubric!;
}
