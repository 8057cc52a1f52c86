import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** The folders a course is read from, lessons and exercises, as the CLI resolved them once. */
export interface ContentFolders {
  lessons: string[];
  exercises: string[];
}

/**
 * Which content folders to use, from a flag or variable (`--lecciones`, `--ejercicios`):
 * `carpeta` uses a teacher's folder instead of the shipped one; `+carpeta` uses it in addition
 * (the shipped content first, then the teacher's). Unset: the shipped folder alone.
 */
function contentFolders(value: string | undefined, shipped: string): string[] {
  if (!value) return [shipped];
  if (value.startsWith('+')) {
    const extra = value.slice(1);
    return extra ? [shipped, extra] : [shipped];
  }
  return [value];
}

/** The content shipped with the package (`lessons/`, `exercises/` at its root). */
export function shippedFolder(kind: 'lessons' | 'exercises'): string {
  return join(packageRoot(), kind);
}

/** The shipped course: its lessons and its exercises. */
export function shippedContent(): ContentFolders {
  return { lessons: [shippedFolder('lessons')], exercises: [shippedFolder('exercises')] };
}

/** A course from `--lecciones` / `--ejercicios` values (undefined: the shipped folder). */
export function courseFolders(lessons: string | undefined, exercises: string | undefined): ContentFolders {
  return { lessons: contentFolders(lessons, shippedFolder('lessons')), exercises: contentFolders(exercises, shippedFolder('exercises')) };
}
