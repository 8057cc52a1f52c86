import { prebuiltTable } from '../lessons/prebuilt-table.js';
import type { ExerciseMeta } from './exercise-meta.js';
import { TESTERS } from './testers/index.js';

/**
 * The shipped exercises' ejercicio.yaml, parsed when the bundle was built (scripts/build.mjs runs
 * parseExerciseMeta on exercises/ and keeps what parsed without a problem, keyed by each file's
 * exact text), so that verificar does not parse YAML before grading. What depends on this run is
 * checked here: an exercise that follows a lesson this course does not have is parsed again (the
 * parser says so, with its line). Run from source there is no table and every file is parsed.
 */
const builtFile = (globalThis as { TALLER_SOCKETS_PREBUILT_EXERCISES?: string }).TALLER_SOCKETS_PREBUILT_EXERCISES;

const builtTable = prebuiltTable(builtFile, import.meta.url);

/** The exercise as the build parsed it, when this exact text was built and still holds here; undefined otherwise. */
export function prebuiltExerciseMeta(text: string, lessonIds?: Set<string>): ExerciseMeta | undefined {
  const stored = builtTable().get(text);
  if (stored === undefined) return undefined;
  const meta = JSON.parse(stored) as Omit<ExerciseMeta, 'tester'>;
  const tester = TESTERS[meta.testerId];
  if (!tester || (meta.lesson !== undefined && lessonIds && !lessonIds.has(meta.lesson))) return undefined;
  return { ...meta, tester };
}
