import { readRecords, type InputFormat, type ReadRecordsOptions } from '../batch/read/index.js';
import type { BatchItem } from '../batch/types.js';
import { toLabeledAnswer, type LabeledAnswer } from './labeled.js';

export interface UnusableRecord {
  file: string;
  line: number;
  id?: string;
  code: string;
  message: string;
}

/**
 * Reads graded answers from files, globs or `-` with the batch readers (JSONL, JSON, YAML, CSV), so
 * they come with the same file and line numbers `answer-eval score` reports. Records that cannot
 * be used (broken JSON, no answer, no numeric grade) are returned apart, with the reason.
 */
export async function readLabeled(
  inputs: readonly string[],
  options: Pick<ReadRecordsOptions, 'cwd' | 'stdin'> & { format?: InputFormat | 'auto' } = {},
): Promise<{ records: LabeledAnswer[]; unusable: UnusableRecord[] }> {
  const records: LabeledAnswer[] = [];
  const unusable: UnusableRecord[] = [];
  for await (const item of readRecords(inputs, options) as AsyncIterable<BatchItem>) {
    const at = { file: item.file, line: item.line };
    if (item.error) {
      unusable.push({ ...at, ...(item.error.id ? { id: item.error.id } : {}), code: item.error.code, message: item.error.message });
      continue;
    }
    let value = item.value;
    if (item.text !== undefined) {
      try {
        value = JSON.parse(item.text);
      } catch (e) {
        unusable.push({ ...at, code: 'PARSE', message: `Invalid JSON: ${(e as Error).message}` });
        continue;
      }
    }
    const rec = toLabeledAnswer(value, item.line);
    if (typeof rec === 'string') {
      const id = value && typeof value === 'object' && 'id' in value ? String((value as { id: unknown }).id) : undefined;
      unusable.push({ ...at, ...(id ? { id } : {}), code: 'INPUT_TYPE', message: `${rec}.` });
      continue;
    }
    rec.file = item.file;
    records.push(rec);
  }
  return { records, unusable };
}
