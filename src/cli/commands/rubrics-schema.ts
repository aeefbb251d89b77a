import { loadScorerModules } from '../../batch/scorer-modules.js';
import { rubricJsonSchema } from '../../rubric/schema.js';
import { BUILTIN_SCORERS } from '../../scorers/index.js';
import { UsageError } from '../args.js';
import { writeOut } from '../io.js';
import { EXIT, type Command } from '../types.js';

export const rubricsSchemaCommand: Command = {
  name: 'rubrics schema',
  summary: 'Print the JSON Schema of rubric files, for editor completion and validation.',
  usage: 'answer-eval rubrics schema [--scorers MODULE]...',
  description: [
    'The same schema ships in the package as answer-eval/rubric-schema.json (dist/rubric.schema.json). Point a JSON rubric at it with "$schema", or a YAML one with a "# yaml-language-server: $schema=..." comment.',
    'With --scorers, the options of your custom scorers are described too, so that editors complete them after "scorer: <id>".',
  ].join('\n'),
  options: {
    scorers: { type: 'string', multiple: true, value: 'MODULE', description: 'ES module of custom scorers whose options the schema should describe (repeatable).' },
  },
  examples: ['answer-eval rubrics schema > rubric.schema.json', 'answer-eval rubrics schema --scorers ./my-scorers.mjs > rubric.schema.json'],
  async run({ io, values, positionals, command }) {
    if (positionals.length) throw new UsageError(`rubrics schema takes no arguments (got "${positionals[0]}").`, command);
    const modules = (values.scorers as string[] | undefined) ?? [];
    const custom = modules.length ? await loadScorerModules(modules, io.cwd) : [];
    const ids = new Set(custom.map((s) => s.id));
    const scorers = [...BUILTIN_SCORERS.filter((s) => !ids.has(s.id)), ...custom];
    await writeOut(io.stdout, `${JSON.stringify(rubricJsonSchema({ scorers }), null, 2)}\n`);
    return EXIT.OK;
  },
};
