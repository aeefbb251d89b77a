import type { CommandEntry } from '../types.js';

/**
 * Every command of the CLI, in help order. A command lives in its own file in this folder
 * (exporting a Command) and is listed here by name and summary, with a loader: only the command
 * that runs is loaded, so that `score` does not pay, in memory and start-up time, for the
 * dependencies of every other command (the CLI's main thread stays small while workers score).
 * A two-word name ("rubrics validate") joins the group of its first word.
 * test/cli.test.ts checks that each entry's name and summary match its Command.
 */
export const COMMANDS: CommandEntry[] = [
  { name: 'score', summary: 'Score answers in files or stdin against rubrics.', load: async () => (await import('./score.js')).scoreCommand },
  { name: 'explain', summary: 'Explain the score of one answer, criterion by criterion, with its evidence.', load: async () => (await import('./explain.js')).explainCommand },
  { name: 'agreement', summary: 'Measure how well scores agree with human grades (Spearman, QWK, pairwise order...).', load: async () => (await import('./agreement.js')).agreementCommand },
  { name: 'calibrate', summary: "Fit a rubric's criterion weights and grade cut points to human grades.", load: async () => (await import('./calibrate.js')).calibrateCommand },
  { name: 'rubrics list', summary: 'List the built-in rubrics.', load: async () => (await import('./rubrics.js')).rubricsListCommand },
  { name: 'rubrics show', summary: 'Show a rubric: what it looks for, its criteria and weights, bands and caps.', load: async () => (await import('./rubrics.js')).rubricsShowCommand },
  { name: 'rubrics validate', summary: 'Check rubric files and report every problem with its file, line and path.', load: async () => (await import('./rubrics-validate.js')).rubricsValidateCommand },
  { name: 'rubrics schema', summary: 'Print the JSON Schema of rubric files, for editor completion and validation.', load: async () => (await import('./rubrics-schema.js')).rubricsSchemaCommand },
];
