// A coaching product's own scorer: does a behavioural story cover Situation, Task, Action, Result?
// Use it with: answer-eval score answers.jsonl --rubric examples/behavioural.rubric.json --scorers examples/star-scorer.mjs
import { defineScorer } from 'answer-eval';
import { z } from 'zod';

const CUES = {
  situation: ['when', 'context', 'situation', 'background', 'last', 'quarter'],
  task: ['task', 'goal', 'asked', 'needed', 'responsible', 'deadline'],
  action: ['decided', 'proposed', 'negotiated', 'built', 'ran', 'led', 'made'],
  result: ['result', 'outcome', 'shipped', 'increased', 'reduced', 'cut', 'grew', 'saved'],
};

export const starStory = defineScorer({
  id: 'star-story',
  description: 'Credits a behavioural answer for each STAR part it covers (situation, task, action, result).',
  options: z.strictObject({ cues: z.record(z.string(), z.array(z.string())).default(CUES) }),
  messages: { 'missing-part': 'Tell the {part} of the story.' },
  score(doc, { cues }) {
    const evidence = [];
    const feedback = [];
    for (const [part, words] of Object.entries(cues)) {
      // doc.tokens are lower-cased and carry negation scopes: "we never shipped" is no result.
      const hit = doc.tokens.find((t) => t.negation < 0 && words.includes(t.lower));
      if (hit) evidence.push({ span: { start: hit.start, end: hit.end }, text: doc.text.slice(hit.start, hit.end), signal: part });
      else feedback.push({ messageId: 'missing-part', data: { part } });
    }
    return { score: evidence.length / Object.keys(cues).length, evidence, feedback };
  },
});
