import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runBatch } from '../../batch/evaluate-many.js';
import { expandInputs, INPUT_FORMATS, readRecords } from '../../batch/read/index.js';
import { palette, shouldColor } from '../../batch/reporters/color.js';
import { createReporter, REPORT_FORMATS } from '../../batch/reporters/index.js';
import { SummaryBuilder } from '../../batch/summary.js';
import { flag, inputFormatOption, intOption, numberOption, oneOf, str, UsageError } from '../args.js';
import { openSink } from '../io.js';
import { Progress } from '../progress.js';
import { renderSummary } from '../summary.js';
import { EXIT, type Command } from '../types.js';

export const scoreCommand: Command = {
  name: 'score',
  summary: 'Score answers in files or stdin against rubrics.',
  usage: 'answer-eval score <file|glob|->... [options]',
  description: [
    'Reads records { id, answer, question?, rubric? } from JSON Lines (streamed), JSON arrays, YAML fixture files or CSV (id,question,answer[,rubric] columns); several files and globs, or - for stdin. A record\'s own "rubric" wins over --rubric; a record with neither becomes an error row (there is no silent default rubric).',
    'Every record yields exactly one row, in input order; a record that cannot be scored (invalid JSON, no answer, unknown rubric, over the size limit) yields an error row { id?, file, line, error: { code, message } } in its place and the run goes on. Rows go to stdout (or --out), the summary to stderr.',
    'Exit codes: 0 all scored; 1 an answer is below --min-score (checked first); 2 a usage or input error, including records that could not be scored (all rows are still written); 3 a bug in answer-eval.',
  ].join('\n'),
  options: {
    rubric: { type: 'string', short: 'r', value: 'ID|FILE', description: 'Rubric for records that do not name one: a built-in id (see `answer-eval rubrics list`) or a rubric file (.json, .yaml, .yml; may `extends` a built-in).' },
    scorers: { type: 'string', multiple: true, value: 'MODULE', description: 'ES module whose exports are custom scorers made with defineScorer (repeatable); loaded in every worker.' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: `Report format: ${REPORT_FORMATS.join(', ')}.`, defaultText: 'table' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'Write the report to FILE, atomically (a temporary file renamed when complete).' },
    'min-score': { type: 'string', value: 'N', description: 'Exit 1 when any answer scores below N (0-100); junit marks those testcases failed.' },
    concurrency: { type: 'string', short: 'j', value: 'N', description: 'Threads that score: worker threads, or with 1 the main thread (see --threads).', defaultText: 'number of CPUs' },
    threads: {
      type: 'string',
      value: 'WHERE',
      description: 'auto: worker threads for 200 records or more when --concurrency > 1; workers: always (even one, keeping the main thread free); main: never.',
      defaultText: 'auto',
    },
    'input-format': { type: 'string', value: 'FORMAT', description: `Input format for every input: auto, ${INPUT_FORMATS.join(', ')}.`, defaultText: 'auto: by extension, then by content' },
    'max-length': { type: 'string', value: 'N', description: 'Longest answer in characters; longer ones become INPUT_TOO_LONG error rows.', defaultText: '50000' },
    quiet: { type: 'boolean', short: 'q', description: 'No progress and no summary on stderr.' },
  },
  examples: [
    'answer-eval score answers.jsonl --rubric ai-pm/product-sense',
    'answer-eval score answers.jsonl --rubric my-rubric.yaml --scorers ./my-scorers.mjs --format jsonl',
    'answer-eval score "data/**/*.jsonl" --format jsonl > scores.jsonl',
    'cat answers.csv | answer-eval score - --format junit --min-score 60 --out report.xml',
  ],
  async run({ io, values, positionals, command }) {
    if (!positionals.length) throw new UsageError('score needs at least one input: a file, a glob, or - for stdin.', command);
    const format = oneOf(str(values, 'format'), REPORT_FORMATS, 'format', 'table', command);
    const inputFormat = inputFormatOption(values, command);
    const concurrency = intOption(str(values, 'concurrency'), 'concurrency', 1, command) ?? Math.max(1, availableParallelism());
    const minScore = numberOption(str(values, 'min-score'), 'min-score', command);
    const maxLength = intOption(str(values, 'max-length'), 'max-length', 1, command);
    const threads = oneOf(str(values, 'threads'), ['auto', 'workers', 'main'] as const, 'threads', 'auto', command);
    const quiet = flag(values, 'quiet');
    const rubric = str(values, 'rubric');
    const scorerModules = (values.scorers as string[] | undefined) ?? [];
    const out = str(values, 'out');
    const inputs = expandInputs(positionals, io.cwd);
    if (inputs.filter((s) => s === '-').length > 1) throw new UsageError('stdin (-) can be read only once.', command);

    // Process-wide V8 settings, so only set by this command and only by the CLI (never the library):
    // - no optimizing compiler: scoring is short regex- and string-heavy functions over varied
    //   data, where TurboFan costs more than it returns (on 3,000 answers: 15-20% less CPU time and
    //   30 MB less per thread without it), and its compile threads compete with the workers;
    // - heaps grow by a fifth, not up to 4x, when they fill, and the young generation of threads
    //   started from now on (the workers; the main thread's is sized already) stays small: the
    //   workers' heaps stay about as small as with per-worker limits (which then are not set) at no
    //   measurable CPU cost, where the limits cost ~8%. A 2-worker run of 10,000 answers peaks
    //   around 160 MB instead of 230+ (bench/batch.mjs).
    if (io.tuneV8) setFlagsFromString('--no-opt --max-semi-space-size=2 --heap-growing-percent=20');

    const errStream = io.stderr;
    let totalBytes: number | undefined = 0;
    for (const f of inputs) {
      if (f === '-') totalBytes = undefined;
      else if (totalBytes !== undefined) totalBytes += statSync(resolve(io.cwd, f)).size;
    }
    const progress = new Progress(errStream, !quiet && errStream.isTTY === true, totalBytes);
    const sink = await openSink(out, io);
    const reporter = createReporter(format, {
      color: !out && shouldColor(io.stdout, io.env),
      minScore,
      width: !out && io.stdout.isTTY ? io.stdout.columns : undefined,
    });
    // The reporter may keep rows in a temporary file until the end: removed on interruption too.
    const unregister = io.onInterrupt?.(() => reporter.dispose()) ?? (() => undefined);
    const summary = new SummaryBuilder(minScore);
    const started = Date.now();
    let workers = 0;
    const warned = new Set<string>();
    try {
      const records = readRecords(inputs, { format: inputFormat, cwd: io.cwd, stdin: io.stdin, onBytes: (n) => progress.addBytes(n) });
      const rows = runBatch(records, {
        rubric,
        scorerModules,
        concurrency,
        mode: threads === 'main' ? 'in-process' : threads,
        workerResourceLimits: io.tuneV8 ? false : undefined,
        maxLength,
        cwd: io.cwd,
        workerUrl: io.workerUrl,
        // Each row is summarized and copied into the output before the next is read.
        recycleBuffers: true,
        onStart: (info) => (workers = info.workers),
        onWorkerFailure: (reason) => {
          // Once per dead worker is enough: every chunk it held reports the same reason.
          if (warned.has(reason)) return;
          warned.add(reason);
          progress.done();
          (errStream as NodeJS.WritableStream).write(`answer-eval: warning: ${reason}; its answers are scored in the main thread instead.\n`);
        },
      });
      for await (const p of rows) {
        summary.add(p.brief);
        progress.tick(p.brief.error !== undefined);
        const text = reporter.row(p);
        if (text) await sink.write(text);
      }
      const result = summary.result();
      await reporter.end(result, (piece) => sink.write(piece));
      await sink.close();
      progress.done();
      if (!quiet) {
        const p = palette(shouldColor(errStream, io.env));
        (errStream as NodeJS.WritableStream).write(renderSummary(result, { seconds: (Date.now() - started) / 1000, workers }, p));
        if (out) (errStream as NodeJS.WritableStream).write(`  report written to ${out}\n`);
      }
      // The gate the user asked for decides first: an answer below --min-score exits 1 even when
      // some records could not be scored; otherwise unscorable records exit 2.
      if (result.belowMin) return EXIT.BELOW_MIN_SCORE;
      if (result.errors) return EXIT.USAGE;
      return EXIT.OK;
    } catch (e) {
      progress.done();
      await sink.abort();
      throw e;
    } finally {
      reporter.dispose();
      unregister();
    }
  },
};
