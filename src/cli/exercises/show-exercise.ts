import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { ExerciseArgs } from '../commands/exercise.js';
import { findExercise, loadExercises } from '../../grader/exercise-content.js';
import { renderMarkdown } from '../../ui/markdown.js';
import { link, theme } from '../../ui/theme.js';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../errors.js';
import { cliCommand } from '../invocation.js';

/** Shows the statement and writes the starter file, never over the learner's work unless asked. */
export async function showExercise(args: ExerciseArgs): Promise<number> {
  const exercise = findExercise(loadExercises(), args.id);
  const target = join(process.cwd(), exercise.fileName);
  // A clickable link (file://) where the terminal supports it: one click opens the file.
  const shown = link(`./${relative(process.cwd(), target)}`, pathToFileURL(target).href);
  process.stdout.write(`${await renderMarkdown(exercise.statement)}\n\n`);
  const exists = existsSync(target);
  if (exists && !args.forzar) {
    process.stdout.write(
      `${theme.yellow('Aviso:')} ya existe ${shown}: no lo toco (para empezar de nuevo desde el archivo inicial: ` +
        `${cliCommand()} ejercicio ${exercise.id} --forzar).\n`,
    );
  } else {
    try {
      writeFileSync(target, exercise.starter);
    } catch (error) {
      throw new UserError(`No pude escribir ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    process.stdout.write(`${theme.green(exists ? 'He vuelto a escribir' : 'He creado')} ${shown} con el código de partida.\n`);
  }
  process.stdout.write(
    `Edítalo y comprueba tu solución con: ${theme.bold(`${cliCommand()} verificar ${exercise.id}`)}` +
      ` ${theme.gray(`(pistas: ${cliCommand()} pista ${exercise.id})`)}\n`,
  );
  return 0;
}
