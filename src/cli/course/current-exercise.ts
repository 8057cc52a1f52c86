import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadExercises, type Exercise } from '../../grader/exercise-content.js';
import { readProgress } from '../../progress/store.js';
import { UserError } from '../../errors.js';
import { cliCommand } from '../invocation.js';
import { courseContent } from '../config.js';

/**
 * The exercise a command without an id means: the one in progress (attempted or with hints seen,
 * not passed; the latest touched), else the only one whose starting file is in this folder. With
 * none, a usage error that lists the ids.
 */
export async function currentExerciseId(command: string): Promise<string> {
  const exercises = await loadExercises(courseContent());
  const progress = readProgress();
  const inProgress = Object.entries(progress.exercises)
    .filter(([id, entry]) => !entry.passed && exercises.some((exercise) => exercise.id === id))
    .sort(([, a], [, b]) => b.updatedAt.localeCompare(a.updatedAt));
  if (inProgress[0]) return inProgress[0][0];
  const here = exercises.filter((exercise) => existsSync(resolve(process.cwd(), exercise.fileName)));
  if (here.length === 1) return here[0]!.id;
  throw new UserError(noExerciseMessage(command, exercises));
}

function noExerciseMessage(command: string, exercises: Exercise[]): string {
  const ids = exercises.map((exercise, index) => `  ${index + 1}. ${exercise.id}`).join('\n');
  return `¿Qué ejercicio? No tienes ninguno en curso. Di cuál, por su id o su número:\n${ids}\n` +
    `Por ejemplo: ${cliCommand()} ${command} ${exercises[0]?.id ?? '<id>'}`;
}
