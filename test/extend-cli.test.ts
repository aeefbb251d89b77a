import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { rubricJsonSchema } from '../src/index.js';
import { cliIn } from './cli-helpers.js';

const ROOT = resolve(__dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'answer-eval-extend-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cli = cliIn(dir);

const write = (name: string, text: string) => {
  writeFileSync(join(dir, name), text);
  return name;
};

const FINTECH = readFileSync(join(ROOT, 'examples/fintech-technical-depth.yaml'), 'utf8');
write('fintech.yaml', FINTECH);
write('heavy.yaml', FINTECH.replace('weight: 2', 'weight: heavy'));
write(
  'answers.jsonl',
  `${[
    { id: 'priced', answer: 'The cost of a false decline is about $35 in lost interchange, so I would raise the threshold only where fraud costs more.' },
    { id: 'unpriced', answer: 'I would maximise F1 and retrain monthly.' },
  ].map((r) => JSON.stringify(r)).join('\n')}\n`,
);
// A custom scorer module, as a user writes it (here importing the sources instead of the package).
write(
  'my-scorers.mjs',
  `import { defineScorer } from ${JSON.stringify(pathToFileURL(join(ROOT, 'src/index.ts')).href)};
import { z } from 'zod';
export const mentionsHoldout = defineScorer({
  id: 'mentions-holdout',
  description: 'Credits a holdout group.',
  options: z.strictObject({}),
  messages: { 'no-holdout': 'Keep a holdout.' },
  score(doc) {
    const t = doc.tokens.find((k) => k.lower === 'holdout' && k.negation < 0);
    return t ? { score: 1, evidence: [{ span: { start: t.start, end: t.end }, text: 'holdout', signal: 'holdout' }], feedback: [] } : { score: 0, evidence: [], feedback: [{ messageId: 'no-holdout' }] };
  },
});
`,
);
write('custom.yaml', 'extends: ./fintech.yaml\nid: acme/custom\nversion: 1.0.0\ncriteria:\n  - id: holdout\n    title: Keeps a holdout\n    scorer: mentions-holdout\n    weight: 1\n');

describe('CLI: rubric files and custom scorers', () => {
  it('rubrics validate accepts the fintech example (exit 0)', async () => {
    const r = await cli('rubrics', 'validate', 'fintech.yaml');
    expect([r.code, r.stdout]).toEqual([0, '✓ fintech.yaml: acme/fintech-technical-depth 1.0.0, 11 criteria\n']);
  });

  it('rubrics validate reports weight: heavy with the file, line and path (exit 2)', async () => {
    const r = await cli('rubrics', 'validate', 'heavy.yaml', 'fintech.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe(['✗ heavy.yaml: 1 problem', '  heavy.yaml:14: criteria[0].weight: Invalid input: expected number, received string', '✓ fintech.yaml: acme/fintech-technical-depth 1.0.0, 11 criteria', ''].join('\n'));
    const json = JSON.parse((await cli('rubrics', 'validate', 'heavy.yaml', '--format', 'json')).stdout);
    expect(json).toEqual([{ file: 'heavy.yaml', valid: false, problems: [{ file: 'heavy.yaml', line: 14, path: 'criteria[0].weight', message: 'Invalid input: expected number, received string', code: 'invalid_type' }] }]);
  });

  it('rubrics validate needs the custom scorer module, and says so', async () => {
    const without = await cli('rubrics', 'validate', 'custom.yaml');
    expect(without.code).toBe(2);
    expect(without.stdout).toContain('custom.yaml:7: criteria[0].scorer: unknown scorer "mentions-holdout"');
    expect(without.stdout).toContain('pass its module with --scorers');
    const withMod = await cli('rubrics', 'validate', 'custom.yaml', '--scorers', './my-scorers.mjs');
    expect([withMod.code, withMod.stdout]).toEqual([0, '✓ custom.yaml: acme/custom 1.0.0, 12 criteria\n']);
  });

  it('rubrics validate of a missing file exits 2 with a one-line reason', async () => {
    const r = await cli('rubrics', 'validate', 'nope.yaml');
    expect([r.code, r.stdout]).toEqual([2, '✗ nope.yaml: 1 problem\n  Cannot read rubric file nope.yaml: no such file.\n']);
  });

  it('score --rubric FILE returns the cost-model criterion with evidence', async () => {
    const r = await cli('score', 'answers.jsonl', '--rubric', 'fintech.yaml', '--format', 'jsonl', '-j', '1', '-q');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    const cost = rows.map((row) => row.criteria.find((c: { id: string }) => c.id === 'cost-model'));
    expect(cost[0]).toMatchObject({ score: 1, evidence: [{ text: 'cost of a false decline', signal: 'cost-model', span: { start: 4, end: 27 } }, { text: '$35', signal: 'dollars', span: { start: 37, end: 40 } }] });
    expect(cost[1]).toMatchObject({ score: 0, evidence: [], feedback: [{ messageId: 'missing-concepts' }] });
    expect(rows[0].rubric.id).toBe('acme/fintech-technical-depth');
  });

  it('score refuses an invalid rubric file up front, without a stack trace (exit 2)', async () => {
    const r = await cli('score', 'answers.jsonl', '--rubric', 'heavy.yaml', '-q');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('heavy.yaml:14: criteria[0].weight: Invalid input: expected number, received string');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('score --scorers loads custom scorers for a rubric file that uses them', async () => {
    const r = await cli('score', 'answers.jsonl', '--rubric', 'custom.yaml', '--scorers', './my-scorers.mjs', '--format', 'jsonl', '-j', '1', '-q');
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((row) => row.criteria.find((c: { id: string }) => c.id === 'holdout').feedback.map((f: { messageId: string }) => f.messageId))).toEqual([['no-holdout'], ['no-holdout']]);
    const missing = await cli('score', 'answers.jsonl', '--rubric', 'custom.yaml', '-q');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('unknown scorer "mentions-holdout"');
  });

  it('a record may name a rubric file; an unknown non-file name stays an error row', async () => {
    write('by-record.jsonl', `${JSON.stringify({ id: 'r1', rubric: 'fintech.yaml', answer: 'Our cost model puts it at $5.' })}\n${JSON.stringify({ id: 'r2', rubric: 'etc/passwd', answer: 'x' })}\n`);
    const r = await cli('score', 'by-record.jsonl', '--format', 'jsonl', '-j', '1', '-q');
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows[0].rubric.id).toBe('acme/fintech-technical-depth');
    expect(rows[1].error.code).toBe('RUBRIC_NOT_FOUND');
  });

  it('rubrics schema prints the packaged JSON Schema, with custom scorer options on request', async () => {
    const r = await cli('rubrics', 'schema');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(rubricJsonSchema());
    const custom = await cli('rubrics', 'schema', '--scorers', './my-scorers.mjs');
    expect(custom.stdout).toContain('"const": "mentions-holdout"');
    expect((await cli('rubrics', 'schema', 'extra')).code).toBe(2);
  });
});
