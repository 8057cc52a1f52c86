import type { ClassReport } from '../grade-class.js';
import { describeIsolation } from '../isolation.js';
import { theme } from '../../ui/theme.js';
import { STATUS_WORDS } from './status-words.js';

/** A table for the terminal: one line per submission, the reason of the first failure, and a summary. */
export function tableReport(report: ClassReport, width = 100): string {
  const rows = report.outcomes.map((outcome) => ({
    name: outcome.name,
    status: STATUS_WORDS[outcome.status],
    color: outcome.status === 'pass' ? theme.green : outcome.status === 'fail' ? theme.red : theme.yellow,
    tests: `${outcome.passed}/${outcome.total}`,
    time: `${outcome.seconds.toFixed(1).replace('.', ',')} s`,
    reason: reason(outcome.failedTest, outcome.message),
  }));
  const header = { name: 'Entrega', status: 'Resultado', tests: 'Pruebas', time: 'Tiempo', reason: 'Motivo' };
  const nameWidth = Math.min(30, Math.max(header.name.length, ...rows.map((row) => row.name.length)));
  const statusWidth = Math.max(header.status.length, ...rows.map((row) => row.status.length));
  const testsWidth = Math.max(header.tests.length, ...rows.map((row) => row.tests.length));
  const timeWidth = Math.max(header.time.length, ...rows.map((row) => row.time.length));
  const reasonWidth = Math.max(20, width - nameWidth - statusWidth - testsWidth - timeWidth - 8);
  const line = (name: string, status: string, tests: string, time: string, why: string): string =>
    [fit(name, nameWidth), status, tests.padStart(testsWidth), time.padStart(timeWidth), fit(why, reasonWidth)].join('  ').trimEnd();
  const out = [
    theme.bold(line(header.name, header.status.padEnd(statusWidth), header.tests, header.time, header.reason)),
    ...rows.map((row) => line(row.name, row.color(row.status.padEnd(statusWidth)), row.tests, row.time, row.reason)),
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
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}
