import type { StepResult } from '../engine/step-result.js';
import { symbols, theme } from './theme.js';

/** The one line that says how a lesson went: steps passed out of the lesson's steps, and its checks. */
export function summaryLine(results: StepResult[], total: number): string {
  const notHere = results.filter((result) => result.skipped).length;
  const passed = results.filter((result) => result.status === 'pass' && !result.skipped).length;
  const checks = results.flatMap((result) => (result.skipped ? [] : result.checks));
  const failedChecks = checks.filter((check) => check.status === 'fail').length;
  const skipped = checks.filter((check) => check.status === 'skip').length;
  const line = `Pasos superados: ${passed} de ${total - notHere}${notHere ? ` (${notHere} no se pueden ejecutar en este equipo)` : ''} · ` +
    `comprobaciones: ${checks.length - failedChecks - skipped} bien, ` +
    `${failedChecks} mal${skipped ? `, ${skipped} no disponibles en este sistema` : ''}`;
  return passed === total - notHere ? theme.green(`${symbols.pass} ${line}`) : theme.red(`${symbols.fail} ${line}`);
}
