import { describe, expect, it } from 'vitest';
import tradeoff from '../../src/scorers/tradeoff.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at, evaluateWith } from './helpers.js';

const CHOOSE = "I'd choose precision over recall here, because a false decline costs us a customer while a missed fraud case costs about $40.";
const AT_COST = 'We chose recall at the cost of more false alarms, because missing a sepsis case can kill a patient while an extra alert costs a nurse two minutes.';
const EVEN_IF = "Even if it costs us some conversion, I'd keep a human reviewer on every loan denial, because a wrong denial hurts borrowers and creates fair-lending risk.";
const NOT_BUT = 'Ship the simple rules first, not the model, because the deadline matters more than a 2-point gain in recall for our users.';
const SMART = 'I\u2019d choose precision over recall \u2014 a false decline costs us a customer \ud83d\ude1e \u2014 because a missed fraud case costs only $40.';
const RATHER = "I'd rather make an owner tap once than quietly file a cost in the wrong tax category.";
const BUS_Q = 'Propose an AI feature for riders of a regional bus and tram network. How would you define success?';
const DESIGN_RATHER = 'The planner shows three crowding bands rather than a headcount, because we can tell a full bus from an empty one but not 41 riders from 47.';
const ACCEPTED = 'Leaving ethnicity and postcode out took AUC from 0.81 to 0.77. I accepted that, so that advisers approach students for what they do.';
const RATHER_NOTHING = 'We would rather use the API than the scraper.';
const LABELLED = "**Trade-off.** Precision over recall at first: offering plans to people who'd pay anyway costs interest and teaches them to wait.";
const CHOSE_OVER = 'I chose a wider delivery window over a precise wrong one, because broken promises cost us more than vague ones.';
const LABEL_NO_STAKES = 'Trade-off: tabs over spaces in the config files.';
const COSTS = "A wrong drug name in a note can hurt someone; a missing summary costs the therapist ten minutes. I'd fix the names first.";
const INSTEAD = "We're not sending it to everyone on Friday. Instead we ship it to a small random slice and keep tracking bookings, because unequal treatment gets companies sued.";
const BARE = 'There are trade-offs.';
const BETWEEN = 'There are always trade-offs between precision and recall.';
const EXCHANGE = 'We accept slower answers in exchange for fewer wrong ones, since a wrong dosage answer can harm a patient.';
const STUFFED = 'Trade-off, tension, balance, at the cost of, rather than, even if, in exchange for.';

new ScorerTester(tradeoff, { describe, it }).run('tradeoff', {
  valid: [
    {
      name: 'a design stated against its alternative with its reason is the decision; the question says what is at stake',
      text: DESIGN_RATHER,
      question: BUS_Q,
      score: [0.5, 1],
      evidence: [{ signal: 'contrast', span: at(DESIGN_RATHER, 'rather than') }, { signal: 'rationale', span: at(DESIGN_RATHER, 'because') }],
    },
    {
      name: 'a cost named with its number and accepted, with the purpose',
      text: ACCEPTED,
      score: [0.5, 1],
      evidence: [{ signal: 'contrast', span: at(ACCEPTED, 'I accepted that') }],
    },
    {
      name: 'two costs set against each other, then the call',
      text: COSTS,
      score: [0.5, 0.65],
      evidence: [{ signal: 'error-costs', span: at(COSTS, 'hurt') }, { signal: 'decision', span: at(COSTS, "I'd fix the names") }],
      messageIds: ['no-rationale'],
    },
    {
      name: '"Not X. Instead Y, because..." across two sentences',
      text: INSTEAD,
      score: [0.7, 0.85],
      evidence: [{ signal: 'contrast', span: at(INSTEAD, 'Instead') }, { signal: 'rationale', span: at(INSTEAD, 'because') }],
      messageIds: [],
    },
    {
      name: 'a labelled trade-off states its choice, with the reason after a colon',
      text: LABELLED,
      score: [0.85, 1],
      evidence: [{ signal: 'labelled-tradeoff', span: at(LABELLED, 'Trade-off') }],
      messageIds: [],
    },
    {
      name: '"I chose X over Y, because..." with words between the verb and "over"',
      text: CHOSE_OVER,
      score: [0.7, 0.85],
      evidence: [{ signal: 'contrast', span: at(CHOSE_OVER, 'chose') }, { signal: 'decision', span: at(CHOSE_OVER, 'I chose') }, { signal: 'rationale', span: at(CHOSE_OVER, 'because') }],
      messageIds: [],
    },
    {
      name: '"I\'d rather X than Y": both sides inside one sentence, the preference is the decision',
      text: RATHER,
      score: [0.45, 0.6],
      evidence: [{ signal: 'contrast', span: at(RATHER, 'rather') }, { signal: 'decision', span: at(RATHER, "I'd rather") }],
      messageIds: ['no-rationale'],
    },
    {
      name: 'X over Y, with the decision and its rationale',
      text: CHOOSE,
      score: [0.7, 1],
      evidence: [{ signal: 'decision', span: at(CHOOSE, "I'd choose") }, { signal: 'rationale', span: at(CHOOSE, 'because') }],
      messageIds: [],
      flags: [],
    },
    {
      name: '"at the cost of" with asymmetric error costs',
      text: AT_COST,
      score: [0.7, 1],
      evidence: [{ signal: 'decision', span: at(AT_COST, 'We chose') }, { signal: 'contrast', span: at(AT_COST, 'at the cost of') }, { signal: 'rationale', span: at(AT_COST, 'because') }],
      messageIds: [],
    },
    {
      name: '"even if" concession, a decision and the why',
      text: EVEN_IF,
      score: [0.7, 1],
      evidence: [{ signal: 'contrast', span: at(EVEN_IF, 'Even if') }, { signal: 'rationale', span: at(EVEN_IF, 'because') }],
      messageIds: [],
    },
    {
      name: '"X, not Y, because"',
      text: NOT_BUT,
      score: [0.6, 1],
      evidence: [{ signal: 'contrast', span: at(NOT_BUT, 'not') }, { signal: 'rationale', span: at(NOT_BUT, 'because') }],
      messageIds: [],
    },
    {
      name: 'smart apostrophe, em dashes and emoji keep spans on the original text',
      text: SMART,
      score: [0.7, 1],
      evidence: [{ signal: 'decision', span: at(SMART, 'I\u2019d choose') }, { signal: 'rationale', span: at(SMART, 'because') }],
    },
  ],
  invalid: [
    {
      name: 'a "Trade-off:" label over something with nothing at stake stays bare',
      text: LABEL_NO_STAKES,
      score: [0, 0.2],
      evidence: [{ signal: 'tradeoff-term', span: at(LABEL_NO_STAKES, 'Trade-off') }],
      messageIds: ['bare-tradeoff', 'no-decision', 'no-rationale'],
    },
    {
      name: '"rather X than Y" with nothing at stake and no one choosing',
      text: RATHER_NOTHING,
      score: [0, 0.2],
      evidence: [{ signal: 'contrast', span: at(RATHER_NOTHING, 'rather') }],
      messageIds: ['no-decision', 'no-rationale'],
    },
    {
      name: 'a bare "there are trade-offs" earns little',
      text: BARE,
      score: [0, 0.2],
      evidence: [{ signal: 'tradeoff-term', span: at(BARE, 'trade-offs') }],
      messageIds: ['bare-tradeoff', 'no-decision', 'no-rationale'],
    },
    { name: 'both sides named, no decision, no why', text: BETWEEN, score: [0, 0.35], messageIds: ['no-decision', 'no-rationale'] },
    { name: 'a negated weighing earns nothing', text: 'We never weighed cost against quality; we just shipped.', score: 0, messageIds: ['no-tradeoff'] },
    { name: 'two priorities side by side are not a trade-off', text: 'Speed matters. Quality matters too.', score: 0, messageIds: ['no-tradeoff'] },
    { name: 'substrings: "tradesman", "tradeshow", "overtime"', text: 'The tradesman fixed the tradeshow booth in overtime.', score: 0, messageIds: ['no-tradeoff'] },
  ],
});

new ScorerTester(tradeoff, { describe, it }).run('tradeoff (regressions)', {
  valid: [
    {
      // The issue names "accept ... in exchange for ..." explicitly; actual 0.28: the first person
      // inside the matched "We accept" is not seen as the candidate's own decision.
      name: '"we accept X in exchange for Y, since Z" is a reasoned trade-off',
      text: EXCHANGE,
      score: [0.5, 1],
      evidence: [{ signal: 'contrast', span: at(EXCHANGE, 'We accept') }, { signal: 'rationale', span: at(EXCHANGE, 'since') }],
    },
  ],
});

it('a comma list of trade-off phrases scores low', () => {
  expect(evaluateWith(tradeoff, STUFFED).criteria[0].score).toBeLessThanOrEqual(0.3);
});
// Trade-off vocabulary listed without any reasoning is keyword stuffing like any other term list.
it('a comma list of trade-off phrases flags the evaluation as keyword-stuffing', () => {
  expect(evaluateWith(tradeoff, STUFFED).flags.map((f) => f.id)).toContain('keyword-stuffing');
});
