import { existsSync } from 'node:fs';
import type { Exercise } from '../../../grader/exercise-content.js';
import { gradeProgram } from '../../../grader/run-tester.js';
import type { PortRequest } from '../../../grader/port-choice.js';
import { exercisePoints } from '../../../teacher/exercise-points.js';
import { gradedAs, gradeOn } from '../../../teacher/points.js';
import { vplReport } from '../../../teacher/report/vpl-report.js';
import { EXIT } from '../../exit-codes.js';

/**
 * `verificar --formato vpl`: VPL's evaluation format on stdout, always ending with a grade (a
 * missing file is a 0 with the reason: VPL shows only what it reads there).
 */
export async function verifyForVpl(exercise: Exercise, file: string, scale: number, port: PortRequest): Promise<number> {
  if (!existsSync(file)) {
    process.stdout.write(`Comment :=>>No encuentro ${exercise.fileName}: tu programa debe llamarse exactamente así.\nGrade :=>> 0\n`);
    return EXIT.failed;
  }
  const result = await gradeProgram(exercise.tester, file, { port });
  const table = exercisePoints(exercise);
  process.stdout.write(vplReport(result, table, scale));
  return result.status === 'pass' ? EXIT.ok : EXIT.failed;
}

/** `verificar --json`: exercism's v3 result with each test's points and the grade (extra fields are allowed). */
export function withPoints(json: object, exercise: Exercise, scale = 10): object {
  const table = exercisePoints(exercise);
  const tests = (json as { tests?: Array<Record<string, unknown>> }).tests ?? [];
  // By name: exercism's list leaves skipped tests out.
  const byName = new Map(tests.map((test) => [String(test.name), test]));
  const { points, maxPoints, grade } = gradeOn(scale, table, (name) => gradedAs(byName.get(name) as { status: string; message?: string }));
  const worth = new Map(table.map((test) => [test.name, test.points]));
  return { ...json, points, max_points: maxPoints, grade, max_grade: scale, tests: tests.map((test) => ({ ...test, points: worth.get(String(test.name)) ?? 0 })) };
}
