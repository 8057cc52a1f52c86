import { existsSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Exercise } from '../../grader/exercise-content.js';
import { renderMarkdown } from '../../ui/markdown.js';
import { link, theme } from '../../ui/theme.js';
import { print } from '../../ui/screen.js';
import { showPaged } from '../../ui/pager.js';
import { UserError } from '../../errors.js';
import { cliCommand, runnableCommands } from '../invocation.js';
import { isInteractive } from '../interactive.js';

/**
 * An exercise's statement, and its starter file written next to the learner (never over their
 * work unless `rewrite`), then the commands that follow. Returns the file's path. Shared by
 * «ejercicio» and by «verificar --vigilar», which moves on to the next exercise.
 */
export async function presentExercise(exercise: Exercise, rewrite: boolean): Promise<string> {
  const target = join(process.cwd(), exercise.fileName);
  // A clickable link (file://) where the terminal supports it: one click opens the file.
  const shown = link(`./${relative(process.cwd(), target)}`, pathToFileURL(target).href);
  const statement = runnableCommands(await renderMarkdown(exercise.statement));
  if (isInteractive()) await showPaged(statement, { what: 'enunciado leído' });
  else print(`${statement}\n`);
  print('\n');
  const exists = existsSync(target);
  if (exists && !rewrite) {
    print(
      `${theme.yellow('Aviso:')} ya existe ${shown}: no lo toco. Para empezar de nuevo desde el archivo inicial:\n` +
        `    ${cliCommand()} ejercicio ${exercise.id} --forzar\n`,
    );
  } else {
    try {
      writeFileSync(target, exercise.starter);
    } catch (error) {
      throw new UserError(`No pude escribir ${shown}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
    }
    print(`${theme.green(exists ? 'He vuelto a escribir' : 'He creado')} ${shown} con el código de partida.\n`);
  }
  print(`\n${nextCommands(exercise.id, `./${exercise.fileName}`)}\n`);
  return target;
}

/** The commands that follow an exercise's statement, each runnable as printed. */
function nextCommands(id: string, file: string): string {
  const cli = cliCommand();
  const editor = process.env.VISUAL || process.env.EDITOR;
  const lines = [
    [`${cli} verificar ${id}`, 'prueba tu programa'],
    [`${cli} verificar ${id} --vigilar`, 'lo prueba cada vez que guardas'],
    [`${cli} probar ${id}`, 'lo ejecuta con el programa del otro lado'],
    [`${cli} pista ${id}`, 'una pista'],
    ...(editor ? [[`${editor} ${file}`, 'abrirlo en tu editor']] : []),
  ];
  return `${theme.bold('Qué sigue:')}\n${lines.map(([command, what]) => `    ${command}   ${theme.gray(`# ${what}`)}`).join('\n')}`;
}
