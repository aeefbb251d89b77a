import { z } from 'zod';
import { AnswerEvalError, RubricValidationError, toIssues } from '../errors.js';
import { compileLexicon, type CompiledLexicon } from './compile.js';
import type { Lexicon } from './schema.js';
import modelMetrics from './data/model-metrics.json';
import kpis from './data/kpis.json';
import linking from './data/linking.json';
import contrast from './data/contrast.json';
import regulations from './data/regulations.json';
import ethics from './data/ethics.json';
import domains from './data/domains.json';
import frameworks from './data/frameworks.json';
import experiment from './data/experiment.json';
import mlops from './data/mlops.json';
import quality from './data/quality.json';
import stakeholders from './data/stakeholders.json';
import prioritization from './data/prioritization.json';
import safeguards from './data/safeguards.json';

const RAW: Record<string, unknown> = {
  'model-metrics': modelMetrics,
  kpis,
  linking,
  contrast,
  regulations,
  ethics,
  domains,
  frameworks,
  experiment,
  mlops,
  quality,
  stakeholders,
  prioritization,
  safeguards,
};

export const BUILTIN_LEXICON_IDS = Object.freeze(Object.keys(RAW));

/** The lexicons one evaluator uses; built-ins are compiled once per process and shared. */
export interface LexiconSet {
  get(id: string): CompiledLexicon;
  ids(): string[];
  /** The data behind a compiled lexicon (after overrides). */
  data(id: string): Lexicon;
}

let builtinData: Map<string, Lexicon> | null = null;
let builtinCompiled: Map<string, CompiledLexicon> | null = null;

// The built-in lexicons are validated against LexiconSchema by the test suite
// (test/builtin-data.test.ts), not here: validating and compiling all of them on every start-up
// cost ~80 ms, most of it for lexicons a rubric may never use. Each compiles on first use.
function loadBuiltins(): Map<string, Lexicon> {
  if (!builtinData) builtinData = new Map(Object.entries(RAW as Record<string, Lexicon>));
  return builtinData;
}

function builtinSet(): LexiconSet {
  if (!builtinCompiled) builtinCompiled = new Map();
  const data = loadBuiltins();
  const cache = builtinCompiled;
  return {
    get(id) {
      let c = cache.get(id);
      if (!c) {
        const d = data.get(id);
        if (!d) throw new AnswerEvalError('LEXICON_INVALID', `Unknown lexicon "${id}". Built-in lexicons: ${[...data.keys()].join(', ')}.`);
        c = compileLexicon(d);
        cache.set(id, c);
      }
      return c;
    },
    ids: () => [...data.keys()],
    data(id) {
      const d = data.get(id);
      if (!d) throw new AnswerEvalError('LEXICON_INVALID', `Unknown lexicon "${id}".`);
      return d;
    },
  };
}

export const LexiconOverridesSchema = z.record(
  z.string(),
  z.strictObject({
    /** Variants added to existing entries, or new entries (a `note` is then required). */
    add: z
      .array(
        z.strictObject({
          id: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'kebab-case id'),
          variants: z.array(z.string().min(1)).min(1),
          group: z.string().optional(),
          tags: z.array(z.string()).optional(),
          weight: z.number().min(0).max(1).optional(),
          note: z.string().optional(),
        }),
      )
      .optional(),
    /** Entry ids removed from the lexicon, for this rubric only. */
    remove: z.array(z.string()).optional(),
  }),
);
export type LexiconOverrides = z.infer<typeof LexiconOverridesSchema>;

/**
 * A lexicon set for one rubric. Without overrides it is the shared built-in set; with them, only
 * the lexicons they touch are copied and recompiled.
 */
export function createLexiconSet(overrides?: LexiconOverrides, path: (string | number)[] = ['lexicons']): LexiconSet {
  const base = builtinSet();
  if (!overrides || Object.keys(overrides).length === 0) return base;
  const own = new Map<string, CompiledLexicon>();
  const ownData = new Map<string, Lexicon>();
  const issues: { path: (string | number)[]; message: string }[] = [];
  for (const [lexId, ov] of Object.entries(overrides)) {
    if (!base.ids().includes(lexId)) {
      issues.push({ path: [...path, lexId], message: `unknown lexicon; expected one of ${base.ids().join(', ')}` });
      continue;
    }
    const data = base.data(lexId);
    let entries = data.entries.map((e) => ({ ...e, variants: [...e.variants] }));
    for (const [k, rid] of (ov.remove ?? []).entries()) {
      if (!entries.some((e) => e.id === rid)) issues.push({ path: [...path, lexId, 'remove', k], message: `no entry "${rid}" in lexicon ${lexId}` });
    }
    entries = entries.filter((e) => !(ov.remove ?? []).includes(e.id));
    for (const add of ov.add ?? []) {
      const existing = entries.find((e) => e.id === add.id);
      if (existing) existing.variants.push(...add.variants);
      else entries.push({ id: add.id, variants: add.variants, group: add.group, tags: add.tags, weight: add.weight, note: add.note ?? 'added by rubric' });
    }
    const next = { ...data, entries };
    ownData.set(lexId, next);
    own.set(lexId, compileLexicon(next));
  }
  if (issues.length) throw new RubricValidationError(toIssues(issues));
  return {
    get: (id) => own.get(id) ?? base.get(id),
    ids: () => base.ids(),
    data: (id) => ownData.get(id) ?? base.data(id),
  };
}

export type { CompiledLexicon, LexiconMatch } from './compile.js';
