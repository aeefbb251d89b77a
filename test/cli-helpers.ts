import { Readable, Writable } from 'node:stream';
import { runCli } from '../src/cli/run.js';
import type { CliIo } from '../src/cli/types.js';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  return { stream, text: () => text };
}

/** Runs the CLI in-process in `cwd`, with empty stdin and captured stdout/stderr. */
export function cliIn(cwd: string) {
  return async (...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    const out = sink();
    const err = sink();
    const io: CliIo = { stdin: Readable.from([]), stdout: out.stream, stderr: err.stream, env: {}, cwd };
    const code = await runCli(argv, io);
    return { code, stdout: out.text(), stderr: err.text() };
  };
}
