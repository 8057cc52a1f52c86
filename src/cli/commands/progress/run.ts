import { progressFile, progressWarnings, readProgress } from '../../../progress/store.js';
import { printWarnings } from '../../warnings.js';
import { theme, terminalWidth } from '../../../ui/theme.js';
import { progressLine } from '../../../ui/progress-bar.js';
import { loadCourse, itemDetail, type Course, type CourseItem } from '../../course/course.js';
import { courseLines } from '../../course/course-lines.js';
import { cliCommand, runnable } from '../../invocation.js';
import { courseContent } from '../../config.js';

export interface ProgressArgs {
  json?: boolean;
}

/** `taller-sockets progreso`: what is done, what is next, with bars that fit the terminal. */
export async function showProgress(args: ProgressArgs): Promise<number> {
  const course = await loadCourse(readProgress(), courseContent());
  printWarnings(progressWarnings);
  if (args.json) {
    process.stdout.write(`${JSON.stringify(progressJson(course), null, 2)}\n`);
    return 0;
  }
  process.stdout.write(`${progressText(course, terminalWidth()).join('\n')}\n`);
  return 0;
}

function counts(items: CourseItem[]): { done: number; inProgress: number; total: number } {
  return {
    done: items.filter((item) => item.status === 'hecha').length,
    inProgress: items.filter((item) => item.status === 'en curso').length,
    total: items.length,
  };
}

export function progressText(course: Course, width: number): string[] {
  const lessons = course.items.filter((item) => item.kind === 'lesson');
  const exercises = course.items.filter((item) => item.kind === 'exercise');
  const lines = [theme.bold('Tu progreso en el taller'), ''];
  const labelWidth = 'Ejercicios'.length;
  const lessonCount = counts(lessons);
  lines.push(progressLine('Lecciones', lessonCount.done, lessonCount.total, width, labelWidth));
  if (exercises.length) {
    const exerciseCount = counts(exercises);
    lines.push(progressLine('Ejercicios', exerciseCount.done, exerciseCount.total, width, labelWidth));
  }
  lines.push('', ...courseLines(course), '');
  if (course.next) {
    lines.push(`Siguiente: ${theme.bold(runnable(course.next.command))} ${theme.gray(`(${itemDetail(course.next)})`)}`);
  } else if (course.items.length) {
    lines.push(theme.green('Has terminado todo el taller. ¡Enhorabuena!'));
  }
  lines.push(theme.gray(`Guardado en ${progressFile()}`), theme.gray(`Para empezar de nuevo algo: ${cliCommand()} reiniciar <id>`));
  return lines;
}

function progressJson(course: Course): object {
  const lessons = course.items.filter((item) => item.kind === 'lesson');
  const exercises = course.items.filter((item) => item.kind === 'exercise');
  return {
    file: progressFile(),
    lessons: { ...counts(lessons), items: lessons.map(itemJson) },
    exercises: { ...counts(exercises), items: exercises.map(itemJson) },
    next: course.next ? { kind: course.next.kind, id: course.next.id, title: course.next.title, command: course.next.command } : null,
  };
}

function itemJson(item: CourseItem): object {
  const base = { id: item.id, title: item.title, number: item.number, status: item.status };
  if (item.kind === 'lesson') return { ...base, steps: item.steps, lastStep: item.lastStep ?? null, updatedAt: item.updatedAt ?? null };
  return { ...base, attempts: item.attempts ?? 0, passedAt: item.passedAt ?? null, updatedAt: item.updatedAt ?? null };
}
