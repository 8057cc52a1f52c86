import { updateProgress, progressFile } from './store.js';
import { writeFileAtomic } from '../system/atomic-write.js';

export type ItemKind = 'lesson' | 'exercise';

/** Forgets one lesson's or exercise's progress. Returns false when there was nothing to forget. */
export function forgetItem(kind: ItemKind, id: string): boolean {
  let found = false;
  updateProgress((progress) => {
    const table = kind === 'lesson' ? progress.lessons : progress.exercises;
    found = id in table;
    delete table[id];
  });
  return found;
}

export interface ResetAllResult {
  lessons: number;
  exercises: number;
  /** Where the previous state was copied (nothing is lost by a mistaken "sí"). */
  backup?: string;
}

/** Forgets everything, keeping one copy of the previous state next to the progress file. */
export function forgetAll(): ResetAllResult {
  const result: ResetAllResult = { lessons: 0, exercises: 0 };
  updateProgress((progress) => {
    result.lessons = Object.keys(progress.lessons).length;
    result.exercises = Object.keys(progress.exercises).length;
    if (result.lessons + result.exercises > 0) {
      result.backup = `${progressFile()}.antes-de-reiniciar`;
      writeFileAtomic(result.backup, `${JSON.stringify(progress, null, 2)}\n`);
    }
    progress.lessons = {};
    progress.exercises = {};
  });
  return result;
}
