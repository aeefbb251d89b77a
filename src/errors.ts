/**
 * Typed errors. Configuration and programmer mistakes throw one of these; properties of an
 * answer (empty of content, off-topic, stuffed) are findings, never errors.
 */
export type ErrorCode =
  | 'INPUT_TYPE'
  | 'INPUT_EMPTY'
  | 'INPUT_TOO_LONG'
  | 'RUBRIC_INVALID'
  | 'RUBRIC_NOT_FOUND'
  | 'SCORER_INVALID'
  | 'SCORER_FAILED'
  | 'SCORER_TIMEOUT'
  | 'ASYNC_REQUIRED'
  | 'PATTERN_UNSAFE'
  | 'LEXICON_INVALID'
  | 'FILE_READ'
  | 'PARSE'
  | 'USAGE';

export interface IssueLike {
  path: (string | number)[];
  message: string;
  code?: string;
}

export class AnswerEvalError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnswerEvalError';
    this.code = code;
  }
}

/** Bad input to evaluate/analyze: wrong type, empty, over the size limit. */
export class InputError extends AnswerEvalError {
  constructor(code: 'INPUT_TYPE' | 'INPUT_EMPTY' | 'INPUT_TOO_LONG', message: string) {
    super(code, message);
    this.name = 'InputError';
  }
}

/** Formats a zod-style path as `criteria[2].options.weight`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${String(p)}` : String(p);
  }
  return out || '(root)';
}

/** A rubric (or lexicon, or scorer options) that failed validation; `issues` carry paths. */
export class RubricValidationError extends AnswerEvalError {
  readonly issues: IssueLike[];
  readonly file?: string;
  constructor(issues: IssueLike[], options: { file?: string; what?: string; code?: ErrorCode } = {}) {
    const where = options.file ? `${options.file}: ` : '';
    const what = options.what ?? 'rubric';
    const lines = issues.map((i) => `  - ${where}${formatPath(i.path)}: ${i.message}`);
    super(
      options.code ?? 'RUBRIC_INVALID',
      `Invalid ${what}${options.file ? ` in ${options.file}` : ''} (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`,
    );
    this.name = 'RubricValidationError';
    this.issues = issues;
    this.file = options.file;
  }
}

/** Wraps zod issues (which may carry symbol keys) into plain IssueLike records. */
export function toIssues(zodIssues: readonly { path: readonly PropertyKey[]; message: string; code?: string }[], prefix: (string | number)[] = []): IssueLike[] {
  return zodIssues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p.description) : (p as string | number)))],
    message: i.message,
    code: i.code,
  }));
}
