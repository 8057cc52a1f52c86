import type { ClassReport } from '../grade-class.js';
import { gradeText, partialNote } from './partial-note.js';
import { STATUS_WORDS } from './status-words.js';

/** Byte order mark: spreadsheets (Excel above all) read the file as UTF-8 only when it starts with one. */
const UTF8_BOM = '\uFEFF';

export interface CsvOptions {
  bom: boolean;
  /** The header of the identifier column (Moodle's import maps it to a user field): `--columna-id`. */
  idColumn?: string;
}

/**
 * RFC 4180: comma-separated, CRLF line ends, a field quoted when it holds a comma, quote, line
 * break or leading/trailing space, quotes doubled. Cells a spreadsheet would run as a formula
 * (starting with = + - @, tab or CR) get a leading apostrophe: messages may quote what an
 * untrusted program printed. Numbers with a decimal point: the column stays a number in any locale
 * that imports CSV as RFC 4180. A partial report ends with one row that says so (no identifier:
 * a gradebook import skips it).
 */
export function csvReport(report: ClassReport, { bom, idColumn = 'id' }: CsvOptions): string {
  const header = ['entrega', 'alumno', idColumn, 'nota', 'puntos', 'puntos_total', 'resultado', 'pruebas_superadas', 'pruebas_total', 'prueba_fallida', 'mensaje', 'segundos'];
  const rows = report.outcomes.map((outcome) => [
    outcome.name,
    outcome.student ?? '',
    outcome.studentId ?? outcome.name,
    gradeText(outcome.grade, false),
    gradeText(outcome.points, false),
    gradeText(outcome.maxPoints, false),
    STATUS_WORDS[outcome.status],
    String(outcome.passed),
    String(outcome.total),
    outcome.failedTest ?? '',
    outcome.message,
    outcome.seconds.toFixed(2),
  ]);
  const note = partialNote(report);
  if (note) rows.push([note, ...header.slice(1).map(() => '')]);
  const lines = [header, ...rows].map((row) => row.map(csvField).join(','));
  return `${bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}

export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
