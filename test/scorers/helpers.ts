import { createEvaluator, type Evaluation, type Scorer } from '../../src/index.js';

/** [start, end) of the nth occurrence of `part` in `text`, so that tables name spans by their text. */
export function at(text: string, part: string, nth = 0): [number, number] {
  let i = -1;
  for (let k = 0; k <= nth; k++) {
    i = text.indexOf(part, i + 1);
    if (i < 0) throw new Error(`"${part}" (occurrence ${nth}) is not in ${JSON.stringify(text)}`);
  }
  return [i, i + part.length];
}

const evaluators = new Map<string, ReturnType<typeof createEvaluator>>();

/** The whole evaluation of `text` by a one-criterion rubric for `scorer` (flags at every level). */
export function evaluateWith(scorer: Scorer, text: string, question?: string): Evaluation {
  let ev = evaluators.get(scorer.id);
  if (!ev) {
    ev = createEvaluator({ id: `test/${scorer.id}`, version: '1.0.0', title: scorer.id, criteria: [{ id: scorer.id, title: scorer.id, scorer: scorer.id, weight: 1 }] });
    evaluators.set(scorer.id, ev);
  }
  return ev.evaluate(question === undefined ? text : { answer: text, question });
}
