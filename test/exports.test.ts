import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

// The public surface of src/index.ts. Adding, renaming or removing an export is a decision about
// the package's API: update this list in the same change, on purpose.
const VALUE_EXPORTS = [
  'AnswerDocument',
  'AnswerEvalError',
  'BUILTIN_RUBRIC_IDS',
  'BUILTIN_SCORERS',
  'DEFAULT_BANDS',
  'DEFAULT_CAPS',
  'DEFAULT_LEVELS',
  'DEFAULT_MAX_LENGTH',
  'DEFAULT_PASS_SCORE',
  'EvaluationSchema',
  'ExtendingRubricSchema',
  'InputError',
  'LexiconSchema',
  'RubricSchema',
  'RubricValidationError',
  'agreement',
  'analyze',
  'calibrate',
  'checkRubricFile',
  'compileLexicon',
  'compilePattern',
  'createEvaluator',
  'defineScorer',
  'evaluate',
  'evaluateMany',
  'extendRubric',
  'formatProblem',
  'getBuiltinRubric',
  'isErrorRow',
  'isScorer',
  'listBuiltinRubrics',
  'loadLexicon',
  'loadRubricFile',
  'parseRubric',
  'readRecords',
  'resolveRubric',
  'rubricHash',
  'rubricJsonSchema',
];

const TYPE_EXPORTS = [
  'AcceptanceCheck',
  'AgreementFigure',
  'AgreementFigures',
  'AgreementMetric',
  'AgreementOptions',
  'AgreementReport',
  'AnalyzeOptions',
  'AnswerRecord',
  'BatchErrorCode',
  'BatchItem',
  'BatchRow',
  'Band',
  'CalibrateOptions',
  'CalibratedWeight',
  'CalibrationResult',
  'Clause',
  'CompiledLexicon',
  'CompiledPattern',
  'Criterion',
  'CriterionOverride',
  'CriterionResult',
  'DocumentStats',
  'ErrorRow',
  'ErrorCode',
  'EvaluateInput',
  'EvaluateManyOptions',
  'Evaluation',
  'Evaluator',
  'EvaluatorOptions',
  'Evidence',
  'ExtendRubricOptions',
  'ExtendingRubricInput',
  'Finding',
  'Flag',
  'Heading',
  'InputFormat',
  'IssueLike',
  'LabeledAnswer',
  'Level',
  'Lexicon',
  'LexiconEntry',
  'LexiconMatch',
  'LexiconSet',
  'ListItem',
  'LoadRubricOptions',
  'NegationScope',
  'NumberMention',
  'Paragraph',
  'RawFinding',
  'RawFlag',
  'ReadRecordsOptions',
  'ResultRow',
  'Rubric',
  'RubricFileInput',
  'RubricInput',
  'RubricProblem',
  'ScoreContext',
  'ScoreResult',
  'Scorer',
  'ScorerDefinition',
  'ScorerEnv',
  'Sentence',
  'Span',
  'Token',
];

const ROOT = join(__dirname, '..');
const INDEX = readFileSync(join(ROOT, 'src/index.ts'), 'utf8');

/** Names listed in `export type { ... }` statements of src/index.ts. */
function typeExports(src: string): string[] {
  const names: string[] = [];
  for (const m of src.matchAll(/export\s+type\s*\{([^}]*)\}/g)) {
    for (const part of m[1].split(',')) {
      const name = part.trim().split(/\s+as\s+/).pop()!.trim();
      if (name) names.push(name);
    }
  }
  return names.sort();
}

describe('public exports of src/index.ts', () => {
  it('are exactly the pinned values', () => {
    expect(Object.keys(api).sort()).toEqual([...VALUE_EXPORTS].sort());
  });

  it('are exactly the pinned types', () => {
    expect(typeExports(INDEX)).toEqual([...TYPE_EXPORTS].sort());
  });

  it('are explicit named exports only (no `export *`, no default export)', () => {
    expect(INDEX).not.toMatch(/export\s*\*/);
    expect(INDEX).not.toMatch(/export\s+default/);
    expect('default' in api).toBe(false);
  });

  it('the four entry points of the quick start are functions', () => {
    for (const name of ['analyze', 'evaluate', 'createEvaluator', 'defineScorer'] as const) expect(typeof api[name]).toBe('function');
  });
});

// The built bundles, loaded the way a user loads them: by package name, through the `exports`
// map (a package may import itself by name). CI runs `npm run build` before `npm test`.
const hasDist = existsSync(join(ROOT, 'dist/index.js')) && existsSync(join(ROOT, 'dist/index.cjs'));
if (!hasDist) console.warn('test/exports.test.ts: dist/index.js or dist/index.cjs is missing, so the ESM/CJS bundle checks are skipped. Run `npm run build` first.');

const SCRIPT_BODY = `
const answer = 'A 2-point gain in recall cuts fraud losses by about $400k a year. I never ran an A/B test.';
const doc = analyze(answer);
const rubric = { id: 'acme/check', version: '1.0.0', title: 'Check', criteria: [
  { id: 'linkage', title: 'Linkage', scorer: 'metric-kpi-linkage', weight: 1 },
  { id: 'custom', title: 'Custom', scorer: 'says-recall', weight: 1 },
] };
const custom = defineScorer({
  id: 'says-recall', description: 'Credits the word recall.', options: { safeParse: (o) => ({ success: true, data: o }) },
  messages: {}, score: (d) => ({ score: d.tokens.some((t) => t.lower === 'recall') ? 1 : 0, evidence: [], feedback: [] }),
});
const a = createEvaluator(rubric, { scorers: [custom] }).evaluate(doc);
const b = evaluate(answer, rubric, { scorers: [custom] });
process.stdout.write(JSON.stringify({ kinds: [typeof analyze, typeof evaluate, typeof createEvaluator, typeof defineScorer], same: JSON.stringify(a) === JSON.stringify(b), evaluation: a }));
`;

function run(args: string[]): string {
  // stdout must be exactly the script's JSON: a library that prints on import breaks JSON output.
  return execFileSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' }, timeout: 30_000 });
}

describe.skipIf(!hasDist)('the built package (dist)', () => {
  let esm: { kinds: string[]; same: boolean; evaluation: api.Evaluation } | undefined;

  it("import { analyze, evaluate, createEvaluator, defineScorer } from 'answer-eval' works from the ESM build", () => {
    const out = run(['--input-type=module', '-e', `import { analyze, evaluate, createEvaluator, defineScorer } from 'answer-eval';\n${SCRIPT_BODY}`]);
    esm = JSON.parse(out);
    expect(esm!.kinds).toEqual(['function', 'function', 'function', 'function']);
    expect(esm!.same).toBe(true);
    expect(esm!.evaluation.rubric.id).toBe('acme/check');
    expect(esm!.evaluation.criteria.map((c) => c.id)).toEqual(['linkage', 'custom']);
    expect(esm!.evaluation.criteria[1].score).toBe(1);
  });

  it("require('answer-eval') works from the CJS build and gives the same evaluation", () => {
    const out = run(['-e', `const { analyze, evaluate, createEvaluator, defineScorer } = require('answer-eval');\n${SCRIPT_BODY}`]);
    const cjs = JSON.parse(out);
    expect(cjs.kinds).toEqual(['function', 'function', 'function', 'function']);
    expect(cjs.same).toBe(true);
    if (esm) expect(JSON.stringify(cjs.evaluation)).toBe(JSON.stringify(esm.evaluation));
  });

  it('each build exports the same names as src/index.ts', () => {
    const names = (code: string) => JSON.parse(run(code.startsWith('import') ? ['--input-type=module', '-e', code] : ['-e', code])) as string[];
    const fromEsm = names("import * as m from 'answer-eval'; process.stdout.write(JSON.stringify(Object.keys(m).filter((k) => k !== 'default').sort()));");
    const fromCjs = names("process.stdout.write(JSON.stringify(Object.keys(require('answer-eval')).sort()));");
    expect(fromEsm).toEqual([...VALUE_EXPORTS].sort());
    expect(fromCjs).toEqual([...VALUE_EXPORTS].sort());
  });
});
