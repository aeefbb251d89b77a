import type { ErrorCode } from '../errors.js';
import type { Evaluation } from '../rubric/evaluate.js';
import type { Rubric, RubricInput } from '../rubric/schema.js';

/** Error codes an error row may carry: the library's codes, plus INTERNAL for a bug in answer-eval itself. */
export type BatchErrorCode = ErrorCode | 'INTERNAL';

/** A record that could not be scored, in its place in the output. */
export interface ErrorRow {
  id?: string;
  file: string;
  line: number;
  error: { code: BatchErrorCode; message: string };
}

/** One scored record: where it came from, then the evaluation (without `answerId`, which is `id`). */
export interface ResultRow {
  id: string;
  file: string;
  line: number;
  rubric: Evaluation['rubric'];
  score: number;
  band: string;
  passed: boolean;
  criteria: Evaluation['criteria'];
  flags: Evaluation['flags'];
  stats: Evaluation['stats'];
}

/** N records in, N rows out: every input record becomes exactly one of these, in input order. */
export type BatchRow = ResultRow | ErrorRow;

export function isErrorRow(row: BatchRow): row is ErrorRow {
  return (row as ErrorRow).error !== undefined;
}

/**
 * One record on its way through a batch, before it is validated. Readers make these; they are
 * plain data so that they can be posted to a worker thread as they are.
 * - `text`: the raw JSONL line, parsed where it is scored (so JSON parsing runs in the workers);
 * - `value`: a record already parsed by its reader (JSON array, YAML, CSV);
 * - `error`: the reader already knows this record is broken (e.g. a line over the size limit).
 */
export interface BatchItem {
  kind: 'answer-eval/item';
  file: string;
  line: number;
  text?: string;
  value?: unknown;
  error?: { code: BatchErrorCode; message: string; id?: string };
}

/**
 * What a worker needs to score records. Only data crosses the thread boundary: rubric ids or rubric
 * objects, module paths of custom scorers, numbers. Never functions.
 */
export interface BatchConfig {
  /** Rubric for records without their own `rubric` field: a built-in id, a rubric reference, or a rubric object. */
  rubric?: string | RubricInput | Rubric;
  /** Longest accepted answer in characters (default 50,000). */
  maxLength?: number;
  /** ES modules (paths or file: URLs) whose exported scorers (made with defineScorer) are loaded in every worker. */
  scorerModules?: string[];
  /** Base directory for relative rubric and module paths (default: process.cwd()). */
  cwd?: string;
}

export interface EvaluateManyOptions extends BatchConfig {
  /**
   * Worker threads to use (default: the number of CPUs). 1 scores in this thread. With more,
   * inputs shorter than `minWorkerBatch` are still scored in this thread: starting a worker costs
   * more than scoring a few answers.
   */
  concurrency?: number;
  /** Records to read ahead before deciding to start workers (default 200). */
  minWorkerBatch?: number;
  /**
   * 'auto' (default): worker threads for inputs of `minWorkerBatch` records or more when
   * `concurrency` > 1, this thread otherwise. 'workers': always `concurrency` worker threads, even
   * one, which keeps this thread free (a server's event loop; benchmarks of one worker). 'in-process':
   * never.
   */
  mode?: 'auto' | 'workers' | 'in-process';
  /** Records per message to a worker (default 16). */
  chunkSize?: number;
  /** The worker script (default: worker.js next to this bundle). Mostly for tests and bundlers. */
  workerUrl?: string | URL;
  /**
   * Heap limits of each worker (node's Worker resourceLimits). The default keeps a 2-worker run
   * under 200 MB at some CPU cost; `false` sets none, for a process that bounds heap growth another
   * way (the CLI sets V8's heap growing factor, which is cheaper, but only a program may do that).
   */
  workerResourceLimits?: { maxYoungGenerationSizeMb?: number; maxOldGenerationSizeMb?: number } | false;
  /** Called once, when the run knows whether it uses workers. */
  onStart?: (info: { mode: 'in-process' | 'workers'; workers: number }) => void;
  /**
   * Per-answer time limit in ms on worker threads (default: none). A record whose scoring runs
   * longer, even in a synchronous scorer, gets a SCORER_TIMEOUT error row and the run goes on (its
   * worker is stopped and replaced). In this thread a synchronous scorer cannot be interrupted, so
   * the limit needs `mode: 'workers'` or a batch large enough for workers.
   */
  timeoutMs?: number;
  /** Called when a worker thread dies (its chunks are then scored in this thread; no row is lost). */
  onWorkerFailure?: (reason: string) => void;
}

/**
 * The few facts about a row that summaries and tabular reports need (no evidence, no feedback),
 * computed where the row is made: the main thread of a pooled run then never has to parse rows.
 */
export interface RowBrief {
  id?: string;
  file: string;
  line: number;
  rubric?: string;
  version?: string;
  score?: number;
  band?: string;
  passed?: boolean;
  /** [criterion id, score (null: not applicable), covered (evidence asserted, credit earned)] */
  criteria?: [string, number | null, boolean][];
  /** Distinct flag ids. */
  flags?: string[];
  error?: { code: BatchErrorCode; message: string };
}

/**
 * A row as the CLI's reporters use it: its brief, its JSON text, and the row itself. A row made in
 * a worker arrives as UTF-8 bytes (`bytes`: the JSON and a newline) in a transferred buffer, and is
 * written out as such: the main thread then handles no row strings or objects at all, which keeps
 * its heap (whose size the CLI cannot limit) small. `json` and `row` are decoded on first use.
 */
export interface ProcessedRow {
  brief: RowBrief;
  readonly json: string;
  readonly row: BatchRow;
  /** With runBatch's recycleBuffers, valid only until the next row is requested (the buffer is then reused). */
  bytes?: Uint8Array;
}
