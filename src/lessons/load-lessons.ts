import { readdir, readFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from './model.js';
import { parseLessonOrPrebuilt } from './prebuilt-lessons.js';
import { ContentFormatError, type FormatProblem } from './format-error.js';
import { UserError } from '../errors.js';
import { closest } from '../text/closest.js';
import { shippedFolder } from './content-folders.js';

export const LESSON_FILE = 'leccion.md';

/** The lessons shipped with the package (`lessons/` at its root, from both src/ and dist/). */
export function shippedLessonsDir(): string {
  return shippedFolder('lessons');
}

/** Lesson files in course order: one folder per lesson, sorted by folder name (01-..., 02-...). */
export async function findLessonFiles(dir: string): Promise<string[]> {
  if (!existsSync(dir)) throw new UserError(`No existe la carpeta de lecciones ${dir}`);
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, LESSON_FILE)))
    .map((entry) => join(dir, entry.name, LESSON_FILE))
    .sort();
}

/** A lesson as the course order needs it: its id and where it is, without parsing its steps. */
export interface LessonRef {
  id: string;
  file: string;
}

/**
 * The lessons' ids in course order, read from their front matter only (cheap and synchronous):
 * what exercises need to sit right after the lesson they practise. The full loader
 * (loadLessons) validates the rest; a lesson without a readable id is left out here.
 */
export function lessonIndex(dirs: string[] = [shippedLessonsDir()]): LessonRef[] {
  // The shipped folder is the package's own and does not change while we run: read it once.
  return dirs.flatMap((dir) => (dir === shippedLessonsDir() ? (shippedIndex ??= folderIndex(dir)) : folderIndex(dir)));
}

let shippedIndex: LessonRef[] | undefined;

function folderIndex(dir: string): LessonRef[] {
  if (!existsSync(dir)) return [];
  const refs: LessonRef[] = [];
  const files = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, LESSON_FILE)))
    .map((entry) => join(dir, entry.name, LESSON_FILE))
    .sort();
  for (const file of files) {
    const front = /^---\r?\n([\s\S]*?)\r?\n---/.exec(readFileSync(file, 'utf8'));
    const id = front && /^id:\s*["']?([a-z0-9-]+)["']?\s*$/m.exec(front[1]!)?.[1];
    if (id) refs.push({ id, file });
  }
  return refs;
}

/** Loads every lesson, collecting every mistake of every file before failing. */
export async function loadLessons(dirs: string[] = [shippedLessonsDir()]): Promise<Lesson[]> {
  const files = (await Promise.all(dirs.map(findLessonFiles))).flat();
  const lessons: Lesson[] = [];
  const problems: FormatProblem[] = [];
  const results = await Promise.all(files.map(async (file) => parseLessonOrPrebuilt(await readFile(file, 'utf8'), file)));
  for (const result of results) {
    if (result.lesson) lessons.push(result.lesson);
    problems.push(...result.problems);
  }
  const seen = new Map<string, Lesson>();
  for (const lesson of lessons) {
    const other = seen.get(lesson.id);
    if (other) problems.push({ file: lesson.file, line: 2, field: 'id', message: `el id «${lesson.id}» ya lo usa ${other.file}` });
    seen.set(lesson.id, lesson);
  }
  if (problems.length) throw new ContentFormatError(problems);
  return lessons;
}

export function findLesson(lessons: Lesson[], id: string): Lesson {
  const byNumber = /^\d+$/.test(id) ? lessons[Number(id) - 1] : undefined;
  const lesson = byNumber ?? lessons.find((candidate) => candidate.id === id);
  if (lesson) return lesson;
  const near = closest(id, lessons.map((candidate) => candidate.id));
  throw new UserError(
    `No hay ninguna lección «${id}».` +
      (near.length ? ` ¿Quisiste decir ${near.map((n) => `«${n}»`).join(', ')}?` : '') +
      ' Mira la lista con: taller-sockets lecciones',
    2,
  );
}
