import { describe, it } from 'vitest';
import relevance from '../../src/scorers/relevance.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const Q = 'How do you measure whether an AI support-reply assistant is successful?';
const ON_TOPIC = "I'd measure success in three layers: precision of the suggestions, whether agents accept them, and whether handle time falls, checked with a holdout of 10% of agents.";
const OFF_TOPIC = 'My favourite product is a note-taking app because it syncs quickly across devices and has a clean design that I enjoy using every day for my personal projects, recipes and travel plans.';
const PRIORITY_Q = 'You have budget for one of two AI features this quarter. Which one would you choose, and why?';
const DECIDES = "I'd choose the fraud model because it saves $90k per engineer-week against $20k for the chatbot, and I'd revisit if the pilot misses half of that.";

const OPTIONS_Q = 'Your AI meeting-notes feature can do one of two things next quarter: cut hallucinated action items (now in 6% of notes) or add five new languages that sales says will unlock enterprise deals. What do you do, and why?';
const ONE_OPTION = 'Hallucinated action items are a grounding problem. Pull 1,000 recent notes and label each action item against the transcript, then split extraction from writing so every item cites the moment it was said, and add an entailment check that drops unsupported items.';
const BOTH = "I'd prioritise the hallucinated action items over the new languages, because a wrong task in 6% of notes costs more trust than the enterprise deals sales expects, and I'd revisit German next quarter.";
const DELAY_Q = 'Tell me about a time you convinced senior leadership to delay or roll back an AI launch. How did you make the case?';
const DELAYED = 'I asked our VP to delay the claims assistant by three weeks: 9% of its letters quoted the wrong deductible, and I showed her twenty real letters with the complaint cost next to each.';

const STORY_Q = 'Tell me about a time you pushed back on launching an AI feature. What did you do, and what happened?';
const NO_STORY = "Honestly, I haven't really pushed back on a launch, and I'm not sure that's the PM's role. The PM's job is to execute on what leadership decides and keep the team moving, and in AI being first matters.";
const STORY = "I pushed back on launching our claims summariser in March: 9% of its letters quoted the wrong deductible. I showed our VP twenty real letters with the complaint cost next to each, and we shipped three weeks later at 1.5%.";

const DISPUTE_Q = "Your ML lead and your head of sales disagree about whether to show customers a confidence score next to the AI's recommendations. How do you resolve it?";
const NO_PARTIES = 'A confidence score is only useful if it is calibrated, so I would start there: plot a reliability diagram on a recent held-out set, compute the expected calibration error, and apply temperature scaling until it is below 0.03. Then show three bands rather than raw percentages.';
const WITH_PARTIES = 'I would get the ML lead and the sales head to agree on a test first: half the accounts see a three-band confidence label, half see none, and we compare how often users accept recommendations and how many complaints sales hears.';

const FEATURE_Q = 'You are the PM for accounting software used by small businesses. Design an AI feature that categorises expenses automatically. How would you define success?';
const SWAPPED = "Before jumping in, I'd push back a little: owners find sorting receipts annoying, but what keeps them up at night is running out of cash. So the AI feature I'd design is a 60-day cash-flow forecast that warns owners three weeks before the balance dips below zero, and success is fewer overdrafts.";
const REFRAMED_ON_TOPIC = "I'd push back on auto-filing everything. Instead I'd build expense categorisation that fills in a category only when it is very sure. I'd define success as the share of categories owners keep without editing, and fewer hours spent closing the books each month.";

const TRAVEL_Q = "You're a PM at an online travel-booking site. A large share of hotel bookings made with free cancellation end up cancelled. Design an AI feature to reduce cancellations, and tell me how you'd define success.";
const FOCUS_ELSEWHERE = "I'd focus on making the search results page smarter, because that's where most of the value on a booking site is decided. I'd build a learning-to-rank model on clicks and bookings, and measure conversion per session with an A/B test.";

const NOT_ML_Q = 'Tell me about a time you chose not to use machine learning, or went with a much simpler approach, when people expected an AI solution. What did you decide, and how did it turn out?';
const NOT_ML = "At a tax firm the partners wanted AI to sort 3,000 client emails a week. I didn't use machine learning: we had not much labelled history, and four rules on the subject line sorted 90% of them. Misrouted emails fell from 14% to 3% in a month, and I checked a sample of fifty every Friday.";
const EDITORS_Q = "At a news publisher, the audience-growth team wants an AI tool that chooses between headline variants to maximise clicks. The editors say it is already favouring sensational headlines. You're the PM. How do you resolve this?";
const EDITORS = "The editors are right about the mechanism: a tool rewarded for clicks learns that shock beats substance, and readers who feel tricked don't come back. So I'd change what it is rewarded for: editors approve every variant, and the tool optimises for return visits within 30 days rather than clicks, tested on a random half of articles.";
const INSPECT_Q = 'A camera model is going to replace manual inspection of brake pads at the end of a production line. How would you validate it before it takes over, and how would you catch it degrading later?';
const RECALL_FOCUS = "I'd test the model on 5,000 labelled brake-pad images from the line. Since a missed defect costs far more than a false alarm, I'd focus on recall and require 99.5% before the inspectors step back, then run it beside them for a month and compare what each caught.";

const ROUTES_Q = 'A big customer threatens not to renew unless you fix rural delivery ETAs; route optimisation would save 4% on fuel. You have one team for the quarter. Which do you prioritise?';
const DODGE_BOTH = "Both of these matter, so I wouldn't want to frame it as either/or. I'd split the team, half on rural ETAs and half on route optimisation, so we make progress on both fronts, and I'd want leadership to weigh in on the final split.";
const DODGE_DEPENDS = 'There is no single right answer on rural ETAs versus route optimisation, because it depends on our risk appetite and where the business is heading. The team should align with the account managers and operations on shared goals, keep the customer informed, and revisit the plan each month.';
const DECIDES_ROUTES = "I'd prioritise the rural ETAs over route optimisation: the renewal is worth $1.8M a year against about $400k of fuel, and a late parcel is what the customer sees. Route work waits a quarter; if rural ETAs are fixed by week six, two engineers move to it.";
const RETIRED_Q = 'Tell me about an AI feature you switched off or retired after it had launched. Why did you decide to, how did you make the call, and what happened afterwards?';
const RETIRED = "I looked after a cooking app's suggestions. When we compared people who got them with a random group who didn't, the first group didn't cook more often or stay subscribed longer, and the data took an engineer a day a week. We turned it off for everyone and moved the engineer to the shopping list.";
const HEARING_Q = "You're the PM for a hearing-aid maker's companion app. About a third of first-time owners stop wearing their hearing aids within three months. Propose an AI feature to help them stick with it, define success, and explain how you'd know the feature caused any improvement.";
const AUDIOLOGIST = "The biggest lever on whether people stick with hearing aids is the quality of the fitting, so I'd put the AI on the audiologist's side. During a fitting appointment, a model trained on 200,000 past fittings suggests starting settings, and success is fewer follow-up appointments per fitting.";
const HEARING_ON = "The biggest lever is the first noisy evening, so I'd put the AI on spotting when owners take the aids out in loud rooms and suggest one fix. Success is how many first-time owners still wear them four hours a day after three months, measured against a random half without the tips.";
const PHARMACY_Q = 'Design an AI feature for a pharmacy app that helps patients take their medication on time. How would you measure success, and how would you know it was the feature?';
const REMINDER = "I'd build a reminder that learns when each person actually takes their pills, instead of nagging everyone at a fixed 8am. Success is doses taken on time, checked against a random half of patients who keep the fixed reminder.";
const DODGE_HANDOFF = "Rural ETAs against route optimisation is really a leadership decision, so I'd make sure they have all the information they need on the customer and the fuel saving. It isn't the PM's place to decide; my job is to ship whatever they pick.";

new ScorerTester(relevance, { describe, it }).run('relevance', {
  valid: [
    {
      name: '"I\'d build X instead of Y" is a design choice, not a reframe',
      text: REMINDER,
      question: PHARMACY_Q,
      score: [0.3, 1],
      evidence: [{ signal: 'question-term', span: at(REMINDER, 'patients') }],
      flags: [],
    },
    {
      name: 'the same opening, with the feature built for the people the question names',
      text: HEARING_ON,
      question: HEARING_Q,
      score: [0.4, 1],
      evidence: [{ signal: 'question-term', span: at(HEARING_ON, 'owners') }],
      flags: [],
    },
    {
      name: 'a decision told in the past tense ("We turned it off for everyone") answers "how did you make the call"',
      text: RETIRED,
      question: RETIRED_Q,
      score: [0.4, 1],
      evidence: [{ signal: 'question-term', span: at(RETIRED, 'off') }],
      flags: [],
    },
    {
      name: 'makes the call a decision question asks for',
      text: DECIDES_ROUTES,
      question: ROUTES_Q,
      score: [0.7, 1],
      evidence: [{ signal: 'question-term', span: at(DECIDES_ROUTES, 'rural') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'a story question asked in the negative: "I didn\'t use machine learning" is the story, and "or" there offers no options',
      text: NOT_ML,
      question: NOT_ML_Q,
      score: [0.4, 1],
      evidence: [{ signal: 'question-term', span: at(NOT_ML, 'machine') }],
      flags: [],
    },
    {
      name: 'the sides named as the question names them ("the editors") are the parties',
      text: EDITORS,
      question: EDITORS_Q,
      score: [0.4, 1],
      evidence: [{ signal: 'question-term', span: at(EDITORS, 'editors') }],
      flags: [],
    },
    {
      name: '"I\'d focus on recall" after a reason is a choice within the task, not a reframe',
      text: RECALL_FOCUS,
      question: INSPECT_Q,
      score: [0.5, 1],
      evidence: [{ signal: 'question-term', span: at(RECALL_FOCUS, 'brake') }],
      flags: [],
    },
    { name: 'answers the question asked', text: ON_TOPIC, question: Q, score: [0.8, 1], evidence: [{ signal: 'question-term', span: at(ON_TOPIC, 'measure') }], messageIds: [], flags: [] },
    {
      name: 'weighs both options of a choose-between question',
      text: BOTH,
      question: OPTIONS_Q,
      score: [0.8, 1],
      evidence: [{ signal: 'question-term', span: at(BOTH, 'hallucinated') }],
      messageIds: [],
      flags: [],
    },
    {
      name: '"delay or roll back" is one act, not two options to weigh',
      text: DELAYED,
      question: DELAY_Q,
      score: [0.4, 1],
      evidence: [{ signal: 'question-term', span: at(DELAYED, 'delay') }],
      flags: [],
    },
    {
      name: 'tells the story the question asks for',
      text: STORY,
      question: STORY_Q,
      score: [0.6, 1],
      evidence: [{ signal: 'question-term', span: at(STORY, 'pushed') }],
      flags: [],
    },
    {
      name: 'a disagreement answered by bringing the two parties to a test',
      text: WITH_PARTIES,
      question: DISPUTE_Q,
      score: [0.5, 1],
      evidence: [{ signal: 'question-term', span: at(WITH_PARTIES, 'sales') }],
      flags: [],
    },
    {
      name: 'a reframe that still builds what was asked is on topic',
      text: REFRAMED_ON_TOPIC,
      question: FEATURE_Q,
      score: [0.4, 1],
      evidence: [{ signal: 'question-term', span: at(REFRAMED_ON_TOPIC, 'expense') }],
      flags: [],
    },
    { name: 'makes the decision the question asks for', text: DECIDES, question: PRIORITY_Q, score: [0.6, 1], evidence: [{ signal: 'question-term', span: at(DECIDES, 'choose') }], messageIds: [] },
  ],
  invalid: [
    {
      name: 'dodges the decision by handing it to leadership (trap: sounds responsible)',
      text: DODGE_HANDOFF,
      question: ROUTES_Q,
      score: [0, 1],
      evidence: [{ signal: 'question-term', span: at(DODGE_HANDOFF, 'Rural') }],
      messageIds: ['dodges-decision', 'missed-ask'],
      flags: ['dodges-decision'],
    },
    {
      name: 'a reframed opening that moves the feature to another user (trap: fluent, specific)',
      text: AUDIOLOGIST,
      question: HEARING_Q,
      score: [0, 1],
      evidence: [{ signal: 'question-term', span: at(AUDIOLOGIST, 'hearing') }],
      messageIds: ['swapped-task', 'missed-ask', 'missed-ask'],
      flags: ['off-topic'],
    },
    {
      name: 'dodges the decision: both matter, not either/or, leadership to weigh in (trap)',
      text: DODGE_BOTH,
      question: ROUTES_Q,
      score: [0, 1],
      evidence: [{ signal: 'question-term', span: at(DODGE_BOTH, 'rural') }],
      messageIds: ['dodges-decision'],
      flags: ['dodges-decision'],
    },
    {
      name: 'dodges the decision with "it depends" and no choice in words (trap)',
      text: DODGE_DEPENDS,
      question: ROUTES_Q,
      score: [0, 1],
      evidence: [{ signal: 'question-term', span: at(DODGE_DEPENDS, 'rural') }],
      messageIds: ['dodges-decision', 'missed-ask'],
      flags: ['dodges-decision'],
    },
    {
      name: '"I\'d focus on X, because ... <question words>": what is built is read up to the clause end',
      text: FOCUS_ELSEWHERE,
      question: TRAVEL_Q,
      score: [0.4, 0.8],
      evidence: [{ signal: 'question-term', span: at(FOCUS_ELSEWHERE, 'booking') }],
      messageIds: ['swapped-task'],
      flags: ['off-topic'],
    },
    {
      name: 'a reframe that builds something else is off-topic',
      text: SWAPPED,
      question: FEATURE_Q,
      score: [0, 0.3],
      evidence: [{ signal: 'question-term', span: at(SWAPPED, 'design') }],
      messageIds: ['swapped-task', 'missed-ask'],
      flags: ['off-topic'],
    },
    {
      name: 'a disagreement question answered as a technical one, never mentioning the people: off-topic',
      text: NO_PARTIES,
      question: DISPUTE_Q,
      score: [0.15, 0.5],
      evidence: [{ signal: 'question-term', span: at(NO_PARTIES, 'confidence') }],
      messageIds: ['missed-parties', 'missed-ask'],
      flags: ['off-topic'],
    },
    {
      name: 'a story question answered with "I haven\'t really pushed back": off-topic',
      text: NO_STORY,
      question: STORY_Q,
      score: [0.3, 0.9],
      evidence: [{ signal: 'question-term', span: at(NO_STORY, 'pushed') }],
      messageIds: ['no-story', 'missed-ask'],
      flags: ['off-topic'],
    },
    {
      name: 'answers how to do one option of a choose-between question, never weighing the other and never choosing',
      text: ONE_OPTION,
      question: OPTIONS_Q,
      score: [0.2, 0.6],
      evidence: [{ signal: 'question-term', span: at(ONE_OPTION, 'Hallucinated') }],
      messageIds: ['off-topic', 'missed-option', 'missed-ask'],
      flags: ['off-topic'],
    },
    { name: 'an answer to a different question is off-topic', text: OFF_TOPIC, question: Q, score: [0, 0.15], messageIds: ['off-topic', 'missed-ask'], flags: ['off-topic'] },
    {
      name: 'an on-topic answer that gives no success measure misses the ask',
      text: 'The assistant drafts replies from past tickets and the help-center articles, and agents can edit the draft before sending it to the customer.',
      question: Q,
      score: [0, 0.7],
      messageIds: ['missed-ask'],
    },
  ],
});

describe('relevance: without a question', () => {
  const tester = new ScorerTester(relevance);
  it('is not applicable, and says so', () => tester.check({ text: ON_TOPIC, score: null, messageIds: ['no-question'] }, 'invalid'));
});
