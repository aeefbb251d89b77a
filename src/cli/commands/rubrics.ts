import { palette, shouldColor } from '../../batch/reporters/color.js';
import { loadRubricSpec, resolveRubricRef } from '../../batch/rubric-ref.js';
import { listBuiltinRubrics } from '../../rubric/builtin.js';
import { rubricHash } from '../../rubric/parse.js';
import { DEFAULT_BANDS, DEFAULT_CAPS, DEFAULT_PASS_SCORE } from '../../rubric/schema.js';
import { oneOf, str, UsageError, wrap } from '../args.js';
import { writeOut } from '../io.js';
import { EXIT, type Command, type CommandContext } from '../types.js';

export async function runRubricsList({ io, values, positionals, command }: CommandContext): Promise<number> {
  if (positionals.length) throw new UsageError(`rubrics list takes no arguments (got "${positionals[0]}").`, command);
  const format = oneOf(str(values, 'format'), ['table', 'json'] as const, 'format', 'table', command);
  const rubrics = listBuiltinRubrics();
  if (format === 'json') {
    const list = rubrics.map((r) => ({ id: r.id, version: r.version, title: r.title, round: r.round, description: r.description, criteria: r.criteria.map((c) => c.id) }));
    await writeOut(io.stdout, `${JSON.stringify(list, null, 2)}\n`);
    return EXIT.OK;
  }
  const p = palette(shouldColor(io.stdout, io.env));
  const rows = rubrics.map((r) => [r.id, r.version, String(r.criteria.length), r.title]);
  const head = ['ID', 'VERSION', 'CRITERIA', 'TITLE'];
  const w = [0, 1, 2].map((i) => Math.max(head[i].length, ...rows.map((r) => r[i].length)));
  const line = (c: string[]) => [c[0].padEnd(w[0]), c[1].padEnd(w[1]), c[2].padStart(w[2]), c[3]].join('  ');
  await writeOut(io.stdout, `${[p.bold(line(head)), ...rows.map(line)].join('\n')}\n`);
  return EXIT.OK;
}

export async function runRubricsShow({ io, values, positionals, command }: CommandContext): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('rubrics show needs one rubric id (see `answer-eval rubrics list`).', command);
  const format = oneOf(str(values, 'format'), ['text', 'json'] as const, 'format', 'text', command);
  const r = loadRubricSpec(resolveRubricRef(positionals[0], { cwd: io.cwd }));
  if (format === 'json') {
    await writeOut(io.stdout, `${JSON.stringify(r, null, 2)}\n`);
    return EXIT.OK;
  }
  const p = palette(shouldColor(io.stdout, io.env));
  const width = Math.max(60, Math.min(120, io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 100));
  const out: string[] = [];
  out.push(`${p.bold(r.id)} ${r.version}: ${r.title}`);
  if (r.description) out.push(wrap(r.description, width));
  out.push('');
  out.push(`round: ${r.round ?? '–'} · pass score: ${r.passScore ?? DEFAULT_PASS_SCORE} · hash: ${rubricHash(r)}`);
  if (r.question) out.push(wrap(`question: ${r.question}`, width, '  '));
  out.push(`bands: ${[...(r.bands ?? DEFAULT_BANDS)].sort((a, b) => b.min - a.min).map((b) => `${b.id} ≥${b.min}`).join(' · ')}`);
  const caps = { ...DEFAULT_CAPS, ...(r.caps ?? {}) };
  out.push(`caps when flagged: ${Object.entries(caps).map(([k, v]) => `${k} ≤${v}`).join(' · ')}`);
  out.push('', p.bold('Criteria'));
  const total = r.criteria.reduce((s, c) => s + c.weight, 0) || 1;
  const w = Math.max(...r.criteria.map((c) => c.id.length));
  const ws = Math.max(...r.criteria.map((c) => c.scorer.length));
  for (const c of r.criteria) {
    out.push(`  ${c.id.padEnd(w)}  ${`${Math.round((100 * c.weight) / total)}%`.padStart(4)}  ${c.scorer.padEnd(ws)}  ${c.title}`);
    if (c.description) out.push(wrap(c.description, width - 6, '      ').replace(/^/, '      '));
  }
  await writeOut(io.stdout, `${out.join('\n')}\n`);
  return EXIT.OK;
}

export const rubricsListCommand: Command = {
  name: 'rubrics list',
  summary: 'List the built-in rubrics.',
  usage: 'answer-eval rubrics list [--format table|json]',
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'table or json.', defaultText: 'table' },
  },
  run: runRubricsList,
};

export const rubricsShowCommand: Command = {
  name: 'rubrics show',
  summary: 'Show a rubric: what it looks for, its criteria and weights, bands and caps.',
  usage: 'answer-eval rubrics show <ID> [--format text|json]',
  options: {
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'text, or json (the rubric as data, a starting point for your own).', defaultText: 'text' },
  },
  examples: ['answer-eval rubrics show ai-pm/technical-depth', 'answer-eval rubrics show ai-pm/leadership --format json > my-rubric.json'],
  run: runRubricsShow,
};
