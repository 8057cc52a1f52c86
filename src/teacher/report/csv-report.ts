import type { ClassReport } from '../grade-class.js';
import { STATUS_WORDS } from './status-words.js';

/** Byte order mark: spreadsheets (Excel above all) read the file as UTF-8 only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

/**
 * RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote, line
 * break or leading/trailing space, quotes doubled. Cells a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) get a leading apostrophe: messages may quote what an
 * untrusted program printed. Seconds with a decimal point: the column stays a number in any locale
 * that imports CSV as RFC 4180.
 */
export function csvReport(report: ClassReport, { bom }: { bom: boolean }): string {
  const header = ['entrega', 'resultado', 'pruebas_superadas', 'pruebas_total', 'prueba_fallida', 'mensaje', 'segundos'];
  const rows = report.outcomes.map((outcome) => [
    outcome.name,
    STATUS_WORDS[outcome.status],
    String(outcome.passed),
    String(outcome.total),
    outcome.failedTest ?? '',
    outcome.message,
    outcome.seconds.toFixed(2),
  ]);
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
