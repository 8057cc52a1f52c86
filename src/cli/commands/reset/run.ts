import { readProgress, progressWarnings } from '../../../progress/store.js';
import { forgetAll, forgetItem, type ItemKind } from '../../../progress/reset.js';
import { printWarnings } from '../../warnings.js';
import { isInteractive } from '../../interactive.js';
import { UserError } from '../../../errors.js';
import { EXIT } from '../../exit-codes.js';
import { killAllGroups } from '../../../system/process-group.js';
import { closest } from '../../../text/closest.js';
import { theme } from '../../../ui/theme.js';
import { loadCourse, type CourseItem } from '../../course/course.js';
import { cliCommand } from '../../invocation.js';
import { courseContent } from '../../config.js';

export interface ResetArgs {
  id?: string;
  si?: boolean;
}

/** `taller-sockets reiniciar [id]`: forgets one item's progress, or all of it, after asking. */
export async function resetProgress(args: ResetArgs): Promise<number> {
  const progress = readProgress();
  printWarnings(progressWarnings);
  const course = await loadCourse(progress, courseContent());
  let target: { kind: ItemKind; id: string; title: string } | undefined;
  if (args.id !== undefined) {
    target = findTarget(course.items, Object.keys(progress.lessons), Object.keys(progress.exercises), args.id);
  }
  const what = target
    ? `tu avance en ${target.kind === 'lesson' ? 'la lección' : 'el ejercicio'} «${target.title}»`
    : 'todo tu progreso';
  if (!target && Object.keys(progress.lessons).length + Object.keys(progress.exercises).length === 0) {
    process.stdout.write('No tienes progreso guardado: no hay nada que reiniciar.\n');
    return EXIT.ok;
  }
  if (target && !(target.id in (target.kind === 'lesson' ? progress.lessons : progress.exercises))) {
    process.stdout.write(`No tienes avance en «${target.title}»: no hay nada que reiniciar.\n`);
    return EXIT.ok;
  }
  if (!args.si) {
    if (!isInteractive()) {
      throw new UserError(
        `Para borrar ${what} sin una terminal interactiva, confírmalo con --si: ${cliCommand()} reiniciar${args.id ? ` ${args.id}` : ''} --si`,
        EXIT.usage,
      );
    }
    const { confirmYesNo, PromptCancelled } = await import('../../../ui/prompts.js');
    try {
      if (!(await confirmYesNo(`¿Borrar ${what}?`))) {
        process.stdout.write('No he borrado nada.\n');
        return EXIT.ok;
      }
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      if (error.reason === 'interrupt') {
        killAllGroups();
        return EXIT.interrupted;
      }
      process.stdout.write('No he borrado nada.\n');
      return EXIT.ok;
    }
  }
  if (target) {
    const found = forgetItem(target.kind, target.id);
    process.stdout.write(found ? `${theme.green('Hecho:')} he borrado ${what}.\n` : `No tenías avance en «${target.title}»: no he borrado nada.\n`);
    return EXIT.ok;
  }
  const result = forgetAll();
  process.stdout.write(
    `${theme.green('Hecho:')} he borrado tu progreso (${plural(result.lessons, 'lección', 'lecciones')}, ${plural(result.exercises, 'ejercicio', 'ejercicios')}).\n` +
      (result.backup ? theme.gray(`Por si acaso, guardé una copia en ${result.backup}\n`) : ''),
  );
  return EXIT.ok;
}

/**
 * A lesson or exercise by id (or a lesson by number). Ids only present in the progress file (a
 * lesson since renamed or removed) can be reset too.
 */
function findTarget(items: CourseItem[], savedLessons: string[], savedExercises: string[], id: string): { kind: ItemKind; id: string; title: string } {
  const lessons = items.filter((item) => item.kind === 'lesson');
  const byNumber = /^\d+$/.test(id) ? lessons[Number(id) - 1] : undefined;
  const matches = byNumber ? [byNumber] : items.filter((item) => item.id === id);
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    throw new UserError(`«${id}» es a la vez una lección y un ejercicio; ahora mismo no sé cuál quieres reiniciar. Avisa a tu docente.`, EXIT.usage);
  }
  if (savedLessons.includes(id)) return { kind: 'lesson', id, title: id };
  if (savedExercises.includes(id)) return { kind: 'exercise', id, title: id };
  const known = [...new Set([...items.map((item) => item.id), ...savedLessons, ...savedExercises])];
  const near = closest(id, known);
  throw new UserError(
    `No hay ninguna lección ni ejercicio «${id}».` +
      (near.length ? ` ¿Quisiste decir ${near.map((name) => `«${name}»`).join(', ')}?` : '') +
      ` Mira la lista con: ${cliCommand()} progreso`,
    EXIT.usage,
  );
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
