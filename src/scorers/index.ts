import type { Scorer } from './define-scorer.js';
import structure from './structure.js';
import metricKpiLinkage from './metric-kpi-linkage.js';
import tradeoff from './tradeoff.js';
import compliance from './compliance.js';
import experimentDesign from './experiment-design.js';
import mlopsOwnership from './mlops-ownership.js';
import specificity from './specificity.js';
import stakeholderResolution from './stakeholder-resolution.js';
import businessFocus from './business-focus.js';
import relevance from './relevance.js';
import prioritization from './prioritization.js';
import judgement from './judgement.js';
import concision from './concision.js';
import lexicon from './lexicon.js';

/** The built-in scorers, by id. */
export const BUILTIN_SCORERS: readonly Scorer[] = Object.freeze([
  structure,
  metricKpiLinkage,
  tradeoff,
  compliance,
  experimentDesign,
  mlopsOwnership,
  specificity,
  stakeholderResolution,
  businessFocus,
  relevance,
  prioritization,
  judgement,
  concision,
  lexicon,
]);

