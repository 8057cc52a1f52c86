import type { Exercise } from '../grader/exercise-content.js';
import { pointsTable, type TestPoints } from './points.js';

/** The points of each test of an exercise, in the order `verificar` runs them. */
export function exercisePoints(exercise: Pick<Exercise, 'tester' | 'points'>): TestPoints[] {
  return pointsTable(exercise.tester.tests().map((test) => test.name), exercise.points);
}
