import { loadLessons } from '../../../lessons/load-lessons.js';
import { lessonStatus, readProgress, progressWarnings } from '../../../progress/store.js';
import { theme, symbols } from '../../../ui/theme.js';
import { printWarnings } from '../../warnings.js';
import { cliCommand } from '../../invocation.js';
import { courseContent } from '../../config.js';

export interface LessonsArgs {
  json?: boolean;
}

export async function listLessons(args: LessonsArgs): Promise<number> {
  const lessons = await loadLessons(courseContent().lessons);
  const progress = readProgress();
  printWarnings(progressWarnings);
  const rows = lessons.map((lesson) => ({
    id: lesson.id,
    title: lesson.title,
    sections: lesson.sections,
    steps: lesson.steps.length,
    status: lessonStatus(progress, lesson.id),
    extra: lesson.extra,
  }));
  if (args.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  const lines = [theme.bold('Lecciones del taller'), ''];
  let extraHeaderShown = false;
  rows.forEach((row, index) => {
    if (row.extra && !extraHeaderShown) {
      extraHeaderShown = true;
      lines.push('', theme.bold('Lecciones que el documento no trae'), '');
    }
    const mark = row.status === 'hecha' ? theme.green(symbols.pass) : row.status === 'en curso' ? theme.yellow('…') : ' ';
    const number = String(index + 1).padStart(2);
    lines.push(` ${mark} ${number}. ${row.title} ${theme.gray(`(${row.id}, ${row.steps} pasos, ${row.status})`)}`);
  });
  lines.push('', theme.gray(`Abre una con: ${cliCommand()} leccion <id o número>`));
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
