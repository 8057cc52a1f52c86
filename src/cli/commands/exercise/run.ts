import { findExercise, loadExercises } from '../../../grader/exercise-content.js';
import { isInteractive } from '../../interactive.js';
import { presentExercise } from '../../course/exercise-statement.js';
import { courseContent } from '../../config.js';

export interface ExerciseArgs {
  id: string;
  forzar?: boolean;
}

/** An exercise's statement and starter file, then (on a terminal) keys for what comes next. */
export async function showExercise(args: ExerciseArgs): Promise<number> {
  const exercise = findExercise(await loadExercises(courseContent()), args.id);
  const target = await presentExercise(exercise, args.forzar ?? false);
  if (isInteractive()) return (await import('./exercise-actions.js')).offerExerciseActions(exercise, target);
  return 0;
}
