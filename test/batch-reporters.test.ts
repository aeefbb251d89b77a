import { beforeAll, describe, expect, it } from 'vitest';
import { runBatch } from '../src/batch/evaluate-many.js';
import { parseCsv } from '../src/batch/read/csv.js';
import { createReporter, endToString, REPORT_FORMATS, type ReportFormat } from '../src/batch/reporters/index.js';
import { RowStore } from '../src/batch/reporters/store.js';
import { xmlEscape } from '../src/batch/reporters/junit.js';
import { mdCell } from '../src/batch/reporters/markdown.js';
import { csvField } from '../src/batch/reporters/csv.js';
import { SummaryBuilder } from '../src/batch/summary.js';
import type { ProcessedRow } from '../src/batch/types.js';
import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fixtureRecords } from './batch-helpers.js';

let rows: ProcessedRow[];
const MIN = 50;

beforeAll(async () => {
  const recs: unknown[] = [...fixtureRecords().filter((r) => /^(ex0[1-4]|ld0[1-3])$/.test(r.id))];
  // Error rows in the middle: no answer, and an id that needs escaping in every format.
  recs.splice(2, 0, { id: 'missing-answer', rubric: 'ai-pm/execution' });
  recs.splice(5, 0, { id: 'a<b> & "c", |d|', rubric: 'ai-pm/unknown', answer: 'x' });
  rows = [];
  for await (const p of runBatch(recs, { concurrency: 1 })) rows.push(p);
});

async function render(format: ReportFormat, options: { color?: boolean; minScore?: number; width?: number } = {}, input: ProcessedRow[] = rows): Promise<string> {
  const r = createReporter(format, options);
  const s = new SummaryBuilder(options.minScore);
  let out = '';
  for (const p of input) {
    s.add(p.brief);
    const piece = r.row(p);
    out += typeof piece === 'string' ? piece : Buffer.from(piece).toString('utf8');
  }
  out += await endToString(r, s.result());
  r.dispose();
  return out;
}

/**
 * A strict-enough XML well-formedness check for our output: one root, every tag closed in order,
 * attributes quoted, no raw '<' or '&' outside markup and entities.
 */
function checkXml(xml: string): { root: string; counts: Map<string, number> } {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const counts = new Map<string, number>();
  let root = '';
  const re = /<(\/?)([A-Za-z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while ((m = re.exec(body))) {
    pos = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) throw new Error(`bare & in text: ${m[5].slice(0, 40)}`);
      continue;
    }
    const [, close, name, attrs, selfClose] = m;
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(attrs)) throw new Error(`bare & in attributes of <${name}>`);
    if (close) {
      if (stack.pop() !== name) throw new Error(`</${name}> closes the wrong element`);
      continue;
    }
    if (!stack.length) {
      if (root) throw new Error('two root elements');
      root = name;
    }
    counts.set(name, (counts.get(name) ?? 0) + 1);
    if (!selfClose) stack.push(name);
  }
  if (pos !== body.length) throw new Error(`unparsable XML at ${pos}: ${body.slice(pos, pos + 40)}`);
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
  return { root, counts };
}

describe('reporters', () => {
  it('the fixture set has scored rows, error rows and answers on both sides of the threshold', async () => {
    expect(rows).toHaveLength(9);
    expect(rows.filter((r) => r.brief.error).map((r) => r.brief.error!.code)).toEqual(['INPUT_TYPE', 'RUBRIC_NOT_FOUND']);
    expect(rows.some((r) => r.brief.score !== undefined && r.brief.score < MIN)).toBe(true);
    expect(rows.some((r) => r.brief.score !== undefined && r.brief.score >= MIN)).toBe(true);
  });

  it('jsonl: one object per record, in order, nothing else', async () => {
    const lines = (await render('jsonl')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).id)).toEqual(rows.map((r) => r.brief.id));
    expect(lines).toEqual(rows.map((r) => r.json));
  });

  it('json: an array of the same rows', async () => {
    expect(JSON.parse(await render('json'))).toEqual(rows.map((r) => r.row));
    const empty = createReporter('json');
    expect(JSON.parse(await endToString(empty, new SummaryBuilder().result()))).toEqual([]);
  });

  it('csv: a header, one row per record, one column per criterion across rubrics', async () => {
    const table = parseCsv(await render('csv', { minScore: MIN })).map((r) => r.fields);
    const [header, ...body] = table;
    expect(body).toHaveLength(rows.length);
    expect(header.slice(0, 9)).toEqual(['id', 'file', 'line', 'rubric', 'rubric_version', 'score', 'band', 'passed', 'below_min_score']);
    expect(header.slice(-3)).toEqual(['flags', 'error_code', 'error_message']);
    // Execution has prioritization, leadership has stakeholder-resolution: both get a column.
    expect(header).toContain('prioritization');
    expect(header).toContain('stakeholder-resolution');
    const col = (name: string) => header.indexOf(name);
    for (let i = 0; i < rows.length; i++) {
      const b = rows[i].brief;
      const cells = body[i];
      expect(cells[col('id')]).toBe(b.id);
      if (b.error) {
        expect(cells[col('error_code')]).toBe(b.error.code);
        expect(cells[col('score')]).toBe('');
        continue;
      }
      expect(Number(cells[col('score')])).toBeCloseTo(b.score!, 1);
      expect(cells[col('below_min_score')]).toBe(String(b.score! < MIN));
      for (const [id, score] of b.criteria!) expect(cells[col(id)]).toBe(score === null ? '' : String(score));
      if (b.rubric === 'ai-pm/execution') expect(cells[col('stakeholder-resolution')]).toBe('');
    }
  });

  it('junit: well-formed XML, one testcase per record, failures below --min-score, errors for error rows', async () => {
    const xml = await render('junit', { minScore: MIN });
    const { root, counts } = checkXml(xml);
    expect(root).toBe('testsuites');
    expect(counts.get('testcase')).toBe(rows.length);
    const below = rows.filter((r) => !r.brief.error && r.brief.score! < MIN).length;
    expect(counts.get('failure') ?? 0).toBe(below);
    expect(counts.get('error')).toBe(2);
    expect(xml).toContain(`<testsuites name="answer-eval" tests="${rows.length}" failures="${below}" errors="2">`);
    expect(xml).toContain('name="a&lt;b&gt; &amp; &quot;c&quot;, |d|"');
    // Without a threshold nothing fails; records that could not be scored are still errors.
    const plain = checkXml(await render('junit'));
    expect(plain.counts.get('failure') ?? 0).toBe(0);
    expect(plain.counts.get('error')).toBe(2);
  });

  it('markdown: the summary, then one table line per answer', async () => {
    const md = await render('markdown', { minScore: MIN });
    expect(md.startsWith(`## answer-eval: ${rows.length} answers\n`)).toBe(true);
    expect(md).toContain(`| Below --min-score ${MIN} |`);
    const lines = md.split('\n').filter((l) => /^\| (✅|❌|⚠️) \|/.test(l));
    expect(lines).toHaveLength(rows.length);
    expect(lines.filter((l) => l.startsWith('| ❌')).length).toBe(rows.filter((r) => !r.brief.error && r.brief.score! < MIN).length);
    expect(md).toContain('a&lt;b&gt; & "c", \\|d\\|');
  });

  it('table: aligned rows for people, colour only when asked', async () => {
    const plain = await render('table', { minScore: MIN });
    expect(plain).not.toMatch(/\u001b\[/);
    const lines = plain.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+RUBRIC\s+SCORE\s+BAND\s+NOTES$/);
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines.filter((l) => l.includes('below --min-score')).length).toBe(rows.filter((r) => !r.brief.error && r.brief.score! < MIN).length);
    expect(await render('table', { color: true })).toMatch(/\u001b\[3[12]m/);
    // Cut to the terminal's width.
    for (const l of (await render('table', { width: 60 })).trimEnd().split('\n')) expect(l.length).toBeLessThanOrEqual(60 + 20);
  });

  it.each(REPORT_FORMATS)('%s for an empty run: nothing for jsonl (0 records, 0 lines), a valid empty report otherwise', async (format) => {
    const out = await endToString(createReporter(format), new SummaryBuilder().result());
    if (format === 'jsonl') expect(out).toBe('');
    else expect(out.length).toBeGreaterThan(0);
    if (format === 'junit') expect(checkXml(out).counts.get('testcase') ?? 0).toBe(0);
    if (format === 'csv') expect(parseCsv(out)).toHaveLength(1);
  });
});

describe('RowStore', () => {
  it('keeps the first rows in memory and the rest in a temporary file, returns them in order, removes the file', async () => {
    const store = new RowStore(3);
    const made = Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, file: 'f.jsonl', line: i + 1, score: i * 1.5, criteria: [['c', i % 2 ? null : 0.5, true]] as [string, number | null, boolean][] }));
    for (const r of made.slice(0, 3)) store.add(r);
    expect(store.file).toBeUndefined();
    for (const r of made.slice(3)) store.add(r);
    const file = store.file!;
    expect(existsSync(file)).toBe(true);
    const back = [];
    for await (const r of store.rows()) back.push(r);
    expect(back).toEqual(made);
    expect(existsSync(file)).toBe(false);
  });

  it('junit and csv read rows back from the temporary file, in order, and remove it', async () => {
    // More rows than a store keeps in memory (256): the reports go through the temporary file.
    const many = Array.from({ length: 6000 }, (_, i) => rows[i % rows.length]).map((p, i) => ({ ...p, brief: { ...p.brief, line: i + 1 } }));
    const xml = await render('junit', { minScore: MIN }, many);
    const { counts } = checkXml(xml);
    expect(counts.get('testcase')).toBe(6000);
    expect(counts.get('error')).toBe(many.filter((p) => p.brief.error).length);
    const csv = parseCsv(await render('csv', {}, many));
    expect(csv).toHaveLength(6001);
    expect(csv.slice(1).map((r) => Number(r.fields[2]))).toEqual(many.map((p) => p.brief.line));
    const leftovers = readdirSync(tmpdir()).filter((f) => f.startsWith(`answer-eval-rows-${process.pid}-`));
    expect(leftovers).toEqual([]);
  });
});

describe('escaping', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
  ])('csv %j', (input, expected) => expect(csvField(input)).toBe(expected));

  it('xml drops characters XML 1.0 forbids and escapes markup', async () => {
    expect(xmlEscape('a\u0000b\u0007 <c> & "d" \'e\' \uD800')).toBe('ab &lt;c&gt; &amp; &quot;d&quot; &apos;e&apos; ');
  });

  it('markdown cells stay on one line and in their column', async () => {
    expect(mdCell('a | b\nc <script>')).toBe('a \\| b c &lt;script&gt;');
  });
});
