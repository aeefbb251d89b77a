import type { Reporter } from './types.js';

/** One JSON object per line, per record, in input order: the machine contract of `score --format jsonl`. */
export function jsonlReporter(): Reporter {
  return {
    // A row from a worker is already UTF-8 JSON plus a newline: written without decoding.
    row: (p) => p.bytes ?? `${p.json}\n`,
    end: async () => undefined,
    dispose: () => undefined,
  };
}
