import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LESSON_FILE, findLessonFiles } from '../lessons/load-lessons.js';
import { EXERCISE_FILE } from '../grader/exercise-content.js';
import { UserError } from '../errors.js';

/** What `autor validar` checks: lesson files and exercise folders. */
export interface ContentSet {
  lessonFiles: string[];
  exerciseFolders: string[];
}

const LESSON_ROOTS = ['lecciones', 'lessons'];
const EXERCISE_ROOTS = ['ejercicios', 'exercises'];

/**
 * A teacher's path, whatever it is: one lesson folder (with leccion.md), one exercise folder
 * (with ejercicio.yaml), a folder of either or both, or a course folder holding
 * lecciones/ and ejercicios/ (or lessons/ and exercises/).
 */
export async function contentAt(path: string): Promise<ContentSet> {
  if (!existsSync(path) || !statSync(path).isDirectory()) throw new UserError(`No existe la carpeta ${path}.`);
  if (existsSync(join(path, LESSON_FILE))) return { lessonFiles: [join(path, LESSON_FILE)], exerciseFolders: [] };
  if (existsSync(join(path, EXERCISE_FILE))) return { lessonFiles: [], exerciseFolders: [path] };
  const set: ContentSet = { lessonFiles: await findLessonFiles(path), exerciseFolders: exerciseFoldersIn(path) };
  for (const name of readdirSync(path)) {
    if (LESSON_ROOTS.includes(name)) set.lessonFiles.push(...(await findLessonFiles(join(path, name))));
    if (EXERCISE_ROOTS.includes(name)) set.exerciseFolders.push(...exerciseFoldersIn(join(path, name)));
  }
  if (!set.lessonFiles.length && !set.exerciseFolders.length) {
    throw new UserError(
      `No encuentro lecciones (carpetas con ${LESSON_FILE}) ni ejercicios (carpetas con ${EXERCISE_FILE}) en ${path}. ` +
        'Crea una con «taller-sockets autor nuevo leccion <id>».',
    );
  }
  return set;
}

/** The configured folders (shipped, a teacher's, or both: --lecciones / --ejercicios). */
export async function contentIn(lessonDirs: string[], exerciseDirs: string[]): Promise<ContentSet> {
  const lessonFiles = (await Promise.all(lessonDirs.filter((dir) => existsSync(dir)).map(findLessonFiles))).flat();
  return { lessonFiles, exerciseFolders: exerciseDirs.flatMap(exerciseFoldersIn) };
}

function exerciseFoldersIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, EXERCISE_FILE)))
    .map((entry) => join(dir, entry.name))
    .sort();
}
