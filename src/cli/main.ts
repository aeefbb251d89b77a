import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AnswerEvalError } from '../errors.js';
import { createEvaluator, type Evaluation, type Evaluator } from '../rubric/evaluate.js';
import { BUILTIN_RUBRIC_IDS } from '../rubric/builtin.js';

const USAGE = `Usage: answer-eval score <file|-> [--rubric ID] [--format table|json|jsonl]`;

class UsageError extends Error {}

interface Rec {
  id?: string;
  answer?: unknown;
  question?: string;
  rubric?: string;
  line: number;
}

function readRecords(path: string): Rec[] {
  const text = path === '-' ? readFileSync(0, 'utf8') : readFileSync(path, 'utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[')) {
    const arr = JSON.parse(trimmed) as Record<string, unknown>[];
    return arr.map((r, i) => ({ ...(r as object), line: i + 1 }) as Rec);
  }
  const out: Rec[] = [];
  text.split(/\r?\n/).forEach((l, i) => {
    if (!l.trim()) return;
    out.push({ ...(JSON.parse(l) as object), line: i + 1 } as Rec);
  });
  return out;
}

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { rubric: { type: 'string' }, format: { type: 'string', default: 'table' }, help: { type: 'boolean' } },
  });
  const [cmd, ...files] = positionals;
  if (values.help || !cmd) {
    process.stdout.write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (cmd !== 'score') throw new UsageError(`Unknown command "${cmd}".`);
  if (!files.length) throw new UsageError('score needs an input file (or - for stdin).');
  const evaluators = new Map<string, Evaluator>();
  const get = (id: string) => {
    let e = evaluators.get(id);
    if (!e) {
      e = createEvaluator(id);
      evaluators.set(id, e);
    }
    return e;
  };
  const rows: (Evaluation & { id?: string })[] = [];
  for (const f of files) {
    for (const r of readRecords(f)) {
      const rubric = r.rubric ?? values.rubric ?? BUILTIN_RUBRIC_IDS[0];
      const ev = get(rubric).evaluate({ id: r.id, question: r.question, answer: r.answer as string });
      const out = { id: r.id, rubric: rubric, ...ev };
      rows.push(out as never);
      if (values.format === 'jsonl') process.stdout.write(`${JSON.stringify(out)}\n`);
    }
  }
  if (values.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (values.format === 'table') for (const r of rows) process.stdout.write(`${String(r.id).padEnd(8)} ${String(r.score).padStart(5)} ${r.band}\n`);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof UsageError || (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    process.stderr.write(`answer-eval: ${(e as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else if (e instanceof AnswerEvalError) {
    process.stderr.write(`answer-eval: ${e.message}\n`);
    process.exitCode = 2;
  } else throw e;
}
