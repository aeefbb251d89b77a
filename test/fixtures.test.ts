import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILTIN_RUBRIC_IDS, createEvaluator, getBuiltinRubric, listBuiltinRubrics, type Evaluator } from '../src/index.js';

// Issue 3: the graded fixtures must be ranked the way an expert interviewer ranks them.
interface Fixture {
  id: string;
  rubric: string;
  question: string;
  answer: string;
  grade: number;
  traits: string[];
  pair?: string;
  file: string;
}

const ROOT = join(__dirname, '..');
const readJsonl = (file: string): Fixture[] =>
  readFileSync(join(ROOT, file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => ({ ...(JSON.parse(l) as Omit<Fixture, 'file'>), file }));

const ROUND_FILES = readdirSync(join(ROOT, 'fixtures/ai-pm')).filter((f) => f.endsWith('.jsonl')).sort();
const rounds = ROUND_FILES.flatMap((f) => readJsonl(`fixtures/ai-pm/${f}`));
const contrasts = readJsonl('fixtures/contrasts.jsonl');

// One evaluator per rubric, and each answer scored once for the whole file.
const evaluators = new Map<string, Evaluator>();
const scores = new Map<Fixture, number>();
function score(f: Fixture): number {
  let s = scores.get(f);
  if (s === undefined) {
    let ev = evaluators.get(f.rubric);
    if (!ev) evaluators.set(f.rubric, (ev = createEvaluator(f.rubric)));
    s = ev.evaluate({ id: f.id, question: f.question, answer: f.answer }).score;
    scores.set(f, s);
  }
  return s;
}

const byQuestion = new Map<string, Fixture[]>();
for (const f of rounds) {
  const key = `${f.rubric} :: ${f.question}`;
  byQuestion.set(key, [...(byQuestion.get(key) ?? []), f]);
}
const questions = [...byQuestion.entries()];

const TRAPS = ['keyword-stuffed', 'negated', 'off-topic'];
const show = (f: Fixture) => `${f.id} (grade ${f.grade}, score ${score(f)})`;

describe('graded fixtures: shape', () => {
  it('has at least 15 graded answers per round, for every built-in rubric', () => {
    const perRubric = new Map<string, number>();
    for (const f of rounds) perRubric.set(f.rubric, (perRubric.get(f.rubric) ?? 0) + 1);
    expect([...perRubric.keys()].sort()).toEqual([...BUILTIN_RUBRIC_IDS].sort());
    for (const [id, n] of perRubric) expect(n, id).toBeGreaterThanOrEqual(15);
  });

  it('every record is well formed, with a unique id', () => {
    const ids = new Set<string>();
    for (const f of [...rounds, ...contrasts]) {
      expect(f.answer.trim().length, f.id).toBeGreaterThan(0);
      expect(f.question.trim().length, f.id).toBeGreaterThan(0);
      expect([1, 2, 3, 4, 5], f.id).toContain(f.grade);
      expect(BUILTIN_RUBRIC_IDS, f.id).toContain(f.rubric);
      expect(ids.has(f.id), `duplicate id ${f.id}`).toBe(false);
      ids.add(f.id);
    }
  });

  it('includes every kind of trap, plain-language strong, long-but-weak and short-but-strong answers', () => {
    const traits = new Set(rounds.flatMap((f) => f.traits));
    for (const t of [...TRAPS, 'plain-language-strong', 'long-weak', 'short-strong']) expect(traits, t).toContain(t);
  });
});

describe('graded fixtures: same-question order', () => {
  let right = 0;
  let total = 0;
  let shorterRight = 0;
  let shorterTotal = 0;
  const misses: string[] = [];
  const words = (f: Fixture) => f.answer.split(/\s+/).filter(Boolean).length;

  // Clearly better (grade ≥ 4) above clearly worse (grade ≤ 2), three or more grades apart.
  it.each(questions)('%s: grade ≥4 above grade ≤2 when 3+ grades apart', (_key, answers) => {
    const wrong: string[] = [];
    for (const hi of answers.filter((f) => f.grade >= 4))
      for (const lo of answers.filter((f) => f.grade <= 2 && hi.grade - f.grade >= 3)) if (!(score(hi) > score(lo))) wrong.push(`${show(hi)} ≤ ${show(lo)}`);
    expect(wrong).toEqual([]);
  });

  // Every pair two or more grades apart: reported, not asserted (the issue's target is 95%).
  it.each(questions)('%s: pairs 2+ grades apart (reported)', (_key, answers) => {
    for (const a of answers)
      for (const b of answers) {
        if (a.grade - b.grade < 2) continue;
        total++;
        const ok = score(a) > score(b);
        if (ok) right++;
        else misses.push(`${show(a)} ≤ ${show(b)}`);
        // The pairs a word counter gets wrong: the better answer is the shorter one.
        if (words(a) < words(b)) {
          shorterTotal++;
          if (ok) shorterRight++;
        }
      }
    expect(total).toBeGreaterThan(0);
  });

  afterAll(() => {
    const pct = (n: number, d: number) => `${((100 * n) / Math.max(1, d)).toFixed(1)}%`;
    console.log(
      `fixtures: ${right}/${total} same-question pairs 2+ grades apart in the right order (${pct(right, total)}); ` +
        `${shorterRight}/${shorterTotal} where the better answer is the shorter one (${pct(shorterRight, shorterTotal)})` +
        `${misses.length ? `; misses: ${misses.join('; ')}` : ''}`,
    );
  });
});

describe('graded fixtures: traps', () => {
  // Keyword-stuffed, negated and off-topic weak answers score below every strong answer to the same question.
  it.each(questions)('%s: traps below every grade ≥4 answer', (_key, answers) => {
    const traps = answers.filter((f) => f.grade <= 2 && f.traits.some((t) => TRAPS.includes(t)));
    const strong = answers.filter((f) => f.grade >= 4);
    const wrong: string[] = [];
    for (const t of traps) for (const s of strong) if (!(score(t) < score(s))) wrong.push(`trap ${show(t)} [${t.traits.filter((x) => TRAPS.includes(x)).join(', ')}] ≥ ${show(s)}`);
    expect(wrong).toEqual([]);
  });

  it('there are traps to check, and each trap kind has a strong peer', () => {
    for (const kind of TRAPS) {
      const withPeer = questions.filter(([, answers]) => answers.some((f) => f.grade <= 2 && f.traits.includes(kind)) && answers.some((f) => f.grade >= 4));
      expect(withPeer.length, kind).toBeGreaterThan(0);
    }
  });
});

describe('contrast pairs (weak vs strong answers as PM-prep material contrasts them)', () => {
  const pairs = new Map<string, Fixture[]>();
  for (const f of contrasts) pairs.set(f.pair ?? f.id, [...(pairs.get(f.pair ?? f.id) ?? []), f]);

  it.each([...pairs.entries()])('pair %s: the strong answer scores higher', (_pair, members) => {
    expect(members).toHaveLength(2);
    const [weak, strong] = [...members].sort((a, b) => a.grade - b.grade);
    expect(strong.grade).toBeGreaterThan(weak.grade);
    expect(weak.question).toBe(strong.question);
    expect(weak.rubric).toBe(strong.rubric);
    expect(score(strong), `${show(strong)} vs ${show(weak)}`).toBeGreaterThan(score(weak));
  });
});

describe('built-in rubrics', () => {
  const IDS = ['ai-pm/recruiter-screen', 'ai-pm/product-sense', 'ai-pm/execution', 'ai-pm/technical-depth', 'ai-pm/leadership', 'ai-pm/measure-success'];

  it('exist with exactly these ids', () => {
    expect([...BUILTIN_RUBRIC_IDS].sort()).toEqual([...IDS].sort());
    expect(listBuiltinRubrics().map((r) => r.id).sort()).toEqual([...IDS].sort());
  });

  it.each(IDS)('%s has a version, a title, a description and weighted criteria', (id) => {
    const r = getBuiltinRubric(id);
    expect(r.id).toBe(id);
    expect(r.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.title.length).toBeGreaterThan(0);
    expect(r.description?.length ?? 0).toBeGreaterThan(40);
    expect(r.criteria.length).toBeGreaterThanOrEqual(3);
    expect(r.criteria.some((c) => c.weight > 0)).toBe(true);
    expect(() => createEvaluator(id)).not.toThrow();
  });

  it('measure-success is the short answer to "How do you measure whether an AI feature is successful?"', () => {
    const r = getBuiltinRubric('ai-pm/measure-success');
    expect(r.question ?? r.title).toMatch(/measure whether an AI feature is successful/i);
    expect(r.criteria.map((c) => c.scorer)).toContain('concision');
  });
});
