import { existsSync } from 'node:fs';
import { readExercises } from '../../grader/exercise-content.js';
import type { ContentFolders } from '../../lessons/content-folders.js';
import { lessonIndex } from '../../lessons/load-lessons.js';

/** What the home menu and the progress views need to know of an exercise. */
export interface ExerciseEntry {
  id: string;
  title: string;
  folder: string;
  /** The lesson it follows in the course (`leccion:` in its ejercicio.yaml). */
  afterLesson?: string;
}


/**
 * The exercises in course order, from the same loader as `ejercicios` and `verificar`
 * (src/grader/exercise-content.ts), but lenient: listing the course must never fail because of
 * one exercise, whose own command reports its mistakes with file and line. No folder, no exercises.
 */
export async function listExercises(content: ContentFolders): Promise<ExerciseEntry[]> {
  const { exercises } = await readExercises(content.exercises.filter((folder) => existsSync(folder)), lessonIndex(content.lessons));
  return exercises.map((exercise) => ({
    id: exercise.id,
    title: exercise.title,
    folder: exercise.dir,
    ...(exercise.lesson ? { afterLesson: exercise.lesson } : {}),
  }));
}
