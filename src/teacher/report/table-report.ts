import type { ClassReport } from '../grade-class.js';
import { describeIsolation } from '../isolation.js';
import { theme } from '../../ui/theme.js';
import { gradeText, partialNote, shownName } from './partial-note.js';
import { STATUS_WORDS } from './status-words.js';

/**
 * A table for the terminal: one line per entry with its whole name (never cut: it is how the
 * teacher finds the student), the grade, the reason of the first failure (cut to the width),
 * and a summary.
 */
export function tableReport(report: ClassReport, width = 100): string {
  const rows = report.outcomes.map((outcome) => ({
    name: shownName(outcome),
    grade: gradeText(outcome.grade, true),
    status: STATUS_WORDS[outcome.status],
    color: outcome.status === 'pass' ? theme.green : outcome.status === 'fail' ? theme.red : theme.yellow,
    tests: `${outcome.passed}/${outcome.total}`,
    time: `${outcome.seconds.toFixed(1).replace('.', ',')} s`,
    reason: reason(outcome.failedTest, outcome.message),
  }));
  const header = { name: 'Entrega', grade: `Nota/${report.scale}`, status: 'Resultado', tests: 'Pruebas', time: 'Tiempo', reason: 'Motivo' };
  const widthOf = (key: 'name' | 'grade' | 'status' | 'tests' | 'time'): number => Math.max(header[key].length, ...rows.map((row) => row[key].length));
  const [nameWidth, gradeWidth, statusWidth, testsWidth, timeWidth] = (['name', 'grade', 'status', 'tests', 'time'] as const).map(widthOf) as [number, number, number, number, number];
  const reasonWidth = Math.max(20, width - nameWidth - gradeWidth - statusWidth - testsWidth - timeWidth - 10);
  const line = (name: string, grade: string, status: string, tests: string, time: string, why: string): string =>
    [name.padEnd(nameWidth), grade.padStart(gradeWidth), status, tests.padStart(testsWidth), time.padStart(timeWidth), fit(why, reasonWidth)].join('  ').trimEnd();
  const note = partialNote(report);
  const out = [
    ...(note ? [theme.yellow(`${note}.`), ''] : []),
    theme.bold(line(header.name, header.grade, header.status.padEnd(statusWidth), header.tests, header.time, header.reason)),
    ...rows.map((row) => line(row.name, row.grade, row.color(row.status.padEnd(statusWidth)), row.tests, row.time, row.reason)),
    '',
  ];
  const count = (status: string): number => report.outcomes.filter((outcome) => outcome.status === status).length;
  const total = report.outcomes.length;
  out.push(
    `${total} ${total === 1 ? 'entrega' : 'entregas'} de «${report.exercise}»: ${count('pass')} ${count('pass') === 1 ? 'aprueba' : 'aprueban'}, ` +
      `${count('fail')} ${count('fail') === 1 ? 'falla' : 'fallan'}, ${count('error')} con error. ` +
      `${report.seconds.toFixed(1).replace('.', ',')} s con ${report.parallel} a la vez.`,
    theme.gray(`Aislamiento: ${describeIsolation(report.isolation)}.`),
    '',
  );
  return out.join('\n');
}

function reason(test: string | undefined, message: string): string {
  const first = message.split('\n').find((line) => line.trim()) ?? '';
  return test ? `«${test}»: ${first}` : first;
}

function fit(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
