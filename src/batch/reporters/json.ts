import type { Reporter } from './types.js';

/** A JSON array, one row per line, written as rows come (nothing is held back). */
export function jsonReporter(): Reporter {
  let first = true;
  return {
    row(p) {
      const head = first ? '[\n' : ',\n';
      first = false;
      return head + p.json;
    },
    async end(_summary, write) {
      await write(first ? '[]\n' : '\n]\n');
    },
    dispose: () => undefined,
  };
}
