import { loadLessons } from '../../lessons/load-lessons.js';
import { lessonStatus, readProgress, progressWarnings } from '../../progress/store.js';
import { printWarnings } from '../warnings.js';
import { theme, symbols } from '../../ui/theme.js';

/** `taller-sockets` alone: the course in order and what to do next. */
export async function showHome(): Promise<number> {
  const lessons = await loadLessons();
  const progress = readProgress();
  printWarnings(progressWarnings);
  const next = lessons.find((lesson) => lessonStatus(progress, lesson.id) !== 'hecha');
  const lines = [theme.bold('taller-sockets · programación de sockets en Python, en vivo'), ''];
  lessons.forEach((lesson, index) => {
    const status = lessonStatus(progress, lesson.id);
    const mark = status === 'hecha' ? theme.green(symbols.pass) : status === 'en curso' ? theme.yellow('…') : ' ';
    const pointer = lesson === next ? theme.cyan('▸') : ' ';
    lines.push(`${pointer}${mark} ${String(index + 1).padStart(2)}. ${lesson.title} ${theme.gray(`(${lesson.id})`)}`);
  });
  lines.push('');
  if (next) lines.push(`Siguiente: ${theme.bold(`taller-sockets leccion ${next.id}`)}`);
  else lines.push(theme.green('Has terminado todas las lecciones.'));
  lines.push(theme.gray('Todos los comandos: taller-sockets --help'));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
