// Deterministic generator of varied answers for the benchmarks (and the fuzzer's realistic tier).
//
// The per-answer ratio must hold on answers that are not in the repository, so answers are built
// from a seeded PRNG: sentences re-drawn from the fixture answers mixed with slot-filled templates
// (new wording, numbers and nouns), laid out in one of several shapes (prose, paragraphs, bullets,
// numbered steps, Markdown sections), and cut to a target length of 150-400 words.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** mulberry32: small, fast, and the same sequence on every platform. */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  next.int = (n) => Math.floor(next() * n);
  next.pick = (xs) => xs[Math.floor(next() * xs.length)];
  return next;
}

/** Every fixture record in the repository (answers, questions and rubric ids). */
export function fixtureRecords() {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, name.name);
      if (name.isDirectory()) walk(p);
      else if (name.name.endsWith('.jsonl')) {
        for (const line of readFileSync(p, 'utf8').split('\n')) if (line.trim()) out.push(JSON.parse(line));
      }
    }
  };
  walk(join(ROOT, 'fixtures'));
  return out;
}

function fixtureSentences(records) {
  const out = [];
  for (const r of records) {
    for (const s of String(r.answer).split(/(?<=[.!?])\s+|\n+/)) {
      const t = s.replace(/^[-*•\d.)\s#]+/, '').trim();
      if (t.split(/\s+/).length >= 5) out.push(t);
    }
  }
  return out;
}

const V = {
  metric: ['precision', 'recall', 'F1', 'AUC', 'false positive rate', 'hallucination rate', 'p95 latency', 'calibration error', 'top-3 accuracy', 'answer accuracy', 'false alarms', 'groundedness', 'retrieval hit rate', 'word error rate'],
  kpi: ['churn', '30-day retention', 'conversion', 'average handle time', 'fraud losses', 'sign-ups', 'support tickets', 'revenue per user', 'NPS', 'weekly active users', 'chargebacks', 'time to resolution', 'basket size', 'refund rate'],
  domain: ['lending', 'insurance claims', 'telehealth triage', 'grocery delivery', 'B2B support', 'a payments app', 'recruiting software', 'a travel marketplace', 'ride hailing', 'an e-commerce search bar'],
  party: ['legal', 'the data science lead', 'our VP of sales', 'compliance', 'the design lead', 'customer support', 'the CFO', 'the ML platform team', 'risk', 'marketing'],
  verb: ['cuts', 'lowers', 'drives', 'raises', 'reduces', 'protects', 'moves', 'improves'],
  test: ['a two-week A/B test', 'a 10% holdout', 'a staged rollout with a kill switch', 'a shadow deployment', 'an interleaving experiment', 'a switchback test by region', 'a geo holdout'],
  risk: ['demographic bias', 'data drift', 'prompt injection', 'privacy leaks', 'over-blocking good customers', 'silent model decay', 'label leakage', 'vendor lock-in'],
  owner: ['the on-call ML engineer', 'a named model owner', 'the risk team', 'support operations', 'our analytics lead'],
  filler: ['honestly', 'in practice', 'to be fair', 'from what I have seen', 'at the end of the day', 'looking back', 'frankly'],
};

const cap = (s) => s[0].toUpperCase() + s.slice(1);

const TEMPLATES = [
  (r) => `A ${r.int(5) + 1}-point gain in ${r.pick(V.metric)} ${r.pick(V.verb)} ${r.pick(V.kpi)} by roughly ${r.int(40) + 2}%, which is why I would optimise for it first.`,
  (r) => `In ${r.pick(V.domain)}, ${r.pick(V.metric)} matters because every miss shows up as ${r.pick(V.kpi)} a few weeks later.`,
  (r) => `I would validate this with ${r.pick(V.test)}, with ${r.pick(V.kpi)} as the primary metric and ${r.pick(V.metric)} as a guardrail.`,
  (r) => `We never ran ${r.pick(V.test)}, so we could not tell whether the model or the season moved ${r.pick(V.kpi)}.`,
  (r) => `The trade-off is ${r.pick(V.metric)} against ${r.pick(V.metric)}: I chose the first, accepting ${r.int(9) + 1}% more ${r.pick(V.kpi)} in exchange.`,
  (r) => `${cap(r.pick(V.party))} pushed back, so I set up a review with ${r.pick(V.party)} and agreed on a threshold we could both defend.`,
  (r) => `The biggest risk is ${r.pick(V.risk)}; ${r.pick(V.owner)} reviews a weekly dashboard and can roll back within ${r.int(48) + 1} hours.`,
  (r) => `${cap(r.pick(V.filler))}, the team cared more about shipping than about ${r.pick(V.metric)}, and that was a mistake.`,
  (r) => `We had about ${r.int(900) + 100}k users and $${r.int(50) + 1}M in annual volume at stake, not to mention ${r.pick(V.kpi)}.`,
  (r) => `Rather than chase ${r.pick(V.metric)}, I would look at ${r.pick(V.kpi)} per cohort, because that is what the business is measured on.`,
  (r) => `If ${r.pick(V.metric)} dropped below ${(0.5 + r() / 2).toFixed(2)} for two weeks, ${r.pick(V.owner)} would retrain on fresh labels.`,
  (r) => `Under GDPR and the EU AI Act, ${r.pick(V.domain)} needs explanations for adverse decisions, so we kept a human in the loop for appeals.`,
  (r) => `I prioritised with RICE: reach ${r.int(90) + 10}k, impact ${r.int(3) + 1}, confidence ${r.int(50) + 50}%, effort ${r.int(8) + 1} weeks.`,
  (r) => `It's not that ${r.pick(V.metric)} doesn't matter; it just isn't the bottleneck for ${r.pick(V.kpi)} right now.`,
];

const HEADINGS = ['Context', 'Approach', 'Metrics', 'Risks', 'Recap', 'Decision', 'What I would measure', 'Trade-offs', 'After launch'];

function sentenceStream(r, pool) {
  return () => (r() < 0.5 ? r.pick(pool) : r.pick(TEMPLATES)(r));
}

const words = (s) => s.split(/\s+/).filter(Boolean).length;

/** Builds one answer of about `target` words in the given shape. */
function buildAnswer(r, next, target, shape) {
  const sentences = [];
  let n = 0;
  while (n < target) {
    const s = next();
    sentences.push(s);
    n += words(s);
  }
  // Trim the last sentence's overshoot by whole words so the length lands in range.
  const over = n - target;
  if (over > 0) {
    const last = sentences.pop().split(/\s+/);
    const keep = last.slice(0, Math.max(3, last.length - over));
    sentences.push(`${keep.join(' ').replace(/[,;:]$/, '')}.`);
  }
  switch (shape) {
    case 'prose':
      return sentences.join(' ');
    case 'paragraphs': {
      const out = [];
      for (let i = 0; i < sentences.length; ) {
        const k = 2 + r.int(4);
        out.push(sentences.slice(i, i + k).join(' '));
        i += k;
      }
      return out.join('\n\n');
    }
    case 'bullets':
      return `${sentences[0]}\n\n${sentences.slice(1).map((s) => `${r.pick(['-', '*', '•'])} ${s}`).join('\n')}`;
    case 'numbered':
      return sentences.map((s, i) => `${i + 1}. ${s}`).join('\n');
    case 'markdown': {
      const out = [];
      let h = 0;
      for (let i = 0; i < sentences.length; ) {
        const k = 2 + r.int(3);
        const title = HEADINGS[h++ % HEADINGS.length];
        out.push(r() < 0.5 ? `## ${title}` : `**${title}**`);
        out.push(sentences.slice(i, i + k).join(' '));
        i += k;
      }
      return out.join('\n\n');
    }
    case 'crlf':
      return sentences.join(' ').replace(/\. /g, '.\r\n');
    default:
      return sentences.join(' ');
  }
}

const SHAPES = ['prose', 'prose', 'paragraphs', 'paragraphs', 'bullets', 'numbered', 'markdown', 'crlf'];

/**
 * `count` answers of 150-400 words (uniform), deterministic for a seed. Each carries the question
 * of a fixture record it borrows, for benches that score relevance too.
 */
export function generateAnswers(count = 240, seed = 7, { minWords = 150, maxWords = 400 } = {}) {
  const r = rng(seed);
  const records = fixtureRecords();
  const pool = fixtureSentences(records);
  const next = sentenceStream(r, pool);
  const out = [];
  for (let i = 0; i < count; i++) {
    const target = minWords + r.int(maxWords - minWords + 1);
    const shape = SHAPES[i % SHAPES.length];
    const rec = r.pick(records);
    // Headings and list markers add words; rebuild with a smaller target until in range.
    let answer = buildAnswer(r, next, target, shape);
    for (let t = target; words(answer) > maxWords; t -= 15) answer = buildAnswer(r, next, t, shape);
    while (words(answer) < minWords) answer += ` ${next()}`;
    out.push({ id: `gen${String(i).padStart(4, '0')}`, question: rec.question, rubric: rec.rubric, shape, answer });
  }
  return out;
}

/** Phrases for the one-regex scan floor: the first 300 distinct lexicon variants. */
export function floorPhrases(count = 300) {
  const dir = join(ROOT, 'src/lexicons/data');
  const seen = new Set();
  for (const f of readdirSync(dir).sort()) {
    const lex = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    for (const e of lex.entries) for (const v of e.variants) if (!v.startsWith('=') && !v.includes('*')) seen.add(v.toLowerCase());
  }
  return [...seen].slice(0, count);
}

/** One precompiled alternation over the phrases, longest first (what a naive scanner would do). */
export function floorRegex(phrases) {
  const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`\\b(?:${[...phrases].sort((a, b) => b.length - a.length).map(esc).join('|')})\\b`, 'gi');
}

export const wordCount = words;
