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

/** The grade of a set of results on a scale: the share of points of the tests passed. */
export function gradeOn(scale: number, table: TestPoints[], passed: (name: string, index: number) => boolean): { points: number; maxPoints: number; grade: number } {
  const maxPoints = table.reduce((sum, test) => sum + test.points, 0);
  const points = table.reduce((sum, test, index) => sum + (passed(test.name, index) ? test.points : 0), 0);
  const grade = maxPoints ? Math.round((points / maxPoints) * scale * 100) / 100 : 0;
  return { points, maxPoints, grade };
}
