import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { AnswerEvalError, checkRubricFile, createEvaluator, formatProblem, loadRubricFile, resolveRubric, RubricValidationError, rubricJsonSchema } from '../src/index.js';

const ROOT = resolve(__dirname, '..');
const VROOT = resolve('/virtual/rubrics');

/** An in-memory file system for rubric files: name → text. */
function vfs(files: Record<string, string>) {
  const byPath = new Map(Object.entries(files).map(([k, v]) => [resolve(VROOT, k), v]));
  return {
    cwd: VROOT,
    readFile: (p: string) => {
      const t = byPath.get(p);
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return t;
    },
  };
}

const FINTECH_YAML = readFileSync(join(ROOT, 'examples/fintech-technical-depth.yaml'), 'utf8');

const errorOf = (f: () => unknown): AnswerEvalError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(AnswerEvalError);
    return e as AnswerEvalError;
  }
  throw new Error('expected an error');
};

describe('rubric files', () => {
  it('loads the fintech YAML example: inherits technical-depth and adds the cost-model criterion', () => {
    const r = loadRubricFile('examples/fintech-technical-depth.yaml', { cwd: ROOT });
    expect(r.id).toBe('acme/fintech-technical-depth');
    expect(r.title).toBe('Technical depth, fintech');
    expect(r.round).toBe('technical-depth');
    expect(r.criteria.map((c) => c.id)).toEqual(['metric-kpi-linkage', 'mlops-ownership', 'tradeoff', 'judgement', 'business-focus', 'relevance', 'compliance', 'experiment-design', 'specificity', 'structure', 'cost-model']);
    const answer = 'I would set the threshold from the cost of a false decline, roughly $35 in lost interchange, against about $120 per missed fraud.';
    const cost = createEvaluator(r).evaluate(answer).criteria.find((c) => c.id === 'cost-model')!;
    expect(cost.score).toBe(1);
    expect(cost.evidence).toEqual([
      { span: { start: 35, end: 58 }, text: 'cost of a false decline', signal: 'cost-model' },
      { span: { start: 68, end: 71 }, text: '$35', signal: 'dollars' },
    ]);
  });

  it('reads the same rubric from JSON, and JSON and YAML give the same hash', () => {
    const json = JSON.stringify({ $schema: '../node_modules/answer-eval/dist/rubric.schema.json', ...parseYaml(FINTECH_YAML) }, null, 2);
    const fs = vfs({ 'a.yaml': FINTECH_YAML, 'a.json': json });
    const a = createEvaluator(loadRubricFile('a.yaml', fs));
    const b = createEvaluator(loadRubricFile('a.json', fs));
    expect(a.evaluate('The cost model says $5.').rubric.hash).toBe(b.evaluate('The cost model says $5.').rubric.hash);
  });

  it('resolves relative extends chains against each file, overriding by id along the way', () => {
    const fs = vfs({
      'teams/fintech.yaml': 'extends: ../shared/base.yaml\nid: acme/fintech\nversion: 2.0.0\ncriteria:\n  - id: tradeoff\n    weight: 4\nremove: [structure]\n',
      'shared/base.yaml': 'extends: ai-pm/technical-depth\nid: acme/base\nversion: 1.0.0\ntitle: Acme base\ncriteria:\n  - id: tradeoff\n    weight: 3\n    title: Trade-offs, Acme style\n',
    });
    const r = loadRubricFile('teams/fintech.yaml', fs);
    expect(r.title).toBe('Acme base');
    const t = r.criteria.find((c) => c.id === 'tradeoff')!;
    expect([t.weight, t.title]).toEqual([4, 'Trade-offs, Acme style']);
    expect(r.criteria.some((c) => c.id === 'structure')).toBe(false);
  });

  it('accepts a whole rubric without extends', () => {
    const fs = vfs({ 'own.json': JSON.stringify({ id: 'acme/own', version: '1.0.0', title: 'Own', criteria: [{ id: 'cost', title: 'Cost', scorer: 'lexicon', weight: 1, options: { concepts: [{ id: 'c', phrases: ['cost model'] }] } }] }) });
    expect(loadRubricFile('own.json', fs).criteria).toHaveLength(1);
  });

  it.each<[string, Record<string, string>, string, string[]]>([
    ['a weight that is a word', { 'heavy.yaml': FINTECH_YAML.replace('weight: 2', 'weight: heavy') }, 'heavy.yaml', ['heavy.yaml:14: criteria[0].weight: Invalid input: expected number, received string']],
    ['a weight that is a word, in JSON', { 'heavy.json': '{\n  "id": "acme/h",\n  "version": "1.0.0",\n  "title": "H",\n  "criteria": [\n    { "id": "a", "title": "A", "scorer": "structure", "weight": "heavy" }\n  ]\n}\n' }, 'heavy.json', ['heavy.json:6: criteria[0].weight: Invalid input: expected number, received string']],
    ['a missing title without extends', { 'x.yaml': 'id: acme/x\nversion: 1.0.0\ncriteria:\n  - { id: a, title: A, scorer: structure, weight: 1 }\n' }, 'x.yaml', ['x.yaml: title: Invalid input: expected string, received undefined']],
    ['a new criterion without scorer and weight', { 'x.yaml': 'extends: ai-pm/execution\nid: acme/x\nversion: 1.0.0\ncriteria:\n  - id: brand-new\n    title: New\n' }, 'x.yaml', [
      expect.stringMatching(/^x\.yaml:5: criteria\[0\]\.scorer: required for a new criterion \("brand-new" is not in ai-pm\/execution, whose criteria are /) as unknown as string,
      expect.stringMatching(/^x\.yaml:5: criteria\[0\]\.weight: required for a new criterion/) as unknown as string,
    ]],
    ['an unknown built-in', { 'x.yaml': 'extends: ai-pm/technical-dept\nid: acme/x\nversion: 1.0.0\n' }, 'x.yaml', [expect.stringMatching(/^x\.yaml:1: extends: "ai-pm\/technical-dept" is not a built-in rubric \(ai-pm\/recruiter-screen, .*\); to extend a file, give a relative path such as "\.\/base\.yaml"$/) as unknown as string]],
    ['a missing base file', { 'x.yaml': 'extends: ./nope.yaml\nid: acme/x\nversion: 1.0.0\n' }, 'x.yaml', ['x.yaml:1: extends: cannot read nope.yaml: no such file.']],
    ['a cycle', { 'a.yaml': 'extends: ./b.yaml\nid: acme/a\nversion: 1.0.0\n', 'b.yaml': 'extends: ./a.yaml\nid: acme/b\nversion: 1.0.0\n' }, 'a.yaml', ['b.yaml:1: extends: extends cycle: a.yaml → b.yaml → a.yaml']],
    ['a file that extends itself', { 'a.yaml': 'extends: ./a.yaml\nid: acme/a\nversion: 1.0.0\n' }, 'a.yaml', ['a.yaml:1: extends: extends cycle: a.yaml → a.yaml']],
    ['a problem in a base file', { 'a.yaml': 'extends: ./b.yaml\nid: acme/a\nversion: 1.0.0\n', 'b.yaml': 'extends: ai-pm/leadership\nid: acme/b\nversion: 1.0.0\nremove: [nothing-here]\n' }, 'a.yaml', [expect.stringMatching(/^b\.yaml:4: remove\[0\]: no criterion "nothing-here" to remove/) as unknown as string]],
    ['an unknown key', { 'x.yaml': 'extends: ai-pm/execution\nid: acme/x\nversion: 1.0.0\ncriterias: []\n' }, 'x.yaml', ['x.yaml: (root): Unrecognized key: "criterias"']],
  ])('rejects %s, naming the file, line and path', (_label, files, entry, expected) => {
    const err = errorOf(() => loadRubricFile(entry, vfs(files)));
    expect(err).toBeInstanceOf(RubricValidationError);
    const lines = err.message.split('\n').slice(1).map((l) => l.replace(/^ {2}- /, ''));
    expect(lines).toEqual(expected);
  });

  it.each([
    ['bad.yaml', 'id: acme/x\ncriteria: [\n', /^bad\.yaml:3:1: not valid YAML: /],
    ['bad.json', '{ "id": "acme/x", }', /^bad\.json: not valid JSON \(line 1\): /],
    ['dupe.yaml', 'id: a\nid: b\n', /^dupe\.yaml:2:1: not valid YAML: Map keys must be unique/],
  ])('reports a syntax error in %s as PARSE with its position', (name, text, expected) => {
    const err = errorOf(() => loadRubricFile(name, vfs({ [name]: text })));
    expect(err.code).toBe('PARSE');
    expect(err.message).toMatch(expected);
  });

  it('reports a missing file as FILE_READ', () => {
    expect(errorOf(() => loadRubricFile('none.yaml', vfs({}))).code).toBe('FILE_READ');
  });

  it('checkRubricFile reports every problem at once, scorer options included, with file paths', () => {
    const fs = vfs({
      'x.yaml': [
        'extends: ai-pm/technical-depth',
        'id: acme/x',
        'version: 1.0.0',
        'remove: [nope]',
        'criteria:',
        '  - id: cost',
        '    title: Cost',
        '    scorer: lexicon',
        '    weight: heavy',
        '    options:',
        '      minConcepts: 3',
        '      concepts:',
        '        - { id: a, patterns: ["(a)\\\\1"] }',
        '  - id: other',
        '    title: Other',
        '    scorer: lexicn',
        '    weight: 1',
        '',
      ].join('\n'),
    });
    const { rubric, problems } = checkRubricFile('x.yaml', fs);
    expect(rubric).toBeNull();
    expect(problems.map(formatProblem)).toEqual([
      'x.yaml:9: criteria[0].weight: Invalid input: expected number, received string',
      'x.yaml:11: criteria[0].options.minConcepts: minConcepts is 3 but 1 concept counted at most 1 time each can reach only 1',
      'x.yaml:13: criteria[0].options.concepts[0].patterns[0]: Pattern "(a)\\\\1" was rejected: backreferences are not supported (they need backtracking, which can take exponential time); invalid escape sequence: `\\1`.',
      expect.stringMatching(/^x\.yaml:16: criteria\[1\]\.scorer: unknown scorer "lexicn"; expected one of business-focus, /) as unknown as string,
    ]);
  });

  it('checkRubricFile points scorer-option problems of a valid structure at the file and line', () => {
    const fs = vfs({ 'x.yaml': 'extends: ai-pm/technical-depth\nid: acme/x\nversion: 1.0.0\ncriteria:\n  - id: tradeoff\n    weight: 3\n  - id: cost\n    title: Cost\n    scorer: lexicon\n    weight: 1\n    options:\n      concepts:\n        - { id: a, patterns: ["(?=x)y"] }\nlexicons:\n  kpis:\n    remove: [no-such-entry]\n' });
    const { problems } = checkRubricFile('x.yaml', fs);
    expect(problems.map((p) => [p.file, p.line, p.path.join('.'), p.code])).toEqual([
      ['x.yaml', 13, 'criteria.1.options.concepts.0.patterns.0', 'PATTERN_UNSAFE'],
      ['x.yaml', 16, 'lexicons.kpis.remove.0', undefined],
    ]);
    const fixed = vfs({ 'x.yaml': 'extends: ai-pm/technical-depth\nid: acme/x\nversion: 1.0.0\ncriteria:\n  - id: tradeoff\n    weight: 3\n  - id: cost\n    title: Cost\n    scorer: lexicon\n    weight: 1\n    options:\n      concepts:\n        - { id: a, patterns: ["(?=x)y"] }\n' });
    expect(checkRubricFile('x.yaml', fixed).problems.map((p) => [p.line, p.path.join('.'), p.code])).toEqual([[13, 'criteria.1.options.concepts.0.patterns.0', 'PATTERN_UNSAFE']]);
  });

  it('resolveRubric takes a built-in id or a file, and checks custom-scorer options', () => {
    expect(resolveRubric('ai-pm/execution').id).toBe('ai-pm/execution');
    expect(resolveRubric('examples/fintech-technical-depth.yaml', { cwd: ROOT }).id).toBe('acme/fintech-technical-depth');
    expect(errorOf(() => resolveRubric('ai-pm/nope')).code).toBe('RUBRIC_NOT_FOUND');
  });
});

describe('lexicon overrides in a rubric', () => {
  const rubric = (lexicons?: Record<string, unknown>) => ({ id: 'acme/lex', version: '1.0.0', title: 'Lex', criteria: [{ id: 'business-focus', title: 'Business', scorer: 'business-focus', weight: 1 }], ...(lexicons ? { lexicons } : {}) });
  const TEXT = 'The model should protect interchange income and keep churn low for cardholders.';
  const outcomes = (lexicons?: Record<string, unknown>, text = TEXT) =>
    createEvaluator(rubric(lexicons) as never).evaluate(text).criteria[0].evidence.filter((e) => e.signal === 'business-outcome').map((e) => e.text);

  it('adds a new entry, for this rubric only', () => {
    expect(outcomes({ kpis: { add: [{ id: 'interchange', variants: ['interchange income'] }] } })).toEqual(['interchange income', 'churn']);
    expect(outcomes()).toEqual(['churn']);
  });

  it('adds synonyms to an existing entry', () => {
    const text = 'Fewer cardholders cutting up their cards is what the business needs.';
    expect(outcomes(undefined, text)).toEqual([]);
    expect(outcomes({ kpis: { add: [{ id: 'churn', variants: ['cutting up their cards'] }] } }, text)).toEqual(['cutting up their cards']);
  });

  it('removes an entry', () => {
    expect(outcomes({ kpis: { remove: ['churn'] } })).toEqual([]);
  });

  it('rejects unknown lexicons and entries with their paths', () => {
    const err = errorOf(() => createEvaluator(rubric({ kpiz: {}, kpis: { remove: ['nope'] } }) as never)) as RubricValidationError;
    expect(err.issues.map((i) => i.path.join('.'))).toEqual(['lexicons.kpiz', 'lexicons.kpis.remove.0']);
    expect(err.issues[1].message).toBe('no entry "nope" in lexicon kpis');
  });
});

describe('the rubric JSON Schema', () => {
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(rubricJsonSchema());
  const errors = (data: unknown) => (validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

  it('accepts every built-in rubric and the example files', () => {
    for (const f of readdirSync(join(ROOT, 'rubrics/ai-pm'))) expect([f, errors(JSON.parse(readFileSync(join(ROOT, 'rubrics/ai-pm', f), 'utf8')))]).toEqual([f, []]);
    expect(errors(parseYaml(FINTECH_YAML))).toEqual([]);
    for (const f of readdirSync(join(ROOT, 'examples')).filter((x) => x.endsWith('.rubric.json'))) expect([f, errors(JSON.parse(readFileSync(join(ROOT, 'examples', f), 'utf8')))]).toEqual([f, []]);
  });

  it('lets a file with extends leave out title and criteria, but not a file without', () => {
    expect(errors({ extends: 'ai-pm/execution', id: 'acme/x', version: '1.0.0' })).toEqual([]);
    expect(errors({ extends: 'ai-pm/execution', id: 'acme/x', version: '1.0.0', criteria: [{ id: 'tradeoff', weight: 3 }] })).toEqual([]);
    expect(errors({ id: 'acme/x', version: '1.0.0' }).join('\n')).toContain("must have required property 'title'");
  });

  it('rejects a weight that is a word, and a lexicon option of the wrong type, at their paths', () => {
    const y = parseYaml(FINTECH_YAML);
    y.criteria[0].weight = 'heavy';
    expect(errors(y)).toContain('/criteria/0/weight must be number');
    const z = parseYaml(FINTECH_YAML);
    z.criteria[0].options.minConcepts = 'two';
    expect(errors(z)).toContain('/criteria/0/options/minConcepts must be integer');
  });

  it('accepts custom scorer ids (any string), while offering the built-in ones', () => {
    expect(errors({ id: 'acme/x', version: '1.0.0', title: 'X', criteria: [{ id: 'a', title: 'A', scorer: 'acme-judge', weight: 1, options: { anything: true } }] })).toEqual([]);
    const schema = JSON.stringify(rubricJsonSchema());
    expect(schema).toContain('"enum":["structure"');
    expect(schema).toContain('"minConcepts"');
  });
});
