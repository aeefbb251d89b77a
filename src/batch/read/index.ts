import { createReadStream } from 'node:fs';
import { extname, resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { AnswerEvalError } from '../../errors.js';
import type { BatchItem } from '../types.js';
import { CsvParser } from './csv.js';
import { expandInputs } from './glob.js';
import { splitJsonArray } from './json.js';
import { splitLines } from './lines.js';

export type InputFormat = 'jsonl' | 'json' | 'yaml' | 'csv';
export const INPUT_FORMATS: readonly InputFormat[] = ['jsonl', 'json', 'yaml', 'csv'];

export interface ReadRecordsOptions {
  /** Input format for every source; 'auto' (default) goes by file extension, then by content. */
  format?: InputFormat | 'auto';
  /** Base directory for relative paths (default: process.cwd()). */
  cwd?: string;
  /** What `-` reads (default: process.stdin). */
  stdin?: NodeJS.ReadableStream;
  /** Longest record in bytes (JSONL line, CSV record); longer ones become INPUT_TOO_LONG error rows (default 1 MiB). */
  maxRecordBytes?: number;
  /** Called with the number of bytes read, as they are read (for progress). */
  onBytes?: (n: number) => void;
}

export const DEFAULT_MAX_RECORD_BYTES = 1 << 20;
export const STDIN_NAME = '<stdin>';

const item = (file: string, line: number, extra: Partial<BatchItem>): BatchItem => ({ kind: 'answer-eval/item', file, line, ...extra });

const tooLong = (file: string, line: number, size: number, max: number): BatchItem =>
  item(file, line, { error: { code: 'INPUT_TOO_LONG', message: `The record is ${size} bytes long, over the limit of ${max} bytes (maxRecordBytes).` } });

function byExtension(path: string): InputFormat | undefined {
  switch (extname(path).toLowerCase()) {
    case '.jsonl':
    case '.ndjson':
    case '.jsonlines':
      return 'jsonl';
    case '.json':
      return 'json';
    case '.yaml':
    case '.yml':
      return 'yaml';
    case '.csv':
      return 'csv';
    default:
      return undefined;
  }
}

/**
 * Guesses a format from the first bytes. An object that closes on its first line is JSON Lines;
 * one that spans lines is a single JSON record; a first line with commas naming an `answer`
 * column is CSV; anything else is tried as YAML.
 */
export function sniffFormat(head: string): InputFormat {
  const t = head.replace(/^\uFEFF/, '').trimStart();
  if (t.startsWith('[')) return 'json';
  if (t.startsWith('{')) {
    const first = t.split('\n', 1)[0].trim();
    return first.endsWith('}') ? 'jsonl' : 'json';
  }
  const firstLine = t.split('\n', 1)[0];
  if (firstLine.includes(',') && /(^|,)\s*"?answer"?\s*(,|$)/i.test(firstLine.trim())) return 'csv';
  return 'yaml';
}

const PEEK_LIMIT = 1 << 20;

/** Reads until there is something to sniff, then hands back the whole stream, peeked bytes included. */
async function peek(stream: AsyncIterable<Buffer | string>): Promise<{ head: string; stream: AsyncIterable<Buffer> }> {
  const it = stream[Symbol.asyncIterator]();
  const seen: Buffer[] = [];
  let size = 0;
  let done = false;
  // Enough to sniff: the first line that has content, whole (JSON Lines and JSON differ there).
  while (size < PEEK_LIMIT) {
    const next = await it.next();
    if (next.done) {
      done = true;
      break;
    }
    const b = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    seen.push(b);
    size += b.length;
    // "A complete line with content" is a non-space character before the last newline. (The regex
    // /\S[^\n]*\n/ said the same in quadratic time: 80 s on a 300 kB file without a newline.)
    const text = Buffer.concat(seen).toString('utf8');
    const lastNewline = text.lastIndexOf('\n');
    if (lastNewline > 0 && /\S/.test(text.slice(0, lastNewline))) break;
  }
  const head = Buffer.concat(seen).toString('utf8');
  async function* rest(): AsyncGenerator<Buffer> {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await it.next();
      if (next.done) return;
      yield typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
    }
  }
  return { head, stream: rest() };
}

async function readAll(stream: AsyncIterable<Buffer | string>, onBytes?: (n: number) => void): Promise<string> {
  const parts: Buffer[] = [];
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    onBytes?.(b.length);
    parts.push(b);
  }
  return Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, '');
}

async function* readJsonl(stream: AsyncIterable<Buffer | string>, file: string, max: number, onBytes?: (n: number) => void): AsyncGenerator<BatchItem> {
  for await (const l of splitLines(stream, max, onBytes)) {
    if (l.oversize !== undefined) yield tooLong(file, l.line, l.oversize, max);
    else if (/\S/.test(l.text!)) yield item(file, l.line, { text: l.text });
  }
}

function* fromJsonText(text: string, file: string, max: number): Generator<BatchItem> {
  const t = text.trimStart();
  if (!t) return;
  const firstLine = text.slice(0, text.length - t.length).split('\n').length;
  if (t[0] === '[') {
    for (const el of splitJsonArray(text)) {
      if (el.error !== undefined) yield item(file, el.line, { error: { code: 'PARSE', message: `Invalid JSON array: ${el.error}.` } });
      else if (el.text!.length > max) yield tooLong(file, el.line, Buffer.byteLength(el.text!), max);
      else yield item(file, el.line, { text: el.text });
    }
    return;
  }
  // A single record (a .json file holding one object), or JSON Lines under a .json name.
  const first = t.split('\n', 1)[0].trim();
  if (t[0] === '{' && first.endsWith('}') && t.length > first.length) {
    let line = firstLine;
    for (const l of t.split('\n')) {
      const s = l.replace(/\r$/, '');
      if (/\S/.test(s)) yield s.length > max ? tooLong(file, line, Buffer.byteLength(s), max) : item(file, line, { text: s });
      line++;
    }
    return;
  }
  yield item(file, firstLine, { text: t.trimEnd() });
}

async function* fromYamlText(text: string, file: string): AsyncGenerator<BatchItem> {
  // Loaded on first use: most runs read no YAML, and the parser is a sizeable share of memory.
  const { isMap, isSeq, LineCounter, parseAllDocuments } = await import('yaml');
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc, prettyErrors: false });
  const list = Array.isArray(docs) ? docs : [docs];
  for (const doc of list) {
    const docLine = lc.linePos(doc.range?.[0] ?? 0).line;
    if (doc.errors.length) {
      const e = doc.errors[0];
      yield item(file, lc.linePos(e.pos[0]).line, { error: { code: 'PARSE', message: `Invalid YAML: ${e.message.split('\n')[0]}` } });
      continue;
    }
    const contents = doc.contents;
    if (contents === null) continue;
    const js = doc.toJS({ maxAliasCount: 100 }) as unknown;
    // Fixture files: a list of records, or { rubric?, question?, answers: [...] } whose top-level
    // rubric and question apply to every answer that does not name its own.
    let seq: { items: unknown[] } | undefined = isSeq(contents) ? contents : undefined;
    let values = Array.isArray(js) ? (js as unknown[]) : undefined;
    let defaults: Record<string, unknown> = {};
    if (!seq && isMap(contents) && js && typeof js === 'object') {
      const obj = js as Record<string, unknown>;
      const key = ['answers', 'records', 'items'].find((k) => Array.isArray(obj[k]));
      if (key) {
        const node: unknown = contents.get(key, true);
        if (isSeq(node)) {
          seq = node as { items: unknown[] };
          values = obj[key] as unknown[];
          const { [key]: _list, ...rest } = obj;
          defaults = Object.fromEntries(Object.entries(rest).filter(([k]) => k === 'rubric' || k === 'question'));
        }
      }
    }
    if (seq && values) {
      for (let i = 0; i < values.length; i++) {
        const node = seq.items[i] as { range?: [number, number, number] } | null;
        const line = node?.range ? lc.linePos(node.range[0]).line : docLine;
        const v = values[i];
        yield item(file, line, { value: v && typeof v === 'object' && !Array.isArray(v) ? { ...defaults, ...(v as object) } : v });
      }
    } else yield item(file, docLine, { value: js });
  }
}

const CSV_FIELDS = ['id', 'question', 'answer', 'rubric'] as const;

async function* readCsv(stream: AsyncIterable<Buffer | string>, file: string, max: number, onBytes?: (n: number) => void): AsyncGenerator<BatchItem> {
  const parser = new CsvParser(max);
  const decoder = new StringDecoder('utf8');
  let header: Map<string, number> | undefined;
  let headerNote = '';
  const handle = function* (records: ReturnType<CsvParser['push']>): Generator<BatchItem> {
    for (const r of records) {
      if (!header) {
        header = new Map();
        r.fields.forEach((f, i) => {
          const name = f.trim().toLowerCase();
          if (!header!.has(name)) header!.set(name, i);
        });
        if (!header.has('answer')) headerNote = `The CSV header has no "answer" column (columns: ${r.fields.join(', ') || 'none'}); expected id,question,answer[,rubric].`;
        continue;
      }
      if (r.oversize !== undefined) {
        yield tooLong(file, r.line, r.oversize, max);
        continue;
      }
      if (r.unterminated) {
        yield item(file, r.line, { error: { code: 'PARSE', message: 'Invalid CSV: a quoted field is not closed (missing ").' } });
        continue;
      }
      const rec: Record<string, string> = {};
      for (const k of CSV_FIELDS) {
        const i = header.get(k);
        const v = i === undefined ? undefined : r.fields[i];
        // An empty cell is an absent value (no question, the default rubric), not an empty string.
        if (v !== undefined && (v !== '' || k === 'answer')) rec[k] = v;
      }
      if (headerNote) yield item(file, r.line, { error: { code: 'INPUT_TYPE', message: headerNote, id: rec.id } });
      else yield item(file, r.line, { value: rec });
    }
  };
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : c;
    onBytes?.(b.length);
    yield* handle(parser.push(decoder.write(b)));
  }
  yield* handle(parser.push(decoder.end()));
  yield* handle(parser.end());
}

/** Reads one source (a path, or `-` for stdin) in the given format, or the sniffed one. */
export async function* readSource(source: string, options: ReadRecordsOptions = {}): AsyncGenerator<BatchItem> {
  const max = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const isStdin = source === '-';
  const file = isStdin ? STDIN_NAME : source;
  let stream: AsyncIterable<Buffer | string>;
  if (isStdin) stream = (options.stdin ?? process.stdin) as AsyncIterable<Buffer | string>;
  else {
    const rs = createReadStream(resolve(options.cwd ?? process.cwd(), source), { highWaterMark: 64 * 1024 });
    // Opening errors (missing file, permissions) surface on the first read, as a typed error.
    stream = (async function* () {
      try {
        for await (const c of rs) yield c as Buffer;
      } catch (e) {
        throw new AnswerEvalError('FILE_READ', `Cannot read ${source}: ${(e as Error).message}`, { cause: e });
      }
    })();
  }
  let format = options.format && options.format !== 'auto' ? options.format : isStdin ? undefined : byExtension(source);
  if (!format || format === 'json') {
    const p = await peek(stream);
    stream = p.stream;
    if (!format) format = sniffFormat(p.head);
    else if (format === 'json' && sniffFormat(p.head) === 'jsonl') format = 'jsonl';
  }
  switch (format) {
    case 'jsonl':
      yield* readJsonl(stream, file, max, options.onBytes);
      return;
    case 'csv':
      yield* readCsv(stream, file, max, options.onBytes);
      return;
    case 'json':
      yield* fromJsonText(await readAll(stream, options.onBytes), file, max);
      return;
    case 'yaml':
      yield* fromYamlText(await readAll(stream, options.onBytes), file);
      return;
  }
}

/**
 * Reads records from files, globs and `-` (stdin), in order, as items for evaluateMany: JSON
 * Lines and CSV are streamed (memory does not grow with the file); JSON arrays and YAML files are
 * read whole. Every record becomes one item with its file and line, including broken ones.
 */
export async function* readRecords(sources: string | readonly string[], options: ReadRecordsOptions = {}): AsyncGenerator<BatchItem> {
  const list = expandInputs(typeof sources === 'string' ? [sources] : sources, options.cwd);
  if (list.filter((s) => s === '-').length > 1) throw new AnswerEvalError('USAGE', 'stdin (-) can be read only once.');
  for (const s of list) yield* readSource(s, options);
}

export { expandInputs };
