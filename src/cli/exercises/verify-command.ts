import { readFileSync, statSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import type { VerifyArgs } from '../commands/verify.js';
import { findExercise, loadExercises, type Exercise } from '../../grader/exercise-content.js';
import { gradeProgram } from '../../grader/run-tester.js';
import type { PortRequest } from '../../grader/port-choice.js';
import { resolvePython } from '../../kernel/python.js';
import { recordExerciseAttempt } from '../../progress/store.js';
import { UserError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { theme } from '../../ui/theme.js';
import { exercismJson, summaryLine, VerifyPrinter } from './verify-printer.js';
import { fileContents, waitForChange } from './file-watch.js';
import { cliCommand } from '../invocation.js';
import { currentExerciseId } from './current-exercise.js';

export async function verifyCommandMain(args: VerifyArgs): Promise<number> {
  const exercises = loadExercises();
  // «verificar mi-programa.py»: a file where the id would go, the exercise in progress is meant.
  const fileFirst = args.id !== undefined && args.archivo === undefined && args.id.endsWith('.py') && !exercises.some((exercise) => exercise.id === args.id);
  const exercise = findExercise(exercises, args.id === undefined || fileFirst ? currentExerciseId('verificar') : args.id);
  const file = resolve(process.cwd(), (fileFirst ? args.id : args.archivo) ?? exercise.fileName);
  const freePorts = args['puertos-libres'] ?? ['1', 'true', 'sí', 'si'].includes(process.env.TALLER_SOCKETS_PUERTOS_LIBRES ?? '');
  const port: PortRequest =
    args.puerto !== undefined ? (args.puerto === 'libre' ? 'libre' : Number(args.puerto)) : freePorts ? 'libre' : undefined;
  if (!args.vigilar) return verifyOnce(exercise, file, args.json ?? false, port);
  return watchAndVerify(exercise, file, args['vigilar-veces'], port);
}

function shownPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path.startsWith('..') || path === '' ? file : `./${path}`;
}

/** Usage mistakes about the file, in Spanish: it must exist, be a file and be UTF-8 text. */
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

async function grade(exercise: Exercise, file: string, json: boolean, port: PortRequest) {
  await resolvePython();
  const printer = json ? undefined : new VerifyPrinter(Boolean(process.stdout.isTTY));
  const result = await gradeProgram(exercise.tester, file, { onEvent: printer?.onEvent, port });
  recordExerciseAttempt(exercise.id, result.status === 'pass');
  if (json) process.stdout.write(`${JSON.stringify(exercismJson(result), null, 2)}\n`);
  else process.stdout.write(summaryLine(result, exercise.id));
  return result;
}

async function verifyOnce(exercise: Exercise, file: string, json: boolean, port: PortRequest): Promise<number> {
  checkProgramFile(exercise, file);
  const result = await grade(exercise, file, json, port);
  return result.status === 'pass' ? EXIT.ok : EXIT.failed;
}

/** Verifies, then again on every save, until Ctrl-C (or `maxRuns` verifications). */
async function watchAndVerify(exercise: Exercise, file: string, maxRuns: number | undefined, port: PortRequest): Promise<number> {
  let runs = 0;
  let code: number = EXIT.failed;
  for (;;) {
    const seen = fileContents(file);
    try {
      checkProgramFile(exercise, file);
      code = (await grade(exercise, file, false, port)).status === 'pass' ? EXIT.ok : EXIT.failed;
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      process.stderr.write(`${theme.red('Error:')} ${error.message}\n`);
      code = error.exitCode;
    }
    runs++;
    if (maxRuns !== undefined && runs >= maxRuns) return code;
    process.stdout.write(theme.gray(`\nVigilando ${shownPath(file)}: guarda el archivo para volver a verificar (Ctrl-C para salir).\n`));
    await waitForChange(file, seen);
    process.stdout.write('\n');
  }
}
