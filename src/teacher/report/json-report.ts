import type { ClassReport } from '../grade-class.js';

/** `[{ name, status, passed, total, message, seconds }]`, one per submission, in name order. */
export function jsonReport(report: ClassReport): string {
  const rows = report.outcomes.map((outcome) => ({
    name: outcome.name,
    status: outcome.status,
    passed: outcome.passed,
    total: outcome.total,
    message: outcome.message,
    seconds: Math.round(outcome.seconds * 100) / 100,
  }));
  return `${JSON.stringify(rows, null, 2)}\n`;
}
