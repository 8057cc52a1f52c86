import { readProgress, progressWarnings } from '../../../progress/store.js';
import { printWarnings } from '../../warnings.js';
import { reportError } from '../../run-command.js';
import { EXIT } from '../../exit-codes.js';
import { killAllGroups } from '../../../system/process-group.js';
import { theme } from '../../../ui/theme.js';
import { chooseFromMenu, PromptCancelled, type MenuChoice, type MenuSeparator } from '../../../ui/prompts.js';
import { loadCourse, itemDetail, type CourseItem } from '../../course/course.js';
import { itemLabel, statusMark } from '../../course/course-lines.js';
import { cliCommand } from '../../invocation.js';
import type { CommandSummary } from '../../command-catalog.js';
import { courseContent } from '../../config.js';

type Action = { kind: 'item'; item: CourseItem } | { kind: 'progress' } | { kind: 'help' } | { kind: 'exit' };

/**
 * The workshop's menu: the course in order with each item's state, the cursor on the next thing
 * to do. After a lesson or an exercise, back to the menu with the state refreshed.
 */
export async function runHomeMenu(catalog: CommandSummary[]): Promise<number> {
  process.stdout.write(`${theme.bold('taller-sockets · programación de sockets en Python, en vivo')}\n`);
  for (;;) {
    const course = await loadCourse(readProgress(), courseContent());
    printWarnings(progressWarnings);
    const entries = courseEntries(course.items);
    if (entries.length) entries.push({ separator: theme.gray('──────────') });
    entries.push(
      { name: 'progreso', message: 'Ver mi progreso', value: { kind: 'progress' } },
      { name: 'ayuda', message: 'Ayuda: todos los comandos', value: { kind: 'help' } },
      { name: 'salir', message: 'Salir', value: { kind: 'exit' } },
    );
    const initial = course.next ? `${course.next.kind}:${course.next.id}` : 'progreso';
    let action: Action;
    try {
      action = await chooseFromMenu<Action>('¿Qué quieres hacer?', entries, { initial, numbers: lessonNumbers(course.items) });
    } catch (error) {
      if (!(error instanceof PromptCancelled)) throw error;
      if (error.reason === 'interrupt') {
        killAllGroups();
        return EXIT.interrupted;
      }
      action = { kind: 'exit' };
    }
    if (action.kind === 'exit') {
      process.stdout.write(theme.gray('Hasta pronto. Tu avance está guardado.\n'));
      return EXIT.ok;
    }
    let leave: 'menu' | 'exit';
    try {
      leave = await perform(action, catalog);
    } catch (error) {
      // A failed lesson or exercise (no Python, a broken file) is reported; the menu stays.
      reportError(error);
      leave = 'menu';
    }
    if (leave === 'exit') return EXIT.ok;
    // What was just shown (a lesson's summary, the progress) stays readable until a key.
    if ((await pressEnter()) === 'interrupt') {
      killAllGroups();
      return EXIT.interrupted;
    }
    process.stdout.write('\n');
  }
}

/**
 * The course as menu entries, under headings: the document's lessons, the lessons beyond it, and
 * the exercises once only exercises remain. An exercise placed between lessons (after the lesson
 * it practises) stays in its lessons' section, its label saying «Ejercicio».
 */
function courseEntries(items: CourseItem[]): Array<MenuChoice<Action> | MenuSeparator> {
  const entries: Array<MenuChoice<Action> | MenuSeparator> = [];
  let section = '';
  items.forEach((item, index) => {
    const onlyExercisesLeft = items.slice(index).every((later) => later.kind === 'exercise');
    const heading = onlyExercisesLeft ? 'Ejercicios' : item.kind === 'exercise' ? section : item.extra ? 'Más allá del documento' : 'Lecciones';
    if (heading !== section) entries.push({ separator: theme.bold(heading) });
    section = heading;
    entries.push({
      name: `${item.kind}:${item.id}`,
      message: `${statusMark(item.status)} ${itemLabel(item)}`,
      ...(item.status === 'pendiente' ? {} : { hint: itemDetail(item) }),
      value: { kind: 'item', item },
    });
  });
  return entries;
}

/** «7» jumps to lesson 7. */
function lessonNumbers(items: CourseItem[]): Record<string, string> {
  return Object.fromEntries(items.filter((item) => item.kind === 'lesson').map((item) => [String(item.number), `${item.kind}:${item.id}`]));
}

/** Waits for Enter (Ctrl-C: 'interrupt'). */
async function pressEnter(): Promise<'enter' | 'interrupt'> {
  process.stdout.write(theme.gray('\nPulsa Enter para volver al menú. '));
  const { KeyReader } = await import('../../../ui/keys.js');
  const keys = new KeyReader();
  try {
    return await new Promise((resolve) => {
      keys.start(() => resolve('interrupt'));
      void keys.choose([{ key: 'enter', label: 'volver' }]).then(() => resolve('enter'));
    });
  } finally {
    keys.stop();
    process.stdout.write('\n');
  }
}

/** Does what was chosen; says whether to come back to the menu afterwards. */
async function perform(action: Exclude<Action, { kind: 'exit' }>, catalog: CommandSummary[]): Promise<'menu' | 'exit'> {
  if (action.kind === 'progress') {
    await (await import('../progress/run.js')).showProgress({});
    return 'menu';
  }
  if (action.kind === 'help') {
    process.stdout.write(helpText(catalog));
    return 'menu';
  }
  const { item } = action;
  if (item.kind === 'lesson') {
    const { runLessonCommand } = await import('../lesson/run.js');
    await runLessonCommand({ id: item.id });
    return 'menu';
  }
  // The statement, then keys for the next steps (verify, watch, try, hint, editor); «q» comes back here.
  await (await import('../exercise/run.js')).showExercise({ id: item.id });
  return 'menu';
}

function helpText(catalog: CommandSummary[]): string {
  const lines = ['', theme.bold('Comandos del taller'), ''];
  for (const { usage, describe } of catalog) lines.push(`  ${theme.bold(`taller-sockets ${usage}`)}`, `      ${describe}`);
  lines.push('', theme.gray(`Más detalle: ${cliCommand()} <comando> --help`), '');
  return `${lines.join('\n')}\n`;
}
