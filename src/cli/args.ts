import { parseArgs, type ParseArgsConfig } from 'node:util';
import { INPUT_FORMATS, type InputFormat } from '../batch/read/index.js';
import { AnswerEvalError } from '../errors.js';
import type { Command, CliOption, OptionValues } from './types.js';

/** A mistake on the command line: reported with the command's usage line, exit 2, never a stack trace. */
export class UsageError extends AnswerEvalError {
  readonly command?: Command;
  constructor(message: string, command?: Command) {
    super('USAGE', message);
    this.name = 'UsageError';
    this.command = command;
  }
}

export const HELP_OPTION: CliOption = { type: 'boolean', short: 'h', description: 'Show this help.' };

/** Edit distance, for "did you mean" hints. */
export function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const t = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = t;
    }
  }
  return d[b.length];
}

export function suggest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const dd = distance(word, c);
    if (dd < bestD) {
      bestD = dd;
      best = c;
    }
  }
  // Two edits (a swapped pair of letters) for words of four letters or more, more for long words.
  const limit = word.length <= 3 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

export function allOptions(cmd: Command): Record<string, CliOption> {
  return { ...cmd.options, help: HELP_OPTION };
}

/** Parses a command's arguments strictly: an unknown option or a missing value is a UsageError. */
export function parseCommandArgs(cmd: Command, args: string[]): { values: OptionValues; positionals: string[] } {
  const opts = allOptions(cmd);
  const config: ParseArgsConfig['options'] = {};
  for (const [name, o] of Object.entries(opts)) config[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  try {
    const { values, positionals } = parseArgs({ args, options: config, allowPositionals: true, strict: true });
    return { values: values as OptionValues, positionals };
  } catch (e) {
    const err = e as { code?: string; message?: string };
    if (err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const m = /'([^']+)'/.exec(err.message ?? '');
      const flag = m ? m[1] : '';
      const hint = suggest(flag.replace(/^-+/, ''), Object.keys(opts));
      throw new UsageError(`Unknown option ${flag} for "${cmd.name}".${hint ? ` Did you mean --${hint}?` : ''}`, cmd);
    }
    if (err.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const m = /--[\w-]+/.exec(err.message ?? '') ?? /-\w/.exec(err.message ?? '');
      const flag = m ? m[0] : 'an option';
      throw new UsageError(`${flag} ${/argument missing/.test(err.message ?? '') ? 'needs a value' : 'does not take a value'}.`, cmd);
    }
    if (err.code?.startsWith('ERR_PARSE_ARGS')) throw new UsageError(err.message ?? 'Invalid arguments.', cmd);
    throw e;
  }
}

export function str(values: OptionValues, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? v[v.length - 1] : undefined;
}

export function flag(values: OptionValues, name: string): boolean {
  return values[name] === true;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string, fallback: T, cmd?: Command): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  const hint = suggest(value, allowed);
  throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${value}".${hint ? ` Did you mean ${hint}?` : ''}`, cmd);
}

/** `--input-format` for commands that read record files: auto or one of the readers' formats. */
export function inputFormatOption(values: OptionValues, cmd?: Command): InputFormat | 'auto' {
  return oneOf(str(values, 'input-format'), ['auto', ...INPUT_FORMATS] as const, 'input-format', 'auto', cmd);
}

export function intOption(value: string | undefined, name: string, min: number, cmd?: Command): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min}; got "${value}".`, cmd);
  return n;
}

export function numberOption(value: string | undefined, name: string, cmd?: Command): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!value.trim() || !Number.isFinite(n)) throw new UsageError(`--${name} must be a number; got "${value}".`, cmd);
  return n;
}

function optionLabel(name: string, o: CliOption): string {
  const short = o.short ? `-${o.short}, ` : '    ';
  return `${short}--${name}${o.type === 'string' ? ` ${o.value ?? 'VALUE'}` : ''}`;
}

/** Wraps text to a width; lines after the first start with `indent` (paragraphs after the first too). */
export function wrap(text: string, width: number, indent = ''): string {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = indent + word;
      } else line = line ? `${line} ${word}` : out.length ? indent + word : word;
    }
    out.push(line);
  }
  return out.join('\n');
}

export function renderHelp(cmd: Command, width = 100): string {
  const lines: string[] = [];
  lines.push(`answer-eval ${cmd.name}: ${cmd.summary}`, '', `Usage: ${cmd.usage}`);
  if (cmd.description) lines.push('', wrap(cmd.description, width));
  const opts = allOptions(cmd);
  const labels = Object.entries(opts).map(([n, o]) => [optionLabel(n, o), o] as const);
  const w = Math.min(30, Math.max(...labels.map(([l]) => l.length)));
  lines.push('', 'Options:');
  for (const [label, o] of labels) {
    const desc = o.defaultText ? `${o.description} (default: ${o.defaultText})` : o.description;
    const pad = label.length > w ? `\n${' '.repeat(w + 4)}` : ' '.repeat(w - label.length + 2);
    lines.push(`  ${label}${pad}${wrap(desc, Math.max(40, width - w - 4), ' '.repeat(w + 4)).trimStart()}`);
  }
  if (cmd.examples?.length) {
    lines.push('', 'Examples:');
    for (const e of cmd.examples) lines.push(`  ${e}`);
  }
  return `${lines.join('\n')}\n`;
}
