import { version } from '../../package.json';
import { AnswerEvalError } from '../errors.js';
import { parseCommandArgs, renderHelp, suggest, UsageError, wrap } from './args.js';
import { COMMANDS } from './commands/index.js';
import { writeOut } from './io.js';
import { EXIT, type CliIo, type Command, type CommandEntry } from './types.js';

export const VERSION: string = version;

function groups(commands: readonly CommandEntry[]): Map<string, CommandEntry[]> {
  const g = new Map<string, CommandEntry[]>();
  for (const c of commands) {
    const [head] = c.name.split(' ');
    if (!g.has(head)) g.set(head, []);
    g.get(head)!.push(c);
  }
  return g;
}

export function renderMainHelp(commands: readonly CommandEntry[] = COMMANDS): string {
  const w = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    `answer-eval ${VERSION}: score written interview answers against rubrics, offline, with evidence for every point.`,
    '',
    'Usage: answer-eval <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`),
    '',
    'Options:',
    '  -h, --help     Show help (also: answer-eval <command> --help)',
    '  -v, --version  Show the version',
    '',
    wrap('Exit codes: 0 success; 1 an answer scored below --min-score; 2 a usage or input error; 3 a bug in answer-eval.', 100),
  ];
  return `${lines.join('\n')}\n`;
}

function renderGroupHelp(name: string, list: readonly CommandEntry[]): string {
  const w = Math.max(...list.map((c) => c.name.length));
  return `Usage: answer-eval ${name} <${list.map((c) => c.name.split(' ')[1]).join('|')}> [options]\n\n${list.map((c) => `  ${c.name.padEnd(w)}  ${c.summary}`).join('\n')}\n`;
}

/** The command named by the leading words of argv: the longest match, so "rubrics list" beats "rubrics". */
function findCommand(argv: string[], commands: readonly CommandEntry[]): { command?: CommandEntry; rest: string[] } {
  let best: CommandEntry | undefined;
  let used = 0;
  for (const c of commands) {
    const words = c.name.split(' ');
    if (words.length > used && words.every((w, i) => argv[i] === w)) {
      best = c;
      used = words.length;
    }
  }
  return { command: best, rest: argv.slice(used) };
}

function usageTail(cmd?: Command): string {
  return cmd ? `Usage: ${cmd.usage}\nRun "answer-eval ${cmd.name} --help" for details.\n` : 'Run "answer-eval --help" for the commands.\n';
}

/**
 * Runs the CLI and resolves with its exit code. Never throws for a user mistake: those are printed
 * as one clear message on stderr (exit 2). Only a bug prints a stack, and only with ANSWER_EVAL_DEBUG.
 */
export async function runCli(argv: string[], io: CliIo, commands: readonly CommandEntry[] = COMMANDS): Promise<number> {
  let command: Command | undefined;
  try {
    const first = argv[0];
    if (first === undefined) {
      await writeOut(io.stderr, renderMainHelp(commands));
      return EXIT.USAGE;
    }
    if (first === '--version' || first === '-v' || first === '-V') {
      await writeOut(io.stdout, `${VERSION}\n`);
      return EXIT.OK;
    }
    if (first === '--help' || first === '-h') {
      await writeOut(io.stdout, renderMainHelp(commands));
      return EXIT.OK;
    }
    if (first === 'help') {
      if (argv.length === 1) {
        await writeOut(io.stdout, renderMainHelp(commands));
        return EXIT.OK;
      }
      const { command: c, rest } = findCommand(argv.slice(1), commands);
      const group = groups(commands).get(argv[1]);
      if (c && !rest.length) await writeOut(io.stdout, renderHelp(await c.load()));
      else if (group && argv.length === 2) await writeOut(io.stdout, renderGroupHelp(argv[1], group));
      else throw new UsageError(`No help for "${argv.slice(1).join(' ')}": unknown command.`);
      return EXIT.OK;
    }
    const found = findCommand(argv, commands);
    const group = groups(commands).get(first);
    if (!found.command) {
      if (group) {
        const sub = argv[1];
        const wantsHelp = sub === undefined || sub === '--help' || sub === '-h';
        if (wantsHelp) {
          await writeOut(sub === undefined ? io.stderr : io.stdout, renderGroupHelp(first, group));
          return sub === undefined ? EXIT.USAGE : EXIT.OK;
        }
        const hint = suggest(sub, group.map((c) => c.name.split(' ')[1]));
        throw new UsageError(`Unknown command "${first} ${sub}".${hint ? ` Did you mean "${first} ${hint}"?` : ''}`);
      }
      if (first.startsWith('-')) throw new UsageError(`Unknown option ${first}; options go after the command.`);
      const hint = suggest(first, [...groups(commands).keys()]);
      throw new UsageError(`Unknown command "${first}".${hint ? ` Did you mean "${hint}"?` : ''}`);
    }
    command = await found.command.load();
    const { values, positionals } = parseCommandArgs(command, found.rest);
    if (values.help === true) {
      await writeOut(io.stdout, renderHelp(command));
      return EXIT.OK;
    }
    return await command.run({ io, values, positionals, command });
  } catch (e) {
    if (e instanceof UsageError) {
      await writeOut(io.stderr, `answer-eval: ${e.message}\n${usageTail(e.command ?? command)}`);
      return EXIT.USAGE;
    }
    if (e instanceof AnswerEvalError) {
      await writeOut(io.stderr, `answer-eval: ${e.message}\n`);
      return EXIT.USAGE;
    }
    const err = e as Error;
    await writeOut(io.stderr, `answer-eval: internal error: ${err?.message ?? String(e)}\nThis is a bug in answer-eval; please report it${io.env.ANSWER_EVAL_DEBUG ? '' : ' (set ANSWER_EVAL_DEBUG=1 for details)'}.\n`);
    if (io.env.ANSWER_EVAL_DEBUG && err?.stack) await writeOut(io.stderr, `${err.stack}\n`);
    return EXIT.INTERNAL;
  }
}
