import { csvReporter } from './csv.js';
import { jsonReporter } from './json.js';
import { jsonlReporter } from './jsonl.js';
import { junitReporter } from './junit.js';
import { markdownReporter } from './markdown.js';
import { tableReporter } from './table.js';
import type { Reporter, ReporterOptions } from './types.js';

export const REPORT_FORMATS = ['table', 'json', 'jsonl', 'csv', 'markdown', 'junit'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(x: string): x is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(x);
}

export function createReporter(format: ReportFormat, options: ReporterOptions = {}): Reporter {
  switch (format) {
    case 'table':
      return tableReporter(options);
    case 'json':
      return jsonReporter();
    case 'jsonl':
      return jsonlReporter();
    case 'csv':
      return csvReporter(options);
    case 'markdown':
      return markdownReporter(options);
    case 'junit':
      return junitReporter(options);
  }
}

export { endToString } from './types.js';
export type { Reporter, ReporterOptions, Write } from './types.js';
