import type { ClassReport } from '../grade-class.js';
import { csvReport } from './csv-report.js';
import { jsonReport } from './json-report.js';
import { junitReport } from './junit-report.js';
import { tableReport } from './table-report.js';

export type ReportFormat = 'tabla' | 'csv' | 'json' | 'junit';

/** English names accepted too (`--format table`). */
export const FORMAT_ALIASES: Record<string, ReportFormat> = { table: 'tabla', xml: 'junit' };

export interface RenderOptions {
  /** For CSV: the file is for a spreadsheet (see csv-report.ts). */
  toFile: boolean;
  width?: number;
  /** CSV: the header of the identifier column. */
  idColumn?: string;
}

export function renderReport(report: ClassReport, format: ReportFormat, options: RenderOptions): string {
  switch (format) {
    case 'json':
      return jsonReport(report);
    case 'csv':
      return csvReport(report, { bom: options.toFile, idColumn: options.idColumn });
    case 'junit':
      return junitReport(report);
    case 'tabla':
      return tableReport(report, options.width);
  }
}
