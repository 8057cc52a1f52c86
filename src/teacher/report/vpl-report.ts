import type { GradeResult } from '../../grader/types.js';
import { gradedAs, gradeOn, type TestPoints } from '../points.js';

/**
 * Moodle VPL's evaluation format, which VPL reads from the output of `vpl_execution`:
 * `Comment :=>>` lines, `<|--` ... `--|>` blocks where a line starting with `-` is a heading and
 * one starting with `>` is shown as it is (program output), and a last `Grade :=>> N` on the
 * activity's scale. Everything in Spanish, as `verificar` explains it.
 */
export function vplReport(result: GradeResult, table: TestPoints[], scale: number): string {
  const { points, maxPoints, grade } = gradeOn(scale, table, (_name, index) => gradedAs(result.tests[index]));
  const passed = result.tests.filter((test) => test.status === 'pass').length;
  const lines = [`Comment :=>>${oneLine(result.message)}`, `Comment :=>>Pruebas superadas: ${passed} de ${table.length} (${number(points)} de ${number(maxPoints)} puntos).`];
  table.forEach((entry, index) => {
    const test = result.tests[index];
    const status = !test ? 'no se ejecutó'
      : test.status === 'pass' ? 'superada'
      : gradedAs(test) === 'not-run-here' ? 'no se pudo hacer aquí (no cuenta para la nota)'
      : test.status === 'skip' ? 'no se ejecutó: falló una anterior'
      : 'no superada';
    lines.push('<|--', `-${oneLine(`${entry.name}: ${status} (${number(test?.status === 'pass' ? entry.points : 0)}/${number(entry.points)} puntos)`)}`);
    if (test?.message) lines.push(...test.message.split('\n').map(text));
    if (test?.output && test.status !== 'pass') {
      lines.push('Lo que imprimió tu programa:', ...test.output.split('\n').slice(0, 40).map((line) => `>${safe(line)}`));
    }
    lines.push('--|>');
  });
  lines.push(`Grade :=>> ${number(grade)}`, '');
  return lines.join('\n');
}

/** A number as VPL reads it: a decimal point. */
function number(value: number): string {
  return String(Math.round(value * 100) / 100);
}

/** Text that VPL must not read as one of its marks. */
function safe(line: string): string {
  return line.replace(/--\|>|<\|--|:=>>/g, (mark) => mark.split('').join(' '));
}

/** A plain line inside a block: never a heading or preformatted by accident. */
function text(line: string): string {
  const clean = safe(line);
  return /^[->]/.test(clean) ? ` ${clean}` : clean;
}

function oneLine(value: string): string {
  return safe(value.replace(/\s*\n\s*/g, ' ').trim());
}
