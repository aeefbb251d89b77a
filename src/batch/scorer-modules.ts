import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AnswerEvalError } from '../errors.js';
import { isScorer, type Scorer } from '../scorers/define-scorer.js';

function toUrl(spec: string, cwd: string): string {
  if (/^(file|data):/.test(spec)) return spec;
  return pathToFileURL(isAbsolute(spec) ? spec : resolve(cwd, spec)).href;
}

function collect(value: unknown, out: Scorer[]): void {
  if (isScorer(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) collect(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) if (isScorer(v)) out.push(v);
}

/**
 * Imports ES modules of custom scorers (each export, or the default export as a scorer, an array
 * or an object of scorers). Runs in every worker: functions cannot cross threads, module paths can.
 */
export async function loadScorerModules(specs: readonly string[], cwd = process.cwd()): Promise<Scorer[]> {
  const out: Scorer[] = [];
  for (const spec of specs) {
    let mod: Record<string, unknown>;
    try {
      mod = (await import(toUrl(spec, cwd))) as Record<string, unknown>;
    } catch (e) {
      throw new AnswerEvalError('SCORER_INVALID', `Cannot load scorer module "${spec}": ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    const before = out.length;
    for (const v of Object.values(mod)) collect(v, out);
    if (out.length === before) throw new AnswerEvalError('SCORER_INVALID', `Scorer module "${spec}" exports no scorer made with defineScorer().`);
  }
  return out;
}
