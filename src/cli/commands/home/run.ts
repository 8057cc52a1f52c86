import { readProgress, progressWarnings } from '../../../progress/store.js';
import { printWarnings } from '../../warnings.js';
import { isInteractive } from '../../interactive.js';
import { theme } from '../../../ui/theme.js';
import { loadCourse, type Course } from '../../course/course.js';
import { courseLines } from '../../course/course-lines.js';
import { cliCommand, runnable } from '../../invocation.js';
import type { CommandSummary } from '../../command-catalog.js';
import { courseContent } from '../../config.js';

/**
 * `taller-sockets` alone. In a terminal, the workshop's menu; without one (a pipe, CI), the same
 * course as a list and how to go on: it never waits for a key there.
 */
export async function showHome(catalog: CommandSummary[]): Promise<number> {
  if (isInteractive()) return (await import('./home-menu.js')).runHomeMenu(catalog);
  const course = await loadCourse(readProgress(), courseContent());
  printWarnings(progressWarnings);
  process.stdout.write(`${homeText(course).join('\n')}\n`);
  return 0;
}

function homeText(course: Course): string[] {
  const lines = [theme.bold('taller-sockets · programación de sockets en Python, en vivo'), ''];
  lines.push(...courseLines(course));
  lines.push('');
  if (course.next) lines.push(`Siguiente: ${theme.bold(runnable(course.next.command))}`);
  else if (course.items.length) lines.push(theme.green('Has terminado todo el taller. ¡Enhorabuena!'));
  else lines.push(theme.yellow('No hay lecciones ni ejercicios instalados.'));
  lines.push(
    theme.gray(`Tu avance: ${cliCommand()} progreso · Tu equipo: ${cliCommand()} doctor · Todos los comandos: ${cliCommand()} --help`),
    theme.gray('(Sin terminal interactiva no se abre el menú: usa los comandos de arriba.)'),
  );
  return lines;
}
