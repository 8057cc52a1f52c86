import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../errors.js';

/**
 * What the travelling grader needs of an exercise, and nothing more (no solution, no hints): its
 * id, the tests it uses (a tester of src/grader/testers, which is in the bundle) and the points of
 * each test. One JSON file per exercise, `ejercicios/<id>.json` next to the bundle.
 */
export interface ExportedExercise {
  id: string;
  titulo: string;
  pruebas: string;
  puntos: number[];
}

const EXPORTED_DIR = 'ejercicios';

export function exportedExerciseFile(dir: string, id: string): string {
  return join(dir, EXPORTED_DIR, `${id}.json`);
}

/** Where a VPL activity keeps it: its execution files are one flat list, without folders. */
export function flatExerciseFile(dir: string, id: string): string {
  return join(dir, `ejercicio-${id}.json`);
}

export function readExportedExercise(dir: string, id: string): ExportedExercise {
  for (const file of [exportedExerciseFile(dir, id), flatExerciseFile(dir, id)]) {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as ExportedExercise;
    } catch {
      // the other place, or not exported
    }
  }
  throw new UserError(`No encuentro el ejercicio «${id}» junto al calificador (${exportedExerciseFile(dir, id)}): expórtalo con «taller-sockets autor exportar ${id}».`);
}
