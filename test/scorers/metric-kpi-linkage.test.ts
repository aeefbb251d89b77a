import { describe, it } from 'vitest';
import metricKpiLinkage from '../../src/scorers/metric-kpi-linkage.js';
import { ScorerTester } from '../../src/testing/index.js';
import { at } from './helpers.js';

const LINKED = 'A 2-point gain in recall cuts fraud losses by about $400k a year.';
const BECAUSE = 'Precision matters here because false alarms drive churn.';
const PLAIN = 'If recall improves by 3 points, people cancelling should fall because fewer scams slip through.';
const ACROSS = 'We would watch precision at the shipped threshold. This cuts support tickets by 12%.';
const UNICODE = 'A 2\u2011point gain in recall \u2014 our \u201cnorth star\u201d \ud83d\ude80\u200b \u2014 cuts fraud losses by $400k a year.';
const TRANSLATES = 'Better recall translates into fewer chargebacks, so fraud losses drop by 8%.';
const KEEP = 'First, how often people keep our guess without changing it. Second, whether those owners stay with us longer and renew, because catching up weekly is what keeps them paying.';
const CARES = 'Outcomes: forecast error weighted by what a miss costs, reported as the numbers ops cares about, stockouts and expired write-offs.';
const PEOPLE_ONLY = 'Success is fewer people falling behind on payments over 60 days.';
const COOCCUR = 'We track recall. Fraud losses are reported by finance.';
const NEGATED = 'We never tied recall to fraud losses.';
const NOT_MEASURED = 'We did not measure whether better recall reduced churn.';
const STUFFED = 'Precision, recall, F1, AUC, churn, NPS, retention, conversion.';
const MODEL_ONLY = "I'd improve the model's accuracy and AUC with better features.";

new ScorerTester(metricKpiLinkage, { describe, it }).run('metric-kpi-linkage', {
  valid: [
    {
      name: 'a model measure reported as "the numbers ops cares about"',
      text: CARES,
      score: [0.6, 0.85],
      evidence: [{ signal: 'model-metric', span: at(CARES, 'forecast error') }, { signal: 'linking-construction', span: at(CARES, 'the numbers ops cares about') }, { signal: 'kpi', span: at(CARES, 'stockouts') }],
      messageIds: ['no-direction-or-number'],
    },
    {
      name: 'plain-language output quality ("how often people keep our guess") linked to renewals',
      text: KEEP,
      score: [0.45, 0.65],
      evidence: [{ signal: 'model-metric', span: at(KEEP, 'keep our guess') }, { signal: 'kpi', span: at(KEEP, 'renew') }, { signal: 'linking-construction', span: at(KEEP, 'because') }],
      messageIds: ['no-direction-or-number'],
    },
    {
      name: 'metric, linking verb, KPI, direction and number in one clause',
      text: LINKED,
      score: [0.9, 1],
      evidence: [{ signal: 'model-metric', span: at(LINKED, 'recall') }, { signal: 'linking-construction', span: at(LINKED, 'cuts') }, { signal: 'kpi', span: at(LINKED, 'fraud losses') }],
      messageIds: [],
      flags: [],
    },
    {
      name: 'plain-language metric ("false alarms") drives churn',
      text: BECAUSE,
      score: [0.7, 1],
      evidence: [{ signal: 'model-metric', span: at(BECAUSE, 'false alarms') }, { signal: 'linking-construction', span: at(BECAUSE, 'drive') }, { signal: 'kpi', span: at(BECAUSE, 'churn') }],
      messageIds: ['no-direction-or-number'],
    },
    {
      name: 'plain-language KPI ("people cancelling")',
      text: PLAIN,
      score: [0.8, 1],
      evidence: [{ signal: 'model-metric', span: at(PLAIN, 'recall') }, { signal: 'kpi', span: at(PLAIN, 'people cancelling') }],
      messageIds: [],
    },
    {
      name: 'linked across adjacent sentences with "This"',
      text: ACROSS,
      score: [0.8, 1],
      evidence: [{ signal: 'model-metric', span: at(ACROSS, 'precision') }, { signal: 'linking-construction', span: at(ACROSS, 'cuts') }, { signal: 'kpi', span: at(ACROSS, 'support tickets') }],
      messageIds: [],
    },
    {
      name: 'spans on text with a non-breaking hyphen, em dashes, smart quotes, emoji and a zero-width space',
      text: UNICODE,
      score: [0.8, 1],
      evidence: [{ signal: 'model-metric', span: at(UNICODE, 'recall') }, { signal: 'linking-construction', span: at(UNICODE, 'cuts') }, { signal: 'kpi', span: at(UNICODE, 'fraud losses') }],
    },
    {
      name: '"translates into"',
      text: TRANSLATES,
      score: [0.9, 1],
      evidence: [{ signal: 'model-metric', span: at(TRANSLATES, 'recall') }, { signal: 'linking-construction', span: at(TRANSLATES, 'translates into') }, { signal: 'kpi', span: at(TRANSLATES, 'chargebacks') }],
      messageIds: [],
    },
  ],
  invalid: [
    {
      name: 'a plain-language outcome with no model metric earns little',
      text: PEOPLE_ONLY,
      score: [0, 0.15],
      evidence: [{ signal: 'kpi', span: at(PEOPLE_ONLY, 'falling behind') }],
      messageIds: ['no-model-metric'],
    },
    {
      name: 'co-occurrence without a link earns little',
      text: COOCCUR,
      score: [0.05, 0.3],
      evidence: [{ signal: 'model-metric', span: at(COOCCUR, 'recall') }, { signal: 'kpi', span: at(COOCCUR, 'Fraud losses') }],
      messageIds: ['not-linked'],
    },
    {
      name: 'a negated link earns nothing',
      text: NEGATED,
      score: 0,
      evidence: [{ signal: 'model-metric', span: at(NEGATED, 'recall'), negated: true }, { signal: 'kpi', span: at(NEGATED, 'fraud losses'), negated: true }],
      messageIds: ['no-model-metric', 'no-kpi', 'negated-link'],
    },
    {
      name: 'a link that was not measured earns nothing',
      text: NOT_MEASURED,
      score: 0,
      evidence: [{ signal: 'model-metric', span: at(NOT_MEASURED, 'recall'), negated: true }, { signal: 'kpi', span: at(NOT_MEASURED, 'churn'), negated: true }],
      messageIds: ['no-model-metric', 'no-kpi', 'negated-link'],
    },
    {
      name: 'a comma list of metrics and KPIs is stuffing',
      text: STUFFED,
      score: [0, 0.3],
      messageIds: ['no-model-metric', 'no-kpi'],
      flags: ['keyword-stuffing'],
    },
    {
      name: 'model metrics only',
      text: MODEL_ONLY,
      score: [0, 0.15],
      evidence: [{ signal: 'model-metric', span: at(MODEL_ONLY, 'accuracy') }],
      messageIds: ['no-kpi'],
    },
    { name: 'no metric, no KPI', text: 'The model is great and users will love it.', score: 0, messageIds: ['no-model-metric', 'no-kpi'] },
    { name: 'substrings are not terms', text: 'The precisionist team, multitasking, kept a conversational tone and a churchy choir.', score: 0, messageIds: ['no-model-metric', 'no-kpi'] },
  ],
});
