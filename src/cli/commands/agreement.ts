import { runBatch } from '../../batch/evaluate-many.js';
import { expandInputs, INPUT_FORMATS } from '../../batch/read/index.js';
import { loadRubricSpec, resolveRubricRef } from '../../batch/rubric-ref.js';
import { isErrorRow, type BatchItem } from '../../batch/types.js';
import type { LabeledAnswer, SkippedAnswer } from '../../calibrate/labeled.js';
import { readLabeled, type UnusableRecord } from '../../calibrate/read.js';
import { formatAgreement, type ReportFormat } from '../../calibrate/report.js';
import { measureAgreement, rubricForRound, type ScoredEntry } from '../../calibrate/run.js';
import { flag, inputFormatOption, intOption, oneOf, str, UsageError } from '../args.js';
import { openSink } from '../io.js';
import { EXIT, type CliIo, type Command } from '../types.js';

export const REPORT_FORMATS_AGREEMENT: readonly ReportFormat[] = ['table', 'markdown', 'json'];

/** Unusable records on stderr, one a line, so that a report on stdout stays clean. */
export function warnUnusable(io: CliIo, list: readonly UnusableRecord[], what: string): void {
  for (const u of list.slice(0, 20)) io.stderr.write(`answer-eval: ${u.file}:${u.line}${u.id ? ` (${u.id})` : ''}: ${u.code}: ${u.message} ${what}\n`);
  if (list.length > 20) io.stderr.write(`answer-eval: ... and ${list.length - 20} more records ${what}\n`);
}

export const agreementCommand: Command = {
  name: 'agreement',
  summary: 'Measure how well scores agree with human grades (Spearman, QWK, pairwise order...).',
  usage: 'answer-eval agreement <file|glob|->... [--rubric ID] [--format table|markdown|json]',
  description: [
    'Reads graded answers { id, answer, question?, rubric?, grade, grade2? } (JSON Lines, JSON, YAML or CSV), scores each once exactly as `answer-eval score` does (a record\'s own "rubric" wins over --rubric; a record with neither but a "round" uses the built-in "ai-pm/<round>"), and reports Spearman, Pearson and Kendall tau-b on the scores; quadratic weighted kappa, exact and adjacent agreement and the standardized mean difference after mapping scores onto the grade scale; pairwise order within each question. Every figure has its n and a seeded bootstrap 95% interval.',
    'Cut points: a calibrated rubric (from `answer-eval calibrate`) given as --rubric brings its own when it scored every answer; otherwise they are fitted on these data so that each grade is given as often as the graders gave it (which makes SMD near 0 by construction).',
    'With grade2, the same figures between the two graders and the machine\'s degradation from them. Acceptance checks (ETS-style): QWK >= 0.70, Pearson >= 0.70, |SMD| <= 0.15, and with grade2 a degradation <= 0.10.',
    'Exit codes: 0 measured; 1 with --check, an acceptance check failed; 2 a usage or input error, including records that could not be used (the report covers the rest).',
  ].join('\n'),
  options: {
    rubric: { type: 'string', short: 'r', value: 'ID', description: 'Rubric for records that do not name one: a built-in id or a rubric reference.' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: `Report format: ${REPORT_FORMATS_AGREEMENT.join(', ')}. json has the figures under spearman, pearson, kendall, qwk, exact, adjacent, pairwise, smd, n.`, defaultText: 'table' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'Write the report to FILE, atomically.' },
    bootstrap: { type: 'string', value: 'N', description: 'Bootstrap resamples for the 95% intervals (0: none).', defaultText: '1000' },
    seed: { type: 'string', value: 'N', description: 'Seed of the bootstrap resampling.', defaultText: '1' },
    check: { type: 'boolean', description: 'Exit 1 when an acceptance check fails.' },
    concurrency: { type: 'string', short: 'j', value: 'N', description: 'Worker threads for scoring (small inputs are scored in the main thread).', defaultText: 'number of CPUs' },
    'input-format': { type: 'string', value: 'FORMAT', description: `Input format for every input: auto, ${INPUT_FORMATS.join(', ')}.`, defaultText: 'auto' },
  },
  examples: [
    'answer-eval agreement graded.jsonl --format markdown',
    'answer-eval agreement graded.jsonl --rubric ai-pm/execution --format json',
    'answer-eval agreement graded.jsonl --rubric calibrated.json --check',
  ],
  async run({ io, values, positionals, command }) {
    if (!positionals.length) throw new UsageError('agreement needs a file of graded answers (or - for stdin).', command);
    const format = oneOf(str(values, 'format'), REPORT_FORMATS_AGREEMENT, 'format', 'table', command);
    const inputFormat = inputFormatOption(values, command);
    const bootstrap = intOption(str(values, 'bootstrap'), 'bootstrap', 0, command);
    const seed = intOption(str(values, 'seed'), 'seed', 0, command);
    const concurrency = intOption(str(values, 'concurrency'), 'concurrency', 1, command);
    const rubricRef = str(values, 'rubric');
    const spec = rubricRef !== undefined ? resolveRubricRef(rubricRef, { cwd: io.cwd }) : undefined;
    const inputs = expandInputs(positionals, io.cwd);
    if (inputs.filter((s) => s === '-').length > 1) throw new UsageError('stdin (-) can be read only once.', command);

    const { records, unusable } = await readLabeled(inputs, { format: inputFormat, cwd: io.cwd, stdin: io.stdin });
    // Records are scored through the same batch path as `score`, so the scores are the same ones.
    const items: BatchItem[] = records.map((r) => {
      const rubric = r.rubric ?? (spec ? undefined : rubricForRound(r));
      return { kind: 'answer-eval/item', file: r.file ?? '<input>', line: r.line ?? 0, value: { id: r.id, question: r.question, answer: r.answer, ...(rubric ? { rubric } : {}) } };
    });
    const entries: ScoredEntry[] = [];
    const skipped: SkippedAnswer[] = [];
    let i = 0;
    for await (const { row } of runBatch(items, { rubric: rubricRef, concurrency, cwd: io.cwd, workerUrl: io.workerUrl })) {
      const record: LabeledAnswer = records[i++];
      if (isErrorRow(row)) skipped.push({ record, code: row.error.code, message: row.error.message });
      else entries.push({ record, score: row.score, rubric: row.rubric });
    }
    warnUnusable(io, unusable, '(left out)');
    if (entries.length < 2) {
      for (const s of skipped) io.stderr.write(`answer-eval: ${s.record.file}:${s.record.line}: ${s.code}: ${s.message}\n`);
      throw new UsageError(`agreement needs at least 2 graded answers that can be scored; got ${entries.length}.`, command);
    }
    const run = measureAgreement(entries, skipped, { bootstrap, seed, calibrated: spec ? loadRubricSpec(spec) : undefined });
    const sink = await openSink(str(values, 'out'), io);
    try {
      await sink.write(formatAgreement(run, format));
      await sink.close();
    } catch (e) {
      await sink.abort();
      throw e;
    }
    if (skipped.length || unusable.length) return EXIT.USAGE;
    if (flag(values, 'check') && run.report.checks.some((c) => c.pass === false)) return EXIT.BELOW_MIN_SCORE;
    return EXIT.OK;
  },
};
