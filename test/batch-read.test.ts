import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, CsvParser } from '../src/batch/read/csv.js';
import { expandInputs, globToRegExp } from '../src/batch/read/glob.js';
import { readRecords, readSource, sniffFormat } from '../src/batch/read/index.js';
import { splitJsonArray } from '../src/batch/read/json.js';
import { splitLines } from '../src/batch/read/lines.js';
import type { BatchItem } from '../src/batch/types.js';

const dir = mkdtempSync(join(tmpdir(), 'answer-eval-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string | Buffer) => {
  mkdirSync(join(dir, name, '..'), { recursive: true });
  writeFileSync(join(dir, name), text);
  return name;
};

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** A stream that delivers the text in pieces of `size` bytes, to cross every boundary. */
const pieces = (text: string, size: number) => {
  const b = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
  return Readable.from(out);
};

/** What a test needs to see of an item: line, and the record or the error. */
const view = (it: BatchItem) => ({
  line: it.line,
  ...(it.text !== undefined ? { text: it.text } : {}),
  ...(it.value !== undefined ? { value: it.value } : {}),
  ...(it.error ? { error: it.error.code } : {}),
});

describe('splitLines', () => {
  it.each([
    ['LF', 'a\nb\nc\n', [{ line: 1, text: 'a' }, { line: 2, text: 'b' }, { line: 3, text: 'c' }]],
    ['CRLF and no final newline', 'a\r\nb\r\nc', [{ line: 1, text: 'a' }, { line: 2, text: 'b' }, { line: 3, text: 'c' }]],
    ['a BOM on the first line only', '\uFEFFa\n\uFEFFb\n', [{ line: 1, text: 'a' }, { line: 2, text: '\uFEFFb' }]],
    ['blank lines keep their numbers', 'a\n\n\nb\n', [{ line: 1, text: 'a' }, { line: 2, text: '' }, { line: 3, text: '' }, { line: 4, text: 'b' }]],
  ])('%s', async (_name, text, expected) => {
    for (const size of [1, 3, 1024]) expect(await collect(splitLines(pieces(text, size), 100))).toEqual(expected);
  });

  it('reports an overlong line in its place without keeping it, whatever the chunking', async () => {
    const long = 'x'.repeat(50);
    for (const size of [1, 7, 4096]) {
      const lines = await collect(splitLines(pieces(`ok\n${long}\nafter\n`, size), 20));
      expect(lines).toEqual([{ line: 1, text: 'ok' }, { line: 2, oversize: 50 }, { line: 3, text: 'after' }]);
    }
  });

  it('decodes multi-byte characters split across chunks', async () => {
    const text = 'café ☕ naïve\n日本語\n';
    expect(await collect(splitLines(pieces(text, 1), 100))).toEqual([{ line: 1, text: 'café ☕ naïve' }, { line: 2, text: '日本語' }]);
  });
});

describe('CSV parser', () => {
  it.each([
    ['plain fields', 'id,answer\na1,hello\n', [['id', 'answer'], ['a1', 'hello']], [1, 2]],
    ['quotes, doubled quotes, commas and a line break in a field', 'id,answer\na1,"He said ""ship it"", then\nleft"\na2,x\n', [['id', 'answer'], ['a1', 'He said "ship it", then\nleft'], ['a2', 'x']], [1, 2, 4]],
    ['CRLF records and a blank line', 'id,answer\r\n\r\na1,yes\r\n', [['id', 'answer'], ['a1', 'yes']], [1, 3]],
    ['empty fields', 'id,question,answer\n,,text\n', [['id', 'question', 'answer'], ['', '', 'text']], [1, 2]],
  ])('%s', (_name, text, fields, lines) => {
    for (const size of [1, 2, 5, 1000]) {
      const p = new CsvParser(10_000);
      const recs = [];
      for (let i = 0; i < text.length; i += size) recs.push(...p.push(text.slice(i, i + size)));
      recs.push(...p.end());
      expect(recs.map((r) => r.fields)).toEqual(fields);
      expect(recs.map((r) => r.line)).toEqual(lines);
    }
  });

  it('flags a quoted field that never closes', () => {
    const recs = parseCsv('id,answer\na1,"never closed\nstill inside\n');
    expect(recs[1]).toMatchObject({ line: 2, unterminated: true });
  });

  it('drops an overlong record and says how long its fields were', () => {
    const recs = parseCsv(`id,answer\na1,${'y'.repeat(40)}\na2,ok\n`, 20);
    expect(recs.slice(1)).toEqual([{ line: 2, fields: [], oversize: 42 }, { line: 3, fields: ['a2', 'ok'] }]);
  });
});

describe('splitJsonArray', () => {
  it('gives each element its starting line, strings and nesting included', () => {
    const text = '[\n  {"id": "a", "answer": "x, ] y"},\n  {"id": "b",\n   "answer": "[{"}\n]\n';
    expect(splitJsonArray(text)).toEqual([
      { line: 2, text: '{"id": "a", "answer": "x, ] y"}' },
      { line: 3, text: '{"id": "b",\n   "answer": "[{"}' },
    ]);
  });

  it.each([
    ['an empty slot', '[{"a":1},,{"b":2}]', [{ line: 1, text: '{"a":1}' }, { line: 1, error: 'an empty element (two commas in a row, or a comma first)' }, { line: 1, text: '{"b":2}' }]],
    ['a trailing comma', '[{"a":1},\n]', [{ line: 1, text: '{"a":1}' }, { line: 2, error: 'a comma before the closing bracket' }]],
    ['an unclosed array', '[{"a":1},\n{"b":', [{ line: 1, text: '{"a":1}' }, { line: 2, text: '{"b":' }]],
    ['text after the array', '[{"a":1}]\nnope', [{ line: 1, text: '{"a":1}' }, { line: 2, error: 'unexpected text after the closing "]" of the array' }]],
    ['an empty array', '  [ ]  ', []],
  ])('%s', (_name, text, expected) => {
    expect(splitJsonArray(text)).toEqual(expected);
  });
});

describe('format sniffing', () => {
  it.each([
    ['[{"id":1}]', 'json'],
    ['{"id":1,"answer":"x"}\n{"id":2}', 'jsonl'],
    ['{\n  "id": 1,\n  "answer": "x"\n}', 'json'],
    ['id,question,answer\n1,q,a', 'csv'],
    ['"id","answer"\n1,a', 'csv'],
    ['- id: a1\n  answer: hi', 'yaml'],
    ['answers:\n  - answer: hi', 'yaml'],
  ])('%j → %s', (head, format) => {
    expect(sniffFormat(head)).toBe(format);
  });
});

describe('readRecords', () => {
  it('reads JSON Lines, skipping blank lines, with physical line numbers', async () => {
    const f = write('a.jsonl', '{"id":"a","answer":"x"}\n\n{"id":"b","answer":"y"}\r\n');
    const items = await collect(readRecords(f, { cwd: dir }));
    expect(items.map(view)).toEqual([
      { line: 1, text: '{"id":"a","answer":"x"}' },
      { line: 3, text: '{"id":"b","answer":"y"}' },
    ]);
    expect(items.every((i) => i.file === 'a.jsonl')).toBe(true);
  });

  it('makes an oversized JSONL line an INPUT_TOO_LONG item in its place', async () => {
    const f = write('big.jsonl', `{"id":"a","answer":"x"}\n{"id":"b","answer":"${'z'.repeat(200)}"}\n{"id":"c","answer":"y"}\n`);
    const items = await collect(readRecords(f, { cwd: dir, maxRecordBytes: 100 }));
    expect(items.map(view)).toEqual([
      { line: 1, text: '{"id":"a","answer":"x"}' },
      { line: 2, error: 'INPUT_TOO_LONG' },
      { line: 3, text: '{"id":"c","answer":"y"}' },
    ]);
  });

  it('reads a JSON array, a single JSON object, and JSON Lines named .json', async () => {
    const arr = write('arr.json', '[\n {"id":"a","answer":"x"},\n {"id":"b","answer":"y"}\n]\n');
    const one = write('one.json', '{\n  "id": "solo",\n  "answer": "x"\n}\n');
    const lines = write('lines.json', '{"id":"a","answer":"x"}\n{"id":"b","answer":"y"}\n');
    expect((await collect(readRecords(arr, { cwd: dir }))).map((i) => i.line)).toEqual([2, 3]);
    const solo = await collect(readRecords(one, { cwd: dir }));
    expect(solo).toHaveLength(1);
    expect(JSON.parse(solo[0].text!)).toEqual({ id: 'solo', answer: 'x' });
    expect((await collect(readRecords(lines, { cwd: dir }))).map((i) => i.line)).toEqual([1, 2]);
  });

  it('reads YAML lists and { rubric, question, answers } fixture files, the file-level rubric as a default', async () => {
    const list = write('list.yaml', '- id: a1\n  answer: first\n- id: a2\n  answer: |\n    second\n    answer\n');
    const fixture = write(
      'fixture.yml',
      'rubric: ai-pm/execution\nquestion: How would you split the team?\nanswers:\n  - id: f1\n    answer: Four on quality.\n  - id: f2\n    rubric: ai-pm/leadership\n    answer: Two on UI.\n',
    );
    expect((await collect(readRecords(list, { cwd: dir }))).map(view)).toEqual([
      { line: 1, value: { id: 'a1', answer: 'first' } },
      { line: 3, value: { id: 'a2', answer: 'second\nanswer\n' } },
    ]);
    expect((await collect(readRecords(fixture, { cwd: dir }))).map(view)).toEqual([
      { line: 4, value: { rubric: 'ai-pm/execution', question: 'How would you split the team?', id: 'f1', answer: 'Four on quality.' } },
      { line: 6, value: { rubric: 'ai-pm/leadership', question: 'How would you split the team?', id: 'f2', answer: 'Two on UI.' } },
    ]);
  });

  it('turns broken YAML into one PARSE item at the line of the problem', async () => {
    const f = write('broken.yaml', '- id: a1\n  answer: "unclosed\n- id: a2\n');
    const items = await collect(readRecords(f, { cwd: dir }));
    expect(items).toHaveLength(1);
    expect(items[0].error?.code).toBe('PARSE');
  });

  it('reads CSV by column name, any order, empty cells as absent', async () => {
    const f = write('a.csv', 'answer,ID,rubric,question,extra\n"Four on quality, two on UI",c1,ai-pm/execution,,ignored\nShort,c2,,Why?,x\n');
    expect((await collect(readRecords(f, { cwd: dir }))).map(view)).toEqual([
      { line: 2, value: { id: 'c1', answer: 'Four on quality, two on UI', rubric: 'ai-pm/execution' } },
      { line: 3, value: { id: 'c2', answer: 'Short', question: 'Why?' } },
    ]);
  });

  it('makes every row of a CSV without an answer column an error item that says so', async () => {
    const f = write('noanswer.csv', 'id,text\nx1,hello\nx2,bye\n');
    const items = await collect(readRecords(f, { cwd: dir }));
    expect(items.map(view)).toEqual([
      { line: 2, error: 'INPUT_TYPE' },
      { line: 3, error: 'INPUT_TYPE' },
    ]);
    expect(items[0].error).toMatchObject({ id: 'x1', message: expect.stringContaining('no "answer" column') });
  });

  it('reads stdin with - and sniffs its format', async () => {
    const stdin = Readable.from([Buffer.from('id,answer\ns1,from stdin\n')]);
    const items = await collect(readRecords('-', { cwd: dir, stdin }));
    expect(items.map((i) => [i.file, i.line, i.value])).toEqual([['<stdin>', 2, { id: 's1', answer: 'from stdin' }]]);
  });

  it('honours an explicit format over the extension', async () => {
    const f = write('records.txt', '{"id":"t","answer":"x"}\n');
    const items = await collect(readSource(f, { cwd: dir, format: 'jsonl' }));
    expect(items.map(view)).toEqual([{ line: 1, text: '{"id":"t","answer":"x"}' }]);
  });
});

describe('expandInputs', () => {
  it('expands globs in sorted order, keeps plain paths and - as given, drops duplicates', () => {
    write('g/b.jsonl', '');
    write('g/a.jsonl', '');
    write('g/sub/c.jsonl', '');
    write('g/sub/d.csv', '');
    write('g/node_modules/x.jsonl', '');
    expect(expandInputs(['g/*.jsonl'], dir)).toEqual(['g/a.jsonl', 'g/b.jsonl']);
    expect(expandInputs(['g/**/*.jsonl'], dir)).toEqual(['g/a.jsonl', 'g/b.jsonl', 'g/sub/c.jsonl']);
    expect(expandInputs(['g/**/*.{csv,jsonl}', 'g/a.jsonl', '-'], dir)).toEqual(['g/a.jsonl', 'g/b.jsonl', 'g/sub/c.jsonl', 'g/sub/d.csv', '-']);
  });

  it.each([
    [['nope.jsonl'], 'No such file: nope.jsonl'],
    [['g/*.yaml'], 'No files match g/*.yaml'],
    [['g'], '"g" is a directory'],
  ])('%j is a FILE_READ error', (patterns, message) => {
    expect(() => expandInputs(patterns, dir)).toThrow(expect.objectContaining({ code: 'FILE_READ', message: expect.stringContaining(message) }));
  });

  it.each([
    ['*.jsonl', 'a.jsonl', true],
    ['*.jsonl', 'sub/a.jsonl', false],
    ['**/*.jsonl', 'a.jsonl', true],
    ['**/*.jsonl', 'x/y/a.jsonl', true],
    ['data-?.csv', 'data-1.csv', true],
    ['data-[0-9].csv', 'data-x.csv', false],
    ['a.{yml,yaml}', 'a.yaml', true],
    ['a.json', 'aXjson', false],
  ])('glob %s matches %s: %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});
