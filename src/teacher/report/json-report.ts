import type { ClassReport } from '../grade-class.js';
import { describeIsolation } from '../isolation.js';
import { partialNote } from './partial-note.js';

/**
 * `{ exercise, scale, complete, note?, isolation, submissions: [...] }`; one submission per entry of
 * the class folder, in name order, with its grade on the scale and each test with its points.
 */
export function jsonReport(report: ClassReport): string {
  const note = partialNote(report);
  const submissions = report.outcomes.map((outcome) => ({
    name: outcome.name,
    ...(outcome.student ? { student: outcome.student, id: outcome.studentId } : {}),
    status: outcome.status,
    grade: outcome.grade ?? 0,
    points: outcome.points ?? 0,
    maxPoints: outcome.maxPoints ?? 0,
    passed: outcome.passed,
    total: outcome.total,
    message: outcome.message,
    seconds: Math.round(outcome.seconds * 100) / 100,
  }));
  const body = {
    exercise: report.exercise,
    scale: report.scale,
    complete: !note,
    ...(note ? { note } : {}),
    isolation: describeIsolation(report.isolation),
    submissions,
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
