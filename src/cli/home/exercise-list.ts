import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { packageRoot } from '../../package-root.js';
import { contentFolders } from '../../authoring/content-folders.js';

export const EXERCISE_FILE = 'enunciado.md';
/** The exercise's metadata (id, titulo), when present: it wins over what the statement says. */
export const EXERCISE_META = 'ejercicio.yaml';

/** What the home menu and the progress views need to know of an exercise. */
export interface ExerciseEntry {
  id: string;
  title: string;
  folder: string;
  /** The lesson it follows in the course, when its statement says so (`leccion:` / `despues_de:`). */
  afterLesson?: string;
}

/** The exercises folder: TALLER_SOCKETS_EJERCICIOS (a teacher's own, and tests), else the shipped one. */
export function exercisesDir(): string {
  return exerciseFolders().at(-1)!;
}

/** Every exercises folder: a teacher's `+<folder>` comes after the shipped one (src/authoring/content-folders.ts). */
export function exerciseFolders(): string[] {
  return contentFolders(process.env.TALLER_SOCKETS_EJERCICIOS || undefined, join(packageRoot(), 'exercises'));
}

/**
 * The exercises in course order (folders `<nn>-<id>/` holding `enunciado.md`), read leniently:
 * listing the course must never fail because of an exercise, whose own command reports its
 * mistakes. No folder, no exercises.
 */
export async function listExercises(dir?: string): Promise<ExerciseEntry[]> {
  if (dir === undefined) return (await Promise.all(exerciseFolders().map((folder) => listExercises(folder)))).flat();
  if (!existsSync(dir)) return [];
  const folders = (await readdir(dir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, EXERCISE_FILE)))
    .map((entry) => entry.name)
    .sort();
  return Promise.all(folders.map(async (name) => describeExercise(join(dir, name), name)));
}

async function describeExercise(folder: string, name: string): Promise<ExerciseEntry> {
  const text = await readFile(join(folder, EXERCISE_FILE), 'utf8').catch(() => '');
  const front = { ...frontMatter(text), ...(await metadata(folder)) };
  const id = stringField(front, 'id') ?? name.replace(/^\d+[-_]/, '');
  const heading = /^#\s+(.+?)\s*#*\s*$/m.exec(text.slice(frontMatterEnd(text)))?.[1];
  const title = stringField(front, 'titulo') ?? stringField(front, 'título') ?? stringField(front, 'title') ?? heading ?? id;
  const afterLesson = stringField(front, 'leccion') ?? stringField(front, 'lección') ?? stringField(front, 'despues_de');
  return { id, title, folder, ...(afterLesson ? { afterLesson } : {}) };
}

async function metadata(folder: string): Promise<Record<string, unknown>> {
  const text = await readFile(join(folder, EXERCISE_META), 'utf8').catch(() => undefined);
  if (text === undefined) return {};
  try {
    const value: unknown = parseYaml(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function frontMatterEnd(text: string): number {
  const match = /^---\r?\n[\s\S]*?\r?\n---\r?\n?/.exec(text);
  return match ? match[0].length : 0;
}

function frontMatter(text: string): Record<string, unknown> {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  if (!match) return {};
  try {
    const value: unknown = parseYaml(match[1]!);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function stringField(front: Record<string, unknown>, key: string): string | undefined {
  const value = front[key];
  return typeof value === 'string' && value.trim() ? value.trim() : typeof value === 'number' ? String(value) : undefined;
}
