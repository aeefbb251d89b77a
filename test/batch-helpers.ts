import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'tsup';

export const ROOT = resolve(__dirname, '..');

/**
 * Tests run from sources, where there is no worker.js: build the worker entry once per test file
 * into a private folder inside the repository (so that its imports of zod etc. resolve).
 */
export async function buildWorker(tag: string): Promise<{ url: URL; cleanup: () => void }> {
  const outDir = join(ROOT, '.tmp', `test-worker-${tag}-${process.pid}`);
  mkdirSync(outDir, { recursive: true });
  await build({
    entry: { worker: join(ROOT, 'src/batch/worker.ts') },
    outDir,
    format: ['esm'],
    target: 'node18',
    splitting: false,
    silent: true,
    config: false,
    clean: false,
    dts: false,
  });
  return { url: pathToFileURL(join(outDir, 'worker.js')), cleanup: () => rmSync(outDir, { recursive: true, force: true }) };
}

export interface FixtureRecord {
  id: string;
  rubric: string;
  question?: string;
  answer: string;
}

/** The bundled graded fixtures, as plain records. */
export function fixtureRecords(): FixtureRecord[] {
  const files = ['execution', 'leadership', 'measure-success', 'product-sense', 'recruiter-screen', 'technical-depth'];
  return files.flatMap((f) =>
    readFileSync(join(ROOT, 'fixtures/ai-pm', `${f}.jsonl`), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => {
        const r = JSON.parse(l) as FixtureRecord;
        return { id: r.id, rubric: r.rubric, question: r.question, answer: r.answer };
      }),
  );
}

/**
 * `n` JSONL lines cycling through the fixtures; every line number in `bad` is malformed in one of
 * the three ways of the issue (invalid JSON, no answer, unknown rubric), in turn.
 */
export function jsonlWithFaults(n: number, bad: ReadonlySet<number>): { text: string; faults: Map<number, string> } {
  const recs = fixtureRecords();
  const lines: string[] = [];
  const faults = new Map<number, string>();
  let k = 0;
  for (let i = 0; i < n; i++) {
    const line = i + 1;
    const r = { ...recs[i % recs.length], id: `r${line}` };
    if (bad.has(line)) {
      const kind = k++ % 3;
      if (kind === 0) {
        lines.push(JSON.stringify(r).slice(0, -7));
        faults.set(line, 'PARSE');
      } else if (kind === 1) {
        const { answer: _a, ...rest } = r;
        lines.push(JSON.stringify(rest));
        faults.set(line, 'INPUT_TYPE');
      } else {
        lines.push(JSON.stringify({ ...r, rubric: 'ai-pm/no-such-round' }));
        faults.set(line, 'RUBRIC_NOT_FOUND');
      }
    } else lines.push(JSON.stringify(r));
  }
  return { text: `${lines.join('\n')}\n`, faults };
}
