import { expandInputs, INPUT_FORMATS } from '../../batch/read/index.js';
import { loadRubricSpec, resolveRubricRef } from '../../batch/rubric-ref.js';
import { calibrate } from '../../calibrate/calibrate.js';
import { readLabeled } from '../../calibrate/read.js';
import { formatCalibration } from '../../calibrate/report.js';
import { inputFormatOption, intOption, numberOption, oneOf, str, UsageError } from '../args.js';
import { openSink, writeOut } from '../io.js';
import { EXIT, type Command } from '../types.js';
import { REPORT_FORMATS_AGREEMENT, warnUnusable } from './agreement.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const calibrateCommand: Command = {
  name: 'calibrate',
  summary: 'Fit a rubric\'s criterion weights and grade cut points to human grades.',
  usage: 'answer-eval calibrate <file|glob|->... --rubric ID --out rubric.json [options]',
  description: [
    'Reads graded answers { id, answer, question?, rubric?, grade, grade2? }; records naming another rubric (or another round) are ignored. Each answer is evaluated once; non-negative criterion weights are refitted on the criterion scores (not-applicable criteria and flag caps handled as scoring does), pulled toward the rubric\'s own weights and never moved by more than --max-factor, so a small set moves them only a little. The fitted weights are kept only if they do at least as well held-out as the rubric\'s own.',
    'The new rubric version (with a `calibration` block: data hash, n, date, folds, cut points, held-out figures) goes to --out, or to stdout without --out. The report shows cross-validated (held-out) figures only; it goes to stdout with --out, to stderr otherwise.',
    'Exit codes: 0 calibrated; 2 a usage or input error, including records that could not be used.',
  ].join('\n'),
  options: {
    rubric: { type: 'string', short: 'r', value: 'ID', description: 'The rubric to calibrate: a built-in id or a rubric reference. Required.' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'Write the calibrated rubric (JSON) to FILE, atomically.' },
    folds: { type: 'string', short: 'k', value: 'N', description: 'Cross-validation folds (whole questions are held out together when there are enough).', defaultText: '5' },
    shrinkage: { type: 'string', value: 'X', description: 'Pull toward the rubric\'s own weights; weighed against a data term that grows with the number of answers.', defaultText: '10' },
    'max-factor': { type: 'string', value: 'X', description: 'Largest factor by which a weight may move, up or down.', defaultText: '3' },
    seed: { type: 'string', value: 'N', description: 'Seed for folds and bootstrap intervals.', defaultText: '1' },
    date: { type: 'string', value: 'YYYY-MM-DD', description: 'Date written into the calibration block (for reproducible files).', defaultText: 'today' },
    format: { type: 'string', short: 'f', value: 'FORMAT', description: `Report format: ${REPORT_FORMATS_AGREEMENT.join(', ')}.`, defaultText: 'table' },
    'input-format': { type: 'string', value: 'FORMAT', description: `Input format for every input: auto, ${INPUT_FORMATS.join(', ')}.`, defaultText: 'auto' },
  },
  examples: [
    'answer-eval calibrate graded.jsonl --rubric ai-pm/product-sense --out product-sense.calibrated.json',
    'answer-eval score answers.jsonl --rubric product-sense.calibrated.json',
  ],
  async run({ io, values, positionals, command }) {
    if (!positionals.length) throw new UsageError('calibrate needs a file of graded answers (or - for stdin).', command);
    const rubricRef = str(values, 'rubric');
    if (rubricRef === undefined) throw new UsageError('calibrate needs --rubric: the rubric to calibrate.', command);
    const format = oneOf(str(values, 'format'), REPORT_FORMATS_AGREEMENT, 'format', 'table', command);
    const inputFormat = inputFormatOption(values, command);
    const folds = intOption(str(values, 'folds'), 'folds', 2, command);
    const seed = intOption(str(values, 'seed'), 'seed', 0, command);
    const shrinkage = numberOption(str(values, 'shrinkage'), 'shrinkage', command);
    if (shrinkage !== undefined && shrinkage < 0) throw new UsageError('--shrinkage must be 0 or more.', command);
    const maxFactor = numberOption(str(values, 'max-factor'), 'max-factor', command);
    if (maxFactor !== undefined && maxFactor < 1) throw new UsageError('--max-factor must be 1 or more.', command);
    const date = str(values, 'date');
    if (date !== undefined && !DATE.test(date)) throw new UsageError(`--date must look like 2025-06-30; got "${date}".`, command);
    const rubric = loadRubricSpec(resolveRubricRef(rubricRef, { cwd: io.cwd }));
    const inputs = expandInputs(positionals, io.cwd);
    if (inputs.filter((s) => s === '-').length > 1) throw new UsageError('stdin (-) can be read only once.', command);

    const { records, unusable } = await readLabeled(inputs, { format: inputFormat, cwd: io.cwd, stdin: io.stdin });
    if (unusable.length) {
      // Fitting on part of a file without saying so would ship a rubric calibrated on other data.
      warnUnusable(io, unusable, '');
      throw new UsageError(`${unusable.length} record${unusable.length === 1 ? '' : 's'} cannot be used for calibration; fix or remove ${unusable.length === 1 ? 'it' : 'them'}.`, command);
    }
    const result = calibrate(rubric, records, { folds, seed, shrinkage, maxFactor, date });
    if (result.skipped.length) {
      warnUnusable(io, result.skipped.map((s) => ({ file: s.record.file ?? '<input>', line: s.record.line ?? 0, id: s.record.id, code: s.code, message: s.message })), '');
      throw new UsageError(`${result.skipped.length} answer${result.skipped.length === 1 ? '' : 's'} cannot be scored; fix or remove ${result.skipped.length === 1 ? 'it' : 'them'}.`, command);
    }
    const json = `${JSON.stringify(result.rubric, null, 2)}\n`;
    const report = formatCalibration(result, format);
    const out = str(values, 'out');
    if (out) {
      const sink = await openSink(out, io);
      try {
        await sink.write(json);
        await sink.close();
      } catch (e) {
        await sink.abort();
        throw e;
      }
      await writeOut(io.stdout, `${report}${format === 'json' ? '' : `calibrated rubric written to ${out}\n`}`);
    } else {
      await writeOut(io.stdout, json);
      await writeOut(io.stderr, report);
    }
    return EXIT.OK;
  },
};
