import type { Writable, Readable } from 'node:stream';

/** Exit codes, the same for every command. */
export const EXIT = {
  OK: 0,
  /** Some answer scored below --min-score. */
  BELOW_MIN_SCORE: 1,
  /** A usage or input error: bad flag or value, unreadable file, unknown rubric, records that could not be scored. */
  USAGE: 2,
  /** A bug in answer-eval (never a user mistake). */
  INTERNAL: 3,
} as const;

export type OutStream = (Writable | NodeJS.WritableStream) & { isTTY?: boolean; columns?: number };

/** Everything a command touches outside itself, so that tests can run the CLI in-process. */
export interface CliIo {
  stdin: (Readable | NodeJS.ReadableStream) & { isTTY?: boolean };
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Worker script for the batch pool (tests run from sources, where there is no built worker.js). */
  workerUrl?: string | URL;
  /** May commands tune V8 for this process (score does)? Only the CLI's entry says yes: in-process callers such as tests keep their V8 as it is. */
  tuneV8?: boolean;
  /** Registers a clean-up to run if the process is interrupted; returns a function that unregisters it. */
  onInterrupt?: (fn: () => void) => () => void;
}

export interface CliOption {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder for the value in help, e.g. "ID". */
  value?: string;
  description: string;
  /** Shown in help as the default; the command applies it. */
  defaultText?: string;
}

export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  io: CliIo;
  values: OptionValues;
  positionals: string[];
  command: Command;
}

/**
 * One CLI command. Adding a command is adding a file under src/cli/commands/ that exports one of
 * these, and listing it in commands/index.ts. `name` may have two words for a sub-command
 * ("rubrics list"): the first word then groups commands in help.
 */
export interface Command {
  name: string;
  summary: string;
  /** The usage line after "Usage: ", e.g. "answer-eval score <file|glob|->... [options]". */
  usage: string;
  description?: string;
  options: Record<string, CliOption>;
  examples?: string[];
  run(ctx: CommandContext): Promise<number>;
}

/** A command as the registry lists it: enough for help and dispatch; `load` imports the command itself. */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}
