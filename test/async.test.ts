import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { AnswerEvalError, createEvaluator, defineScorer, type ScoreResult } from '../src/index.js';

/** A stand-in for a team's LLM judge: each call waits until the test settles it. */
function judge(id = 'judge') {
  const calls: { text: string; resolve: (r: ScoreResult) => void; reject: (e: unknown) => void }[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const scorer = defineScorer({
    id,
    description: 'Asks a (fake) remote judge whether the answer names a decision.',
    options: z.strictObject({}),
    messages: { 'no-decision': 'The judge found no decision.' },
    score(doc) {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<ScoreResult>((resolve, reject) => {
        calls.push({
          text: doc.text,
          resolve: (r) => {
            inFlight--;
            resolve(r);
          },
          reject: (e) => {
            inFlight--;
            reject(e);
          },
        });
      });
    },
  });
  return { scorer, calls, max: () => maxInFlight };
}

const decided = (text: string): ScoreResult => {
  const at = text.indexOf('I would');
  return at >= 0 ? { score: 1, evidence: [{ span: { start: at, end: at + 7 }, text: 'I would', signal: 'decision' }], feedback: [] } : { score: 0, evidence: [], feedback: [{ messageId: 'no-decision' }] };
};

let syncCalls = 0;
const counting = defineScorer({
  id: 'counting',
  description: 'A synchronous scorer that counts its calls.',
  options: z.strictObject({}),
  messages: {},
  score() {
    syncCalls++;
    return { score: 0.5, evidence: [], feedback: [] };
  },
});

const rubric = (...scorers: string[]) => ({
  id: 'acme/async',
  version: '1.0.0',
  title: 'Async',
  criteria: scorers.map((s, i) => ({ id: `${s}-${i}`, title: s, scorer: s, weight: 1 })),
});

/** Lets queued microtasks and promise callbacks run. */
const flush = async () => {
  for (let i = 0; i < 5; i++) await Promise.resolve();
};

afterEach(() => {
  vi.useRealTimers();
});

describe('async scorers', () => {
  it('evaluate says a rubric needs evaluateAsync, then refuses at once', () => {
    const j = judge();
    const ev = createEvaluator(rubric('counting', 'judge'), { scorers: [j.scorer, counting] });
    expect(ev.requiresAsync).toBe(false);
    syncCalls = 0;
    const err = (() => {
      try {
        ev.evaluate('I would ship it.');
      } catch (e) {
        return e as AnswerEvalError;
      }
    })();
    expect(err?.code).toBe('ASYNC_REQUIRED');
    expect(err?.message).toBe('Scorer "judge" (criterion "judge-1") is asynchronous: use evaluator.evaluateAsync() for rubric "acme/async".');
    expect(ev.requiresAsync).toBe(true);
    expect(syncCalls).toBe(1);
    expect(() => ev.evaluate('I would ship it.')).toThrow(/is asynchronous/);
    expect(syncCalls).toBe(1); // the second call did not analyze or score anything
  });

  it('evaluateAsync gives the same evaluation as evaluate for a synchronous rubric', async () => {
    const ev = createEvaluator('ai-pm/technical-depth');
    const answer = 'A 2-point gain in recall cuts fraud losses by about $400k a year, so I would lower the threshold and watch the false-decline rate weekly.';
    expect(JSON.stringify(await ev.evaluateAsync(answer))).toBe(JSON.stringify(ev.evaluate(answer)));
  });

  it('evaluateAsync awaits the judge and renders its evidence and feedback', async () => {
    const j = judge();
    const ev = createEvaluator(rubric('judge', 'counting'), { scorers: [j.scorer, counting] });
    const a = ev.evaluateAsync({ id: 'a', answer: 'I would hold the launch.' });
    const b = ev.evaluateAsync({ id: 'b', answer: 'Launch it.' });
    await flush();
    for (const c of j.calls) c.resolve(decided(c.text));
    const [ra, rb] = await Promise.all([a, b]);
    expect(ra.criteria[0]).toMatchObject({ score: 1, evidence: [{ span: { start: 0, end: 7 }, text: 'I would', signal: 'decision' }], feedback: [] });
    expect(rb.criteria[0]).toMatchObject({ score: 0, evidence: [], feedback: [{ messageId: 'no-decision', message: 'The judge found no decision.' }] });
    expect(ra.score).toBe(75);
  });

  it('limits concurrent scorer calls across all answers of one evaluator', async () => {
    const j = judge();
    const ev = createEvaluator(rubric('judge'), { scorers: [j.scorer], concurrency: 2 });
    const all = Promise.all(Array.from({ length: 7 }, (_, i) => ev.evaluateAsync({ id: String(i), answer: `I would do thing ${i}.` })));
    let settledCount = 0;
    while (settledCount < 7) {
      await flush();
      const open = j.calls.slice(settledCount);
      expect(open.length).toBeLessThanOrEqual(2);
      expect(open.length).toBeGreaterThan(0);
      open[0].resolve(decided(open[0].text));
      settledCount++;
    }
    const rows = await all;
    expect(rows.map((r) => r.answerId)).toEqual(['0', '1', '2', '3', '4', '5', '6']);
    expect(j.max()).toBe(2);
  });

  it('times out an answer, names what was running, and frees its slot for the next answer', async () => {
    vi.useFakeTimers();
    const j = judge();
    const ev = createEvaluator(rubric('judge'), { scorers: [j.scorer], concurrency: 1, timeoutMs: 1000 });
    const hung = ev.evaluateAsync({ id: 'slow', answer: 'I would wait.' });
    const hungResult = expect(hung).rejects.toMatchObject({ code: 'SCORER_TIMEOUT', message: 'Scoring answer "slow" took longer than 1000 ms (still running: judge-0); raise timeoutMs if the scorer needs longer.' });
    await vi.advanceTimersByTimeAsync(999);
    expect(j.calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await hungResult;
    // The hung call still holds no slot: the next answer starts at once.
    const next = ev.evaluateAsync({ id: 'next', answer: 'I would go on.' });
    await flush();
    expect(j.calls).toHaveLength(2);
    j.calls[1].resolve(decided(j.calls[1].text));
    expect((await next).criteria[0].score).toBe(1);
    // A late answer from the hung call is ignored.
    j.calls[0].resolve(decided(j.calls[0].text));
    await flush();
  });

  it('counts the wait for a slot against the answer time limit', async () => {
    vi.useFakeTimers();
    const j = judge();
    const ev = createEvaluator(rubric('judge'), { scorers: [j.scorer], concurrency: 1, timeoutMs: 1000 });
    const first = ev.evaluateAsync({ id: 'first', answer: 'I would wait.' });
    const firstCheck = expect(first).rejects.toMatchObject({ code: 'SCORER_TIMEOUT' });
    await vi.advanceTimersByTimeAsync(500);
    let secondDone = false;
    const second = ev.evaluateAsync({ id: 'second', answer: 'I would queue.' }).finally(() => {
      secondDone = true;
    });
    const secondCheck = expect(second).rejects.toMatchObject({ code: 'SCORER_TIMEOUT', message: 'Scoring answer "second" took longer than 1000 ms (still running: judge-0); raise timeoutMs if the scorer needs longer.' });
    await vi.advanceTimersByTimeAsync(500); // t=1000: first times out, second gets the slot
    await firstCheck;
    expect(j.calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499); // t=1499: second's call has run 499 ms, the answer 999 ms
    expect(secondDone).toBe(false);
    await vi.advanceTimersByTimeAsync(1); // t=1500: 1000 ms since second began, of which 500 waiting
    await secondCheck;
  });

  it.each<[string, (c: ReturnType<typeof judge>['calls'][number]) => void, string, string]>([
    ['a rejected call', (c) => c.reject(new Error('HTTP 503')), 'SCORER_FAILED', 'Scorer "judge" (criterion "judge-0") failed: HTTP 503'],
    ['a typed error', (c) => c.reject(new AnswerEvalError('SCORER_FAILED', 'quota exceeded')), 'SCORER_FAILED', 'quota exceeded'],
    ['a malformed result', (c) => c.resolve({ score: 2 } as unknown as ScoreResult), 'SCORER_FAILED', 'Scorer "judge" returned something other than { score, evidence, feedback }.'],
    ['a NaN score', (c) => c.resolve({ score: Number.NaN, evidence: [], feedback: [] }), 'SCORER_FAILED', 'Scorer "judge" returned a score that is not a finite number or null.'],
  ])('turns %s into a typed error', async (_label, settle, code, message) => {
    const j = judge();
    const ev = createEvaluator(rubric('judge'), { scorers: [j.scorer] });
    const p = ev.evaluateAsync('I would ship.');
    await flush();
    settle(j.calls[0]);
    await expect(p).rejects.toMatchObject({ code, message });
  });

  it('starts no further scorer of an answer once one has failed', async () => {
    const j = judge();
    const ev = createEvaluator(rubric('judge', 'judge', 'judge'), { scorers: [j.scorer], concurrency: 1 });
    const p = ev.evaluateAsync('I would ship.');
    const check = expect(p).rejects.toMatchObject({ code: 'SCORER_FAILED' });
    await flush();
    j.calls[0].reject(new Error('boom'));
    await check;
    await flush();
    expect(j.calls).toHaveLength(1);
  });

  it('runs without a time limit when timeoutMs is 0', async () => {
    vi.useFakeTimers();
    const j = judge();
    const ev = createEvaluator(rubric('judge'), { scorers: [j.scorer], timeoutMs: 0 });
    const p = ev.evaluateAsync('I would ship.');
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    j.calls[0].resolve(decided(j.calls[0].text));
    expect((await p).score).toBe(100);
  });
});
