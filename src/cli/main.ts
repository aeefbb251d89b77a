import { runCli } from './run.js';
import type { CliIo } from './types.js';

// Our output goes through io.stdout only. Anything else that logs (a custom scorer, a dependency)
// is sent to stderr, so that `--format jsonl` stdout stays one JSON object per line.
console.log = console.error;
console.info = console.error;
console.debug = console.error;

// Reading side closed early (`answer-eval score … | head`): stop quietly, as Unix tools do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const cleanups = new Set<() => void>();
const onSignal = (signal: NodeJS.Signals) => {
  for (const fn of cleanups) fn();
  process.stderr.write(`\nanswer-eval: interrupted (${signal}); no partial report was left.\n`);
  process.exit(signal === 'SIGINT' ? 130 : 143);
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

const io: CliIo = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  tuneV8: true,
  onInterrupt(fn) {
    cleanups.add(fn);
    return () => cleanups.delete(fn);
  },
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`answer-eval: internal error: ${String((e as Error)?.message ?? e)}\n`);
    process.exitCode = 3;
  },
);
