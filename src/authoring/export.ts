import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { UserError } from '../errors.js';
import type { Exercise } from '../grader/exercise-content.js';
import { exercisePoints } from '../teacher/exercise-points.js';
import { exportedExerciseFile, flatExerciseFile, type ExportedExercise } from '../teacher/bundle/exported-exercise.js';

/** The grader bundle's name where it is exported (see scripts/build.mjs, TRAVELLING_GRADER). */
export const GRADER_FILE = 'taller-calificador.mjs';
/** What travels with it (scripts/build.mjs, TRAVELLING_HELPERS). */
export const GRADER_HELPERS = ['src/grader/run-watcher.py', 'src/grader/python/sitecustomize.py', 'src/system/python/interpreter.py'];

/** The built travelling grader, next to the CLI's own bundle. */
function builtGrader(): string {
  const file = join(packageRoot(), 'dist', 'calificador', GRADER_FILE);
  if (!existsSync(file)) throw new UserError(`Falta ${file}: compila el taller con «npm run build».`);
  return file;
}

export function exportedExercise(exercise: Exercise): ExportedExercise {
  return { id: exercise.id, titulo: exercise.title, pruebas: exercise.tester.exerciseId, puntos: exercisePoints(exercise).map((test) => test.points) };
}

/**
 * Writes the grader that travels into `target`: the bundle and, for each exercise, what grading it
 * needs (never its solution). `flat`: every file at the top (VPL's execution files have no folders).
 * Returns the files written, relative to `target`.
 */
export function exportGrader(exercises: Exercise[], target: string, { flat = false } = {}): string[] {
  mkdirSync(target, { recursive: true });
  copyFileSync(builtGrader(), join(target, GRADER_FILE));
  const written = [GRADER_FILE];
  // Its Python helpers, at the path it looks for them (VPL: flat, put in place by vpl_evaluate.sh).
  for (const helper of GRADER_HELPERS) {
    const to = flat ? basename(helper) : helper;
    mkdirSync(dirname(join(target, to)), { recursive: true });
    copyFileSync(join(dirname(builtGrader()), helper), join(target, to));
    written.push(to);
  }
  for (const exercise of exercises) {
    const file = flat ? flatExerciseFile(target, exercise.id) : exportedExerciseFile(target, exercise.id);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(exportedExercise(exercise), null, 2)}\n`);
    written.push(file.slice(target.length + 1));
  }
  return written;
}
