/** A test's result as the grader gives it: skipped with a reason means it could not run here. */
export function gradedAs(test: { status: string; message?: string | null } | undefined): GradedAs {
  if (test?.status === 'pass') return 'passed';
  return test?.status === 'skip' && test.message ? 'not-run-here' : 'failed';
}

/** One test of an exercise and what it is worth. */
export interface TestPoints {
  name: string;
  points: number;
}

/**
 * What each test is worth: `puntos` of ejercicio.yaml (a map from a test's name to its points,
 * read and checked by the content loader into `Exercise.points`); a test it does not name is worth 1,
 * so without `puntos` every test is worth the same.
 */
export function pointsTable(testNames: string[], points: Record<string, number> | undefined): TestPoints[] {
  return testNames.map((name) => ({ name, points: points?.[name] ?? 1 }));
}

/** How one test ended, for the grade: a test that could not run here (the document's port was busy) counts neither way. */
export type GradedAs = 'passed' | 'failed' | 'not-run-here';

/** The grade of a set of results on a scale: the share of points of the tests passed, among those that could run. */
export function gradeOn(scale: number, table: TestPoints[], outcome: (name: string, index: number) => GradedAs | boolean): { points: number; maxPoints: number; grade: number } {
  const ended = table.map((test, index) => {
    const value = outcome(test.name, index);
    return value === true ? 'passed' : value === false ? 'failed' : value;
  });
  const maxPoints = table.reduce((sum, test, index) => sum + (ended[index] === 'not-run-here' ? 0 : test.points), 0);
  const points = table.reduce((sum, test, index) => sum + (ended[index] === 'passed' ? test.points : 0), 0);
  const grade = maxPoints ? Math.round((points / maxPoints) * scale * 100) / 100 : 0;
  return { points, maxPoints, grade };
}
