import type { ClassReport } from '../grade-class.js';
import type { SubmissionOutcome } from '../run-submission.js';

/** The student and id when the layout named them, else the entry's own name. */
export function shownName(outcome: SubmissionOutcome): string {
  if (!outcome.student) return outcome.name;
  return outcome.studentId && outcome.studentId !== outcome.student ? `${outcome.student} (${outcome.studentId})` : outcome.student;
}

/** A grade as a teacher writes it: at most two decimals, a decimal comma (table) or point (files). */
export function gradeText(grade: number | undefined, comma: boolean): string {
  const text = String(Math.round((grade ?? 0) * 100) / 100);
  return comma ? text.replace('.', ',') : text;
}

/**
 * What every format says when the report does not hold every entry yet: written while grading
 * (the file is rewritten after each submission) or cut short by an interruption.
 */
export function partialNote(report: ClassReport): string | undefined {
  if (report.outcomes.length >= report.total && !report.interrupted) return undefined;
  const count = `${report.outcomes.length} de ${report.total} entregas`;
  return report.interrupted
    ? `INFORME PARCIAL: la calificación se interrumpió (${report.interrupted}) con ${count} calificadas`
    : `INFORME PARCIAL: calificación en curso, ${count} calificadas hasta ahora`;
}
