import { loadScorerModules } from '../../batch/scorer-modules.js';
import { palette, shouldColor } from '../../batch/reporters/color.js';
import { formatPath } from '../../errors.js';
import { checkRubricFile, formatProblem, type RubricProblem } from '../../rubric/load.js';
import { oneOf, str, UsageError } from '../args.js';
import { writeOut } from '../io.js';
import { EXIT, type Command } from '../types.js';

export const rubricsValidateCommand: Command = {
  name: 'rubrics validate',
  summary: 'Check rubric files and report every problem with its file, line and path.',
  usage: 'answer-eval rubrics validate <FILE>... [--scorers MODULE]... [--format text|json]',
  description: [
    'Checks each rubric file (.json, .yaml, .yml) as `score --rubric` would load it: its `extends` chain, its structure, and the options of every criterion for its scorer (unknown scorers, bad options, unsafe patterns). Every problem is reported, as FILE:LINE: PATH: what was expected.',
    'Exit codes: 0 every file is valid; 2 a file has a problem or cannot be read.',
  ].join('\n'),
  options: {
    scorers: { type: 'string', multiple: true, value: 'MODULE', description: 'ES module of custom scorers the rubric uses (repeatable).' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'text, or json ([{ file, valid, rubric?, problems }]).', defaultText: 'text' },
  },
  examples: ['answer-eval rubrics validate my-rubric.yaml', 'answer-eval rubrics validate rubrics/*.json --scorers ./my-scorers.mjs'],
  async run({ io, values, positionals, command }) {
    if (!positionals.length) throw new UsageError('rubrics validate needs at least one rubric file.', command);
    const format = oneOf(str(values, 'format'), ['text', 'json'] as const, 'format', 'text', command);
    const modules = (values.scorers as string[] | undefined) ?? [];
    const scorers = modules.length ? await loadScorerModules(modules, io.cwd) : [];
    const reports = positionals.map((file) => ({ file, ...checkRubricFile(file, { cwd: io.cwd, scorers }) }));
    const bad = reports.filter((r) => r.problems.length).length;
    if (format === 'json') {
      const json = reports.map((r) => ({
        file: r.file,
        valid: r.problems.length === 0,
        ...(r.rubric ? { rubric: { id: r.rubric.id, version: r.rubric.version, criteria: r.rubric.criteria.map((c) => c.id) } } : {}),
        problems: r.problems.map((p: RubricProblem) => ({ file: p.file, ...(p.line !== undefined ? { line: p.line } : {}), path: formatPath(p.path), message: p.message, ...(p.code ? { code: p.code } : {}) })),
      }));
      await writeOut(io.stdout, `${JSON.stringify(json, null, 2)}\n`);
    } else {
      const p = palette(shouldColor(io.stdout, io.env));
      const out: string[] = [];
      for (const r of reports) {
        if (r.rubric) out.push(`${p.green('✓')} ${r.file}: ${r.rubric.id} ${r.rubric.version}, ${r.rubric.criteria.length} criteria`);
        else {
          out.push(`${p.red('✗')} ${r.file}: ${r.problems.length} problem${r.problems.length === 1 ? '' : 's'}`);
          for (const prob of r.problems) out.push(`  ${formatProblem(prob)}`);
          if (!modules.length && r.problems.some((x) => x.message.startsWith('unknown scorer'))) out.push(p.dim('  (a custom scorer? pass its module with --scorers ./my-scorers.mjs)'));
        }
      }
      await writeOut(io.stdout, `${out.join('\n')}\n`);
    }
    return bad ? EXIT.USAGE : EXIT.OK;
  },
};
