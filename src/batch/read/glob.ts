import { readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AnswerEvalError } from '../../errors.js';

const MAGIC = /[*?[{]/;
/** Directories a `**` never enters: they hold no inputs and can be huge. */
const SKIP_DIRS = new Set(['node_modules', '.git']);

export function hasGlobMagic(p: string): boolean {
  return MAGIC.test(p);
}

/** Glob → regular expression over '/'-separated paths: `**`, `*`, `?`, `[...]`, `{a,b}`. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:[^/]+/)*' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        if (body[0] === '!') body = `^${body.slice(1)}`;
        re += `[${body}]`;
        i = end;
      }
    } else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else re += c.replace(/[.+^$()|\\\]{}]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function walk(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith('.') || SKIP_DIRS.has(e.name)) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
}

/**
 * Expands the inputs of a batch: `-` (stdin) as is, plain paths checked to exist, globs expanded
 * and sorted (so that the order of the rows never depends on the file system). Shells usually
 * expand globs themselves; this covers quoted patterns and shells that do not (Windows).
 * Throws AnswerEvalError FILE_READ for a missing file or a pattern that matches nothing.
 */
export function expandInputs(patterns: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (p: string) => {
    const key = resolve(cwd, p);
    if (p !== '-' && seen.has(key)) return;
    seen.add(key);
    out.push(p);
  };
  for (const pattern of patterns) {
    if (pattern === '-') {
      add('-');
      continue;
    }
    const abs = resolve(cwd, pattern);
    let st;
    try {
      st = statSync(abs);
    } catch {
      st = undefined;
    }
    if (st) {
      if (st.isDirectory()) throw new AnswerEvalError('FILE_READ', `"${pattern}" is a directory; give files or a glob such as "${pattern.replace(/\/$/, '')}/**/*.jsonl".`);
      add(pattern);
      continue;
    }
    if (!hasGlobMagic(pattern)) throw new AnswerEvalError('FILE_READ', `No such file: ${pattern}`);
    const norm = pattern.split(sep).join('/');
    const parts = norm.split('/');
    const firstMagic = parts.findIndex((s) => hasGlobMagic(s));
    const baseParts = parts.slice(0, firstMagic);
    const base = baseParts.length ? (isAbsolute(norm) ? baseParts.join('/') || '/' : baseParts.join('/')) : '.';
    const baseAbs = resolve(cwd, base);
    const re = globToRegExp(parts.slice(firstMagic).join('/'));
    const files: string[] = [];
    walk(baseAbs, files);
    const matched = files
      .map((f) => relative(baseAbs, f).split(sep).join('/'))
      .filter((r) => re.test(r))
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (!matched.length) throw new AnswerEvalError('FILE_READ', `No files match ${pattern}`);
    for (const m of matched) add(base === '.' ? m : `${base.replace(/\/$/, '')}/${m}`);
  }
  return out;
}
