import { describe, it } from 'vitest';
import judgement from '../../src/scorers/judgement.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const SAFE = "I'd start with a pilot at two clinics, keep a nurse reviewing every flag, give patients an appeal path, and keep a kill switch that turns it off within an hour.";
const NEGATED = 'We never ran an A/B test and never checked the data; we just shipped to all sites.';
const RED = "There would be no appeals and we'd launch straight to all sites, since we can always retrain later.";
const REMOVES = "For the sale week we'd turn the fraud checks off and let every order through. I'd bypass the payments review because it only slows us down.";
const PROTECTED_INPUT = "We'd use age and marital status as features, since they lift AUC by two points.";
const REPORTED = 'Growth wanted to skip the fairness audit and ship on Monday; I asked for two weeks and we ran it.';
const FATIGUE = 'Nurses started to ignore the alarms in week two, so we suppressed duplicate alerts and kept one per patient, reviewed by the charge nurse.';
const REMOVED_PROXY = 'We removed postcode from the inputs because it was a proxy for race.';
const OBJECT_PARTY = "For users the model scores as likely to cancel, we'd quietly default them to the non-refundable rate.";
const EXIT = 'For the top-risk decile we replaced one-tap cancel with a five-screen flow.';
const WITHHOLDS = "Any patient with a risk score over 0.6 is double-booked. We wouldn't tell patients they've been scored. I wouldn't surface the group-level error rates to legal before launch.";
const DEFERS = "We'd launch on the 1st. Biometric consent can be handled in a terms-of-service update later.";
const AUTO_ADVERSE = "I'd configure it to auto-deactivate drivers on any failed match.";
const USER_CONTROL = 'We summarise every thread, recipients can switch the filter off, and the item never shows up in search for anyone under 16. We couldn\'t tell whether the dip came from the model, so we ran a holdout, using account age and device type as inputs.';
const GAMING = "We'd redefine recall to count only clauses flagged by either the model or the reviewer. Honestly the drop was user error: agents were using it wrong.";
const PLAIN_REVIEW = "The computer never takes a driver off the road by itself: if the selfie doesn't match, a person looks at it within 15 minutes. Their problem is time, so the check runs while they keep driving.";
const LIABILITY = "Mitigations:\n- Add a footer saying answers are not binding; that moves the liability off the company.\n- When the bot declines a refund, hide the talk-to-an-agent button so containment holds.\n\nI'd ship it on every channel.";
const LIST_CARRIES = "Refunds stay with people. One wrong answer in twenty is too many: it hands out refunds we don't owe or tells people they can't have money they're owed.";
const PREDATORY = "We'd steer anxious customers into the paid cushion product. Then we'd quietly adjust the scores before the audit, and leave the accented doctors out of the headline dashboard.";
const PRIVATE_OK = "We'd fine-tune on customer emails only after they are anonymised and with consent, and we'd audit a sample of outputs each week.";
const DESCRIBES = "I'd price the two mistakes first.\n\n1. A risky application that isn't flagged gets auto-approved, which costs about $9,000 per default.\n2. A sound applicant who is flagged waits a day; I'd check that the people pulled for review aren't skewed toward any group.";
const SWITCHED_OFF = "Next week it only sets the reading order, so an auto-reject screen is off the table. If the pass-rate ratio slips under 0.85 we switch auto-reject off.";
const MAXIM = 'We accepted the slower model, because an alert nobody reads saves nobody.';
const AGGREGATED = "Because the dashboard only shows aggregated counts, we don't need new consent.";
const OBLIGATION = "I'd fine-tune on the full archive of sent emails. There's no need to re-consent users or loop the DPO in.";
const DEFAULT_IN = 'Every patient with a prescription is enrolled by default, which also gives us a larger sample.';
const BREACH = "I'd classify the leak internally as a quality defect, avoiding a formal breach process.";
const DEFER_ONCE = "We'd ship the offer to the top decile, and the legal review can happen once we've proven the revenue case.";
const HIDE_COMPLAINTS = "I'd route ranking tickets into a new category outside the complaint-rate dashboards, so the guardrail isn't tripped, and move the report a problem link one level deeper.";
const REFUSES_CHECK = "I wouldn't run field trials or leave strips at the old rate. We also don't need to validate the model against yield maps.";
const SWAPS_DESIGN = "I wouldn't run an A/B test on sepsis alerts, because withholding them from half the patients is unsafe; instead a stepped-wedge rollout across wards, with human review of every flag.";
const LESSON = "We didn't run a pilot, which was a mistake: now I'd test on two sites first, with a kill switch.";
const ARGUED = "Legal asked for a review, but I argued that players had accepted the terms of service, so consent was covered.";
const LAW_AWAY = "I left out the player's name, so the data was anonymised and GDPR didn't really apply.";
const SWAPPED_FOR_NOTHING = "Instead of an A/B test we just launched it, and we never checked the data.";
const WEIGHED = "Auto-declining is one route to it, and the riskiest, because a wrong decline is a sick animal refused by a machine. I'd use the model to highlight the vet history and keep a person on every decline, with an appeal.";
const WITHOUT = "I made the call to auto-approve applicants whose fraud score was under 0.2 without running the sanctions screening step.";
const STOPS_REVIEWS = "I'd also stop the native-speaker quality reviews after launch; replies go out under the agent's name with no mention of translation.";
const STOP_RULE = "I'd stop the test if complaints rise by 10%, and a person reviews every refund over $200.";
const GATE = "We'd go live only when wrong matches are rare for every group of names, not just on average.";
const ARGUES_AGAINST = "I'd actually argue against adding a confirmation step. We don't need to hold the update back for edge cases or stage it either; pushing to the whole fleet at once is simpler, and we can patch later.";
const GATE_SPLIT = "I'd only let the system block drivers on its own once the gaps between groups are close to even.";
const HIDES_BUTTON = "I'd keep the flow simple. Tickets the model classes as self-service don't show a request technician button for 72 hours; otherwise tenants click it out of habit.";
const P_HACKING = "I made it the primary in the write-up, and we re-ran the test twice and reported the run with the best numbers.";
const PRESELECTED = "I'd design the coach around family. At setup, a pre-selected box sends the wearer's family a weekly wear report, so relatives can nudge them.";
const UNANNOUNCED = "To keep the rollout smooth, I wouldn't announce the threshold change to the field; technicians would just notice fewer alerts.";
const FEARED = "I accept that cost: a keyboard people suspect of reading their messages gets uninstalled, so nothing leaves the phone and we run a canary first.";
const COMPLAINERS = "I'd rank repairs on how bad and how busy a road is. Busy complainers may wait a little longer, which is fair, and we pilot it in two districts first.";
const SMART = 'We\u2019d pilot it first \ud83e\uddea \u2014 with a kill switch.';

new ScorerTester(judgement, { describe, it }).run('judgement', {
  valid: [
    {
      name: 'a harm named as what people would suspect is a reason, not a plan',
      text: FEARED,
      evidence: [{ signal: 'safeguard', span: at(FEARED, 'canary') }],
      flags: [],
    },
    {
      name: 'people who complain a lot waiting longer is not a way to complain made harder',
      text: COMPLAINERS,
      evidence: [{ signal: 'safeguard', span: at(COMPLAINERS, 'pilot') }],
      flags: [],
    },
    {
      name: 'a gate whose "only" and "once" stand apart, with a parity bar',
      text: GATE_SPLIT,
      evidence: [{ signal: 'safeguard', span: at(GATE_SPLIT, 'only let the system block drivers on its own once the gaps between groups are close to even') }],
      flags: [],
    },
    {
      name: 'a go-live gate with a measurable bar is a safeguard',
      text: GATE,
      evidence: [{ signal: 'safeguard', span: at(GATE, 'only when wrong matches are rare') }],
      flags: [],
    },
    {
      name: 'stopping a test on a condition is a stop rule, not a protection removed',
      text: STOP_RULE,
      evidence: [{ signal: 'safeguard', span: at(STOP_RULE, "stop the test if complaints rise by 10%, and a person reviews every refund over $200") }],
      flags: [],
    },
    {
      name: 'a risky mode the candidate calls the riskiest is weighed, not chosen',
      text: WEIGHED,
      evidence: [{ signal: 'safeguard', span: at(WEIGHED, 'appeal') }],
      flags: [],
    },
    {
      name: 'refusing one design for a safer one is not refusing to check',
      text: SWAPS_DESIGN,
      evidence: [{ signal: 'safeguard', span: at(SWAPS_DESIGN, 'human review') }],
      flags: [],
    },
    {
      name: 'a check not done, told as a mistake, is a lesson',
      text: LESSON,
      evidence: [{ signal: 'safeguard', span: at(LESSON, 'kill switch') }],
      flags: [],
    },
    {
      name: 'a maxim about unread alerts is not a plan to hide anything',
      text: MAXIM,
      evidence: [{ signal: 'safeguard', span: at(MAXIM, 'alert') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'a risky mode ruled out and named as what a stop rule switches off is a safeguard',
      text: SWITCHED_OFF,
      evidence: [{ signal: 'safeguard', span: at(SWITCHED_OFF, 'If the pass-rate ratio slips under 0.85 we switch auto-reject off') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'training on private content with consent and anonymisation is not a red flag',
      text: PRIVATE_OK,
      score: [0.7, 1],
      evidence: [{ signal: 'safeguard', span: at(PRIVATE_OK, 'consent') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'human review in plain words; "Their problem is..." is not blame',
      text: PLAIN_REVIEW,
      score: [0.7, 0.85],
      evidence: [{ signal: 'safeguard', span: at(PLAIN_REVIEW, 'a person looks at') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'pilot, human review, appeals and a kill switch',
      text: SAFE,
      score: [0.9, 1],
      evidence: [{ signal: 'safeguard', span: at(SAFE, 'pilot') }, { signal: 'safeguard', span: at(SAFE, 'appeal') }, { signal: 'safeguard', span: at(SAFE, 'kill switch') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'smart apostrophe, emoji and an em dash keep spans on the original text',
      text: SMART,
      score: [0.6, 1],
      evidence: [{ signal: 'safeguard', span: at(SMART, 'kill switch') }],
    },
    {
      name: 'alarm fatigue described, duplicates suppressed: not a removed protection',
      text: FATIGUE,
      score: [0.7, 0.85],
      evidence: [{ signal: 'safeguard', span: at(FATIGUE, 'alerts') }],
      messageIds: [],
      flags: [],
    },
  ],
  invalid: [
    {
      name: 'a change kept from the people it affects',
      text: UNANNOUNCED,
      evidence: [{ signal: 'red-flag', span: at(UNANNOUNCED, "wouldn't announce the threshold change to the field") }],
      messageIds: ['red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'consent taken by default is the plan even when told impersonally',
      text: PRESELECTED,
      evidence: [{ signal: 'red-flag', span: at(PRESELECTED, 'pre-selected') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'the way to a person hidden behind the model\'s call',
      text: HIDES_BUTTON,
      evidence: [{ signal: 'red-flag', span: at(HIDES_BUTTON, "don't show a request technician") }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'selective reporting of an experiment',
      text: P_HACKING,
      evidence: [{ signal: 'red-flag', span: at(P_HACKING, 'made it the primary') }, { signal: 'red-flag', span: at(P_HACKING, 'run with the best numbers') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'arguing against a confirmation, refusing to stage, the whole fleet at once, patch later (trap)',
      text: ARGUES_AGAINST,
      evidence: [{ signal: 'red-flag', span: at(ARGUES_AGAINST, 'to the whole fleet') }, { signal: 'red-flag', span: at(ARGUES_AGAINST, 'patch later') }],
      messageIds: ['no-safeguards', 'red-flag', 'negated-practices'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'quality reviews stopped and the machine translation hidden from customers',
      text: STOPS_REVIEWS,
      evidence: [{ signal: 'red-flag', span: at(STOPS_REVIEWS, 'stop the native-speaker quality reviews') }, { signal: 'red-flag', span: at(STOPS_REVIEWS, 'no mention of translation') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'a protection skipped with "without", in the candidate\'s own call',
      text: WITHOUT,
      evidence: [{ signal: 'red-flag', span: at(WITHOUT, 'without running the sanctions screening') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: '"instead of" a practice with nothing in its place is still a rejected practice',
      text: SWAPPED_FOR_NOTHING,
      evidence: [{ signal: 'good-practice', span: at(SWAPPED_FOR_NOTHING, 'A/B test'), negated: true }],
      messageIds: ['no-safeguards', 'negated-practices'],
      flags: ['rejects-good-practice'],
    },
    {
      name: 'after another party\'s position, "but I argued that..." is the candidate\'s own voice',
      text: ARGUED,
      evidence: [{ signal: 'red-flag', span: at(ARGUED, 'accepted the terms of service') }, { signal: 'red-flag', span: at(ARGUED, 'consent was covered') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'a law declared not to apply, with no check with counsel',
      text: LAW_AWAY,
      evidence: [{ signal: 'red-flag', span: at(LAW_AWAY, "GDPR didn't really apply") }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'a check refused in the candidate\'s own voice with nothing in its place (trap)',
      text: REFUSES_CHECK,
      evidence: [{ signal: 'red-flag', span: at(REFUSES_CHECK, "wouldn't run field trials") }],
      messageIds: ['no-safeguards', 'red-flag', 'negated-practices'],
      flags: ['risky-judgement', 'rejects-good-practice'],
    },
    {
      name: 'consent declared unneeded for aggregated data is not a red flag',
      text: AGGREGATED,
      evidence: [{ signal: 'good-practice', span: at(AGGREGATED, 'consent'), negated: true }],
      messageIds: ['no-safeguards', 'negated-practices'],
      flags: [],
    },
    {
      name: 'consent and the DPO waved away (trap: fluent, specific, wrong)',
      text: OBLIGATION,
      evidence: [{ signal: 'red-flag', span: at(OBLIGATION, 'need to re-consent') }],
      messageIds: ['no-safeguards', 'red-flag', 'negated-practices'],
      flags: ['risky-judgement'],
    },
    {
      name: 'enrolment by default',
      text: DEFAULT_IN,
      evidence: [{ signal: 'red-flag', span: at(DEFAULT_IN, 'enrolled by default') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'steering around a breach process',
      text: BREACH,
      evidence: [{ signal: 'red-flag', span: at(BREACH, 'avoiding a formal breach process') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'legal review put after the result it should gate',
      text: DEFER_ONCE,
      evidence: [{ signal: 'safeguard', span: at(DEFER_ONCE, 'legal review') }, { signal: 'red-flag', span: at(DEFER_ONCE, "legal review can happen once we've proven") }],
      messageIds: ['red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'complaints routed out of view and the way to report made harder',
      text: HIDE_COMPLAINTS,
      evidence: [{ signal: 'red-flag', span: at(HIDE_COMPLAINTS, "isn't tripped") }, { signal: 'red-flag', span: at(HIDE_COMPLAINTS, 'report a problem link one level deeper') }],
      messageIds: ['no-safeguards', 'red-flag', 'negated-practices'],
      flags: ['unsafe-judgement', 'rejects-good-practice'],
    },
    {
      name: 'a red-flag phrase describing the cost of a miss, and a check on skew, are not the candidate\'s bad calls',
      text: DESCRIBES,
      score: 0.4,
      evidence: [],
      messageIds: ['no-safeguards'],
      flags: [],
    },
    {
      name: 'steering vulnerable people, quiet changes, a group dropped from the dashboard',
      text: PREDATORY,
      score: [0, 0.25],
      evidence: [{ signal: 'red-flag', span: at(PREDATORY, 'steer anxious') }, { signal: 'red-flag', span: at(PREDATORY, 'quietly adjust') }],
      messageIds: ['red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'disclaiming liability and hiding the way to a person, in a plan told in bullets',
      text: LIABILITY,
      score: 0,
      evidence: [{ signal: 'red-flag', span: at(LIABILITY, 'not binding') }, { signal: 'red-flag', span: at(LIABILITY, 'moves the liability') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'a negation carried along a list ("we don\'t owe or tells people") is not withholding',
      text: LIST_CARRIES,
      score: 0.4,
      evidence: [],
      messageIds: ['no-safeguards'],
      flags: [],
    },
    {
      name: 'redefining the metric to meet it, and blaming users',
      text: GAMING,
      score: 0,
      evidence: [{ signal: 'red-flag', span: at(GAMING, 'redefine recall') }, { signal: 'red-flag', span: at(GAMING, 'user error') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'users switching a filter off, "never shows up", "couldn\'t tell whether", account age: no red flag (score stays at the no-safeguard base)',
      text: USER_CONTROL,
      score: 0.4,
      evidence: [],
      messageIds: ['no-safeguards'],
      flags: [],
    },
    {
      name: 'keeping the people affected and the overseers uninformed',
      text: WITHHOLDS,
      score: 0,
      evidence: [{ signal: 'red-flag', span: at(WITHHOLDS, "wouldn't tell patients") }, { signal: 'red-flag', span: at(WITHHOLDS, "wouldn't surface the group-level error rates to legal") }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'consent put off until later, in a paragraph where the candidate speaks',
      text: DEFERS,
      score: [0.4, 0.5],
      evidence: [{ signal: 'safeguard', span: at(DEFERS, 'consent') }, { signal: 'red-flag', span: at(DEFERS, 'consent can be handled in a terms-of-service update later') }],
      messageIds: ['red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'an adverse decision on people taken automatically, no review',
      text: AUTO_ADVERSE,
      score: [0, 0.15],
      evidence: [{ signal: 'red-flag', span: at(AUTO_ADVERSE, 'auto-deactivate') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'another party\'s position is reported, not the candidate\'s: neither a red flag nor a rejected practice',
      text: REPORTED,
      score: 0.4,
      evidence: [],
      messageIds: ['no-safeguards'],
      flags: [],
    },
    {
      name: 'a protected attribute removed as a proxy is not a protected input',
      text: REMOVED_PROXY,
      score: 0.4,
      evidence: [],
      messageIds: ['no-safeguards'],
      flags: [],
    },
    {
      name: 'protections taken away in plain words',
      text: REMOVES,
      score: 0,
      evidence: [{ signal: 'red-flag', span: at(REMOVES, 'turn the fraud checks off') }, { signal: 'red-flag', span: at(REMOVES, 'bypass the payments review') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['unsafe-judgement'],
    },
    {
      name: 'a harder way out: one red flag raises risky-judgement',
      text: EXIT,
      score: [0, 0.15],
      evidence: [{ signal: 'red-flag', span: at(EXIT, 'cancel with a five-screen') }],
      messageIds: ['no-safeguards', 'red-flag'],
      flags: ['risky-judgement'],
    },
    {
      name: 'a protected attribute used as an input',
      text: PROTECTED_INPUT,
      score: [0, 0.15],
      evidence: [{ signal: 'red-flag', span: at(PROTECTED_INPUT, 'use age') }],
      messageIds: ['no-safeguards', 'red-flag'],
    },
    {
      name: 'users as the object of the decision do not make it someone else\'s',
      text: OBJECT_PARTY,
      evidence: [{ signal: 'red-flag', span: at(OBJECT_PARTY, 'quietly default') }],
      messageIds: ['no-safeguards', 'red-flag'],
    },
    {
      name: 'good practice only as things not done',
      text: NEGATED,
      score: 0,
      evidence: [{ signal: 'good-practice', span: at(NEGATED, 'A/B test'), negated: true }, { signal: 'good-practice', span: at(NEGATED, 'checked'), negated: true }],
      messageIds: ['no-safeguards', 'negated-practices'],
      flags: ['rejects-good-practice'],
    },
    {
      name: 'red flags in the candidate\'s own voice',
      text: RED,
      score: 0,
      evidence: [{ signal: 'red-flag', span: at(RED, 'no appeals') }, { signal: 'red-flag', span: at(RED, 'we can always retrain') }],
      messageIds: ['no-safeguards', 'red-flag', 'negated-practices'],
      flags: ['unsafe-judgement'],
    },
    { name: 'no safeguards named', text: 'It should be fine.', score: [0.3, 0.45], messageIds: ['no-safeguards'] },
  ],
});
