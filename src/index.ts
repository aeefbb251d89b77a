// The public surface. Explicit named exports only; test/exports.test.ts pins this list.
export { analyze, AnswerDocument, DEFAULT_MAX_LENGTH } from './document/analyze.js';
export type { AnalyzeOptions } from './document/analyze.js';
export type { Span, Token, Sentence, Clause, Paragraph, ListItem, Heading, NumberMention, NegationScope, DocumentStats } from './document/types.js';
export { AnswerEvalError, InputError, RubricValidationError } from './errors.js';
export type { ErrorCode, IssueLike } from './errors.js';
export { defineScorer, isScorer } from './scorers/define-scorer.js';
export type { Scorer, ScorerDefinition, ScoreContext, ScoreResult, ScorerEnv, Evidence, Finding, Flag, RawFinding, RawFlag } from './scorers/define-scorer.js';
export { BUILTIN_SCORERS } from './scorers/index.js';
export { createEvaluator, evaluate, parseRubric, rubricHash } from './rubric/evaluate.js';
export type { Evaluation, CriterionResult, Evaluator, EvaluatorOptions, EvaluateInput, AnswerRecord } from './rubric/evaluate.js';
export { RubricSchema, rubricJsonSchema, DEFAULT_BANDS, DEFAULT_LEVELS, DEFAULT_PASS_SCORE, DEFAULT_CAPS } from './rubric/schema.js';
export type { Rubric, RubricInput, Criterion, Band, Level } from './rubric/schema.js';
export { getBuiltinRubric, listBuiltinRubrics, BUILTIN_RUBRIC_IDS } from './rubric/builtin.js';
export { compileLexicon, loadLexicon } from './lexicons/compile.js';
export { LexiconSchema } from './lexicons/schema.js';
export type { Lexicon, LexiconEntry } from './lexicons/schema.js';
export type { CompiledLexicon, LexiconMatch, LexiconSet } from './lexicons/index.js';
