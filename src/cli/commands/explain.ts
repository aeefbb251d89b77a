import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { createBatchContext, isCovered, processItem } from '../../batch/process.js';
import { readSource, STDIN_NAME, type InputFormat, INPUT_FORMATS } from '../../batch/read/index.js';
import { palette, shouldColor, bandColor, type Palette } from '../../batch/reporters/color.js';
import { resolveRubricRef, loadRubricSpec } from '../../batch/rubric-ref.js';
import { isErrorRow, type BatchItem, type ResultRow } from '../../batch/types.js';
import { analyze } from '../../document/analyze.js';
import type { Span } from '../../document/types.js';
import { AnswerEvalError } from '../../errors.js';
import type { Rubric } from '../../rubric/schema.js';
import { intOption, oneOf, str, UsageError, wrap } from '../args.js';
import { writeOut } from '../io.js';
import { STOPWORDS } from '../stopwords.js';
import { EXIT, type Command, type CommandContext, type CliIo } from '../types.js';

const CONTEXT_WORDS = 6;
const MAX_EVIDENCE_SHOWN = 6;
const TOP_WORDS = 10;
const TEXT_EXTENSIONS = new Set(['.txt', '.md', '.markdown', '.text']);
const RECORD_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson', '.jsonlines', '.yaml', '.yml', '.csv']);

/** The evidence with a few words either side, white space collapsed; `cutBefore`/`cutAfter` say whether text was left out. */
export function quoteInContext(text: string, span: Span, words = CONTEXT_WORDS): { before: string; match: string; after: string; cutBefore: boolean; cutAfter: boolean } {
  const windowStart = Math.max(0, span.start - 40 * words);
  const pre = text.slice(windowStart, span.start);
  const preM = new RegExp(`(?:\\S+\\s+){0,${words}}\\S*$`).exec(pre)!;
  const windowEnd = Math.min(text.length, span.end + 40 * words);
  const post = text.slice(span.end, windowEnd);
  const postM = new RegExp(`^\\S*(?:\\s+\\S+){0,${words}}`).exec(post)!;
  const norm = (s: string) => s.replace(/\s+/g, ' ');
  return {
    before: norm(preM[0]).trimStart(),
    match: norm(text.slice(span.start, span.end)),
    after: norm(postM[0]).trimEnd(),
    cutBefore: windowStart + preM.index > 0 && /\S/.test(text.slice(0, windowStart + preM.index)),
    cutAfter: span.end + postM[0].length < text.length && /\S/.test(text.slice(span.end + postM[0].length)),
  };
}

/** Content words by frequency (grouped by stem, shown in their most common form); ties keep text order. */
export function topWords(answer: string, n = TOP_WORDS, maxLength?: number): { word: string; count: number }[] {
  const doc = analyze(answer, { maxLength });
  const byStem = new Map<string, { count: number; first: number; forms: Map<string, number> }>();
  for (const t of doc.tokens) {
    if (t.kind !== 'word' || t.lower.length < 3 || STOPWORDS.has(t.lower) || !/[a-z]/.test(t.lower)) continue;
    let s = byStem.get(t.stem);
    if (!s) byStem.set(t.stem, (s = { count: 0, first: t.i, forms: new Map() }));
    s.count++;
    s.forms.set(t.lower, (s.forms.get(t.lower) ?? 0) + 1);
  }
  return [...byStem.values()]
    .sort((a, b) => b.count - a.count || a.first - b.first)
    .slice(0, n)
    .map((s) => {
      let word = '';
      let best = 0;
      for (const [f, c] of s.forms) if (c > best) [word, best] = [f, c];
      return { word, count: s.count };
    });
}

interface Selected {
  item: BatchItem;
  record: Record<string, unknown>;
}

function recordOf(item: BatchItem): Record<string, unknown> | undefined {
  let v = item.value;
  if (item.text !== undefined) {
    try {
      v = JSON.parse(item.text);
    } catch {
      return undefined;
    }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

async function readInput(source: string, io: CliIo): Promise<string> {
  if (source === '-') {
    const parts: Buffer[] = [];
    for await (const c of io.stdin as AsyncIterable<Buffer | string>) parts.push(typeof c === 'string' ? Buffer.from(c) : c);
    return Buffer.concat(parts).toString('utf8');
  }
  try {
    return readFileSync(resolve(io.cwd, source), 'utf8');
  } catch (e) {
    throw new AnswerEvalError('FILE_READ', `Cannot read ${source}: ${(e as Error).message}`, { cause: e });
  }
}

async function select(source: string, io: CliIo, format: InputFormat | 'auto' | 'text', id: string | undefined, command: Command): Promise<Selected> {
  const text = await readInput(source, io);
  const file = source === '-' ? STDIN_NAME : source;
  const ext = source === '-' ? '' : extname(source).toLowerCase();
  const asText = format === 'text' || (format === 'auto' && (TEXT_EXTENSIONS.has(ext) || (!RECORD_EXTENSIONS.has(ext) && !/^\s*[[{]/.test(text))));
  if (asText) {
    if (!text.trim()) throw new UsageError(`${file} is empty: there is no answer to explain.`, command);
    return { item: { kind: 'answer-eval/item', file, line: 1 }, record: { id: id ?? (source === '-' ? 'answer' : source), answer: text } };
  }
  const items: BatchItem[] = [];
  for await (const it of readSource('-', { format, stdin: Readable.from([Buffer.from(text)]) })) items.push({ ...it, file });
  if (!items.length) throw new UsageError(`${file} holds no records.`, command);
  if (id !== undefined) {
    for (const it of items) {
      const rec = recordOf(it);
      if (rec && rec.id !== undefined && String(rec.id) === id) return { item: it, record: rec };
    }
    throw new UsageError(`No record with id "${id}" in ${file}.`, command);
  }
  if (items.length > 1) {
    const ids = items.map((it) => recordOf(it)?.id).filter((x) => x !== undefined).slice(0, 8);
    throw new UsageError(`${file} holds ${items.length} records; choose one with --id${ids.length ? ` (e.g. ${ids.join(', ')}${items.length > ids.length ? ', …' : ''})` : ''}.`, command);
  }
  const rec = recordOf(items[0]);
  if (!rec) {
    const res = await processItem(items[0], await createBatchContext({}));
    const err = isErrorRow(res.row) ? res.row.error : { code: 'INPUT_TYPE', message: 'not a record' };
    throw new AnswerEvalError(err.code as never, `${file}:${items[0].line}: ${err.message}`);
  }
  return { item: items[0], record: rec };
}

function renderExplain(row: ResultRow, answer: string, question: string | undefined, rubric: Rubric | undefined, p: Palette, width: number, maxLength?: number): string {
  const out: string[] = [];
  // Wraps `s` to the width: the first line indented by `first` spaces, the others by `rest`.
  const block = (first: number, rest: number, s: string) =>
    wrap(s, width - first, ' '.repeat(rest - first))
      .split('\n')
      .map((l) => ' '.repeat(first) + l)
      .join('\n');
  out.push(`${p.bold(row.id)} · ${row.rubric.id} ${row.rubric.version}${rubric ? ` (${rubric.title})` : ''}`);
  const q = question ?? rubric?.question;
  if (q) out.push(block(0, 2, `Question${question ? '' : " (the rubric's)"}: ${q.length > 300 ? `${q.slice(0, 299)}…` : q}`));
  const pass = rubric?.passScore;
  out.push(`Score ${p.bold(row.score.toFixed(1))} / 100 · band ${bandColor(p, row.band)(row.band)} · ${row.passed ? p.green('passes') : p.red('does not pass')}${pass !== undefined ? ` (pass score ${pass})` : ''} · ${row.stats.words} words, ${row.stats.sentences} sentences`);
  if (row.flags.length) {
    out.push('', p.bold('Flags'));
    for (const f of row.flags) out.push(block(2, 4, `${p.red('!')} ${f.id}: ${f.message}`));
  }
  out.push('', p.bold('Criteria'));
  for (const c of row.criteria) {
    const score = c.score === null ? 'n/a' : c.score.toFixed(2);
    const ids = c.scorer === c.id ? c.id : `${c.id}, scorer ${c.scorer}`;
    out.push(`  ${p.bold(c.title)} ${p.dim(`(${ids}, weight ${c.weight})`)}: ${score} ${c.level}`);
    if (c.score === null) {
      out.push(`    ${p.dim('not applicable to this answer (left out of the total)')}`);
      continue;
    }
    const shown = c.evidence.slice(0, MAX_EVIDENCE_SHOWN);
    for (const e of shown) {
      const q = quoteInContext(answer, e.span);
      const quote = `"${q.cutBefore ? '…' : ''}${q.before}${p.enabled ? p.underline(p.bold(q.match)) : `[${q.match}]`}${q.after}${q.cutAfter ? '…' : ''}"`;
      const mark = e.negated ? p.yellow('✗ negated') : p.green('✓');
      out.push(block(4, 6, `${mark} ${quote} ${p.dim(`(${e.signal})`)}`));
    }
    if (c.evidence.length > shown.length) out.push(`    ${p.dim(`… ${c.evidence.length - shown.length} more`)}`);
    // Some criteria score a property of the whole answer (length, structure) and cite nothing.
    if (!c.evidence.length && c.score === 0) out.push(`    ${p.dim('no evidence found')}`);
    for (const f of c.feedback) out.push(block(4, 6, `→ ${f.message} ${p.dim(`[${f.messageId}]`)}`));
  }
  // The round's talking points are the rubric's criteria; one is covered when its evidence earned credit.
  const applicable = row.criteria.filter((c) => c.score !== null);
  const covered = applicable.filter(isCovered);
  out.push('', `${p.bold('Talking points covered')}: ${covered.length} of ${applicable.length}`);
  for (const c of row.criteria) {
    let mark: string;
    let note = '';
    if (c.score === null) {
      mark = p.dim('–');
      note = p.dim(' (not applicable)');
    } else if (isCovered(c)) mark = p.green('✓');
    else if (c.evidence.length) {
      mark = p.yellow('~');
      note = p.dim(c.evidence.every((e) => e.negated) ? ' (only mentioned as not done)' : ' (mentioned, no credit)');
    } else {
      mark = p.red('✗');
      note = p.dim(' (not covered)');
    }
    out.push(`  ${mark} ${c.title}${note}`);
  }
  const words = topWords(answer, TOP_WORDS, maxLength);
  if (words.length) out.push('', `${p.bold('Most-used words')}: ${words.map((w) => `${w.word} (${w.count})`).join(', ')}`);
  return `${out.join('\n')}\n`;
}

export async function runExplain({ io, values, positionals, command }: CommandContext): Promise<number> {
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'explain takes one input (a file or -).' : 'explain needs an input: a file, or - for stdin.', command);
  const format = oneOf(str(values, 'format'), ['text', 'json'] as const, 'format', 'text', command);
  const inputFormat = oneOf(str(values, 'input-format'), ['auto', 'text', ...INPUT_FORMATS] as const, 'input-format', 'auto', command);
  const maxLength = intOption(str(values, 'max-length'), 'max-length', 1, command);
  const rubricFlag = str(values, 'rubric');
  const question = str(values, 'question');
  if (rubricFlag !== undefined) resolveRubricRef(rubricFlag, { cwd: io.cwd });

  const { item, record } = await select(positionals[0], io, inputFormat, str(values, 'id'), command);
  const rec: Record<string, unknown> = { ...record, ...(question !== undefined ? { question } : {}) };
  const ref = typeof rec.rubric === 'string' && rec.rubric ? rec.rubric : rubricFlag;
  if (ref === undefined) throw new UsageError('This answer names no rubric: pass --rubric ID (see `answer-eval rubrics list`).', command);
  const ctx = await createBatchContext({ rubric: rubricFlag, maxLength, cwd: io.cwd });
  const { row } = await processItem({ kind: 'answer-eval/item', file: item.file, line: item.line, value: rec }, ctx);
  if (isErrorRow(row)) throw new AnswerEvalError(row.error.code === 'INTERNAL' ? 'SCORER_FAILED' : row.error.code, `${row.file}:${row.line}: ${row.error.message}`);
  let rubric: Rubric | undefined;
  try {
    rubric = loadRubricSpec(resolveRubricRef(ref, { cwd: io.cwd }));
  } catch {
    rubric = undefined;
  }
  const answer = rec.answer as string;
  if (format === 'json') {
    const payload = {
      ...row,
      talkingPoints: row.criteria.map((c) => ({ id: c.id, title: c.title, covered: isCovered(c) })),
      topWords: topWords(answer, TOP_WORDS, maxLength),
    };
    await writeOut(io.stdout, `${JSON.stringify(payload, null, 2)}\n`);
    return EXIT.OK;
  }
  const p = palette(shouldColor(io.stdout, io.env));
  const width = Math.max(60, Math.min(120, io.stdout.isTTY && io.stdout.columns ? io.stdout.columns : 100));
  await writeOut(io.stdout, renderExplain(row, answer, typeof rec.question === 'string' ? rec.question : undefined, rubric, p, width, maxLength));
  return EXIT.OK;
}

export const explainCommand: Command = {
  name: 'explain',
  summary: 'Explain the score of one answer, criterion by criterion, with its evidence.',
  usage: 'answer-eval explain <file|-> [--id ID] [--rubric ID] [options]',
  description:
    'Scores one answer and shows why: each criterion with its score, the evidence quoted in context, the feedback on what is missing; then which of the round\'s talking points (the rubric\'s criteria) the answer covered and its most-used content words.\n' +
    'The input is a record file (JSON, JSON Lines, YAML, CSV: pick a record with --id when it holds several) or plain text (a .txt/.md file, or stdin that is not JSON), which then needs --rubric.',
  options: {
    id: { type: 'string', value: 'ID', description: 'The record to explain, when the file holds several.' },
    rubric: { type: 'string', short: 'r', value: 'ID', description: 'Rubric when the record does not name one (a built-in id).' },
    question: { type: 'string', value: 'TEXT', description: 'The question the answer responds to (overrides the record\'s).' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: 'text or json.', defaultText: 'text' },
    'input-format': { type: 'string', value: 'FORMAT', description: `auto, text, ${INPUT_FORMATS.join(', ')}.`, defaultText: 'auto' },
    'max-length': { type: 'string', value: 'N', description: 'Longest answer in characters.' },
  },
  examples: [
    'answer-eval explain fixtures/ai-pm/execution.jsonl --id ex01',
    'pbpaste | answer-eval explain - --rubric ai-pm/measure-success',
  ],
  run: runExplain,
};
