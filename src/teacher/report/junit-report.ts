import type { ClassReport } from '../grade-class.js';
import { describeIsolation } from '../isolation.js';
import type { GradedTest, SubmissionOutcome } from '../run-submission.js';
import { gradeText, partialNote } from './partial-note.js';

/**
 * JUnit XML as classroom CI systems read it (GitHub/GitLab test reports, Jenkins): one
 * <testsuite> per submission, one <testcase> per test of the exercise; a failed test has
 * <failure>, a broken program (syntax error, nothing to grade) <error>, the tests not run after
 * a failure <skipped>. What the program printed goes in <system-out>.
 */
export function junitReport(report: ClassReport): string {
  const all = report.outcomes.flatMap(casesOf);
  const count = (status: string): number => all.filter((test) => test.status === status).length;
  const tests = all.length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    ...(partialNote(report) ? [`<!-- ${text(partialNote(report)!).replace(/--/g, '- -')} -->`] : []),
    `<testsuites name="${attr(`taller-sockets calificar ${report.exercise}`)}" tests="${tests}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skip')}" time="${report.seconds.toFixed(3)}">`,
  ];
  for (const outcome of report.outcomes) {
    const cases = casesOf(outcome);
    const of = (status: string): number => cases.filter((test) => test.status === status).length;
    lines.push(
      `  <testsuite name="${attr(outcome.name)}" tests="${cases.length}" failures="${of('fail')}" errors="${of('error')}" skipped="${of('skip')}" time="${outcome.seconds.toFixed(3)}">`,
      '    <properties>',
      `      <property name="ejercicio" value="${attr(report.exercise)}"/>`,
      `      <property name="resultado" value="${attr(outcome.status)}"/>`,
      `      <property name="nota" value="${gradeText(outcome.grade, false)}"/>`,
      `      <property name="nota_maxima" value="${report.scale}"/>`,
      `      <property name="puntos" value="${gradeText(outcome.points, false)}/${gradeText(outcome.maxPoints, false)}"/>`,
      ...(outcome.student ? [`      <property name="alumno" value="${attr(outcome.student)}"/>`, `      <property name="id" value="${attr(outcome.studentId ?? '')}"/>`] : []),
      `      <property name="aislamiento" value="${attr(describeIsolation(report.isolation))}"/>`,
      '    </properties>',
    );
    for (const test of cases) {
      const open = `    <testcase classname="${attr(`${report.exercise}.${outcome.name}`)}" name="${attr(test.name)}" time="${test.seconds.toFixed(3)}"`;
      if (test.status === 'pass') {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(`${open}>`);
      const message = test.message ?? '';
      if (test.status === 'skip') lines.push('      <skipped message="no se ejecutó: falló una prueba anterior"/>');
      else {
        const tag = test.status === 'error' ? 'error' : 'failure';
        lines.push(`      <${tag} message="${attr(message.split('\n')[0] ?? '')}" type="${tag}">${text(message)}</${tag}>`);
      }
      if (test.output) lines.push(`      <system-out>${text(test.output)}</system-out>`);
      lines.push('    </testcase>');
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

/** A submission that could not be graded at all (no program, worker failure) is one errored case. */
function casesOf(outcome: SubmissionOutcome): GradedTest[] {
  return outcome.tests.length ? outcome.tests : [{ name: 'calificación', status: 'error', message: outcome.message, seconds: outcome.seconds }];
}

/** Characters XML 1.0 cannot hold at all (a program may print any byte): dropped. */
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

function text(value: string): string {
  return value.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
