import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import type { Exercise } from '../../grader/exercise-content.js';
import { UserError } from '../../errors.js';
import { cliCommand } from '../invocation.js';

/** A learner's file as they would type it: relative to where they are, when it is below. */
export function shownPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path.startsWith('..') || path === '' ? file : `./${path}`;
}

/** Usage mistakes about the learner's program file (verificar, probar), in Spanish: it must exist, be a file and be UTF-8 text. */
export function checkProgramFile(exercise: Exercise, file: string): void {
  const shown = shownPath(file);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new UserError(
      `No encuentro ${shown}. Créalo con «${cliCommand()} ejercicio ${exercise.id}», o indica dónde está tu programa: ` +
        `${cliCommand()} verificar ${exercise.id} <archivo>`,
    );
  }
  if (stat.isDirectory()) throw new UserError(`${shown} es una carpeta; indica el archivo de tu programa (por ejemplo ${shown}/${exercise.fileName}).`);
  if (!stat.isFile()) throw new UserError(`${shown} no es un archivo normal.`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new UserError(`No puedo leer ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${shown} no está guardado en UTF-8. Guárdalo con codificación UTF-8 (en tu editor: «Guardar con codificación»).`);
  }
}
