import type { Lesson, Step } from '../../../lessons/model.js';
import { LessonSession, type SessionOptions } from '../../../engine/lesson-session.js';
import type { StepResult } from '../../../engine/step-result.js';
import { settleBlockedStep, DEFAULT_STUCK_AFTER_MS } from '../../../engine/run-lesson.js';
import { waitsForAnotherActor } from '../../../engine/peer-wait.js';
import { LessonPrinter } from '../../../ui/lesson-printer.js';
import { preloadMarkdown } from '../../../ui/markdown.js';
import { KeyReader, keyHelp, type KeyChoice } from '../../../ui/keys.js';
import { showPaged } from '../../../ui/pager.js';
import { print } from '../../../ui/screen.js';
import { theme } from '../../../ui/theme.js';
import { recordLessonStep } from '../../../progress/store.js';
import { killAllGroups } from '../../../system/process-group.js';
import { EXIT } from '../../exit-codes.js';
import { replayWithNotice } from './replay.js';
import { progressWords } from '../../course/progress-words.js';
import { cliCommand, runnableCommands } from '../../invocation.js';

const BEFORE_STEP: KeyChoice[] = [
  { key: 'enter', label: 'ejecutar' },
  { key: 's', label: 'saltar' },
  { key: 'q', label: 'salir' },
];
const AFTER_STEP: KeyChoice[] = [
  { key: 'enter', label: 'siguiente' },
  { key: 'r', label: 'repetir' },
  { key: 'v', label: 'ver sockets y paquetes' },
  { key: 'b', label: 'breve' },
  { key: 'q', label: 'salir' },
];

export interface InteractiveOptions {
  brief?: boolean;
}

/**
 * The step-through screen: explanation and code, a key to run, live output, then the checks.
 * Ctrl-C interrupts the step that runs, or else an actor's blocked step; with nothing running it
 * leaves (exit 130). Repeating a step rebuilds the state up to it first, as --desde does; skipping
 * one runs it without showing it, so that the steps after it find what they need.
 */
export async function runInteractiveLesson(
  lesson: Lesson, position: number, total: number, startAt: number, sessionOptions: SessionOptions, options: InteractiveOptions = {},
): Promise<number> {
  const printer = new LessonPrinter(position, total, { announceSteps: false, brief: options.brief, adapt: runnableCommands });
  const keys = new KeyReader();
  let running: Step | undefined;
  let session: LessonSession | undefined;
  const leave = (): never => {
    keys.stop();
    killAllGroups();
    print(`\n${theme.gray('Hasta pronto. Tu avance está guardado.')}\n`);
    process.exit(EXIT.interrupted);
  };
  let interrupted: Step | undefined;
  keys.start(() => {
    const target = running ?? blockedStep(session);
    if (target && target === interrupted && session?.restartActor(target.actor)) {
      print(theme.yellow(`\n  Ctrl-C otra vez: el paso ${target.number} no se deja interrumpir; reinicio el Python de ${target.actor} y repito sus pasos anteriores.\n`));
      return;
    }
    if (target && session?.interrupt(target.actor)) {
      interrupted = target;
      print(theme.yellow(`\n  Ctrl-C: interrumpo el paso ${target.number} (${target.actor}); su Python sigue vivo. (Si no se detiene, Ctrl-C otra vez lo reinicia.)\n`));
      return;
    }
    leave();
  });
  preloadMarkdown();
  // The renderer loads while the ports are planned; the kernels start behind the intro.
  session = await LessonSession.prepare(lesson, sessionOptions);
  const results = new Map<number, StepResult>();
  const onLateResult = (result: StepResult): void => {
    results.set(result.step.number, result);
    if (result.blocked && waitingFor) showKeys(waitingFor);
  };
  const attach = (current: LessonSession): void => {
    current.on('event', printer.onEvent);
    current.on('event', (event) => { if (event.type === 'step-finished') onLateResult(event.result); });
  };
  try {
    await printer.prepare(session.lesson);
    print(`${printer.lessonStart(session.lesson, session.substitutions)}\n`);
    const intro = session.lesson.intro ? showIntro(printer.markdown(session.lesson.intro), keys) : Promise.resolve();
    // The kernels boot while the learner reads the introduction (once its first page is out).
    void session.startKernels();
    await intro;
    printer.usePackets(session.network);
    if (startAt > 1) {
      print(theme.gray(`  Retomas la lección en el paso ${startAt} de ${session.lesson.steps.length}. (Para empezar de cero: --desde 1)\n`));
      for (const result of await replayWithNotice(session, startAt)) results.set(result.step.number, result);
    }
    attach(session);
    const steps = session.lesson.steps;
    for (let index = startAt - 1; index < steps.length; index++) {
      const step = steps[index]!;
      printer.printStep(step, steps.length);
      const before = await ask(keys, BEFORE_STEP);
      if (before === 'q') return quit(lesson, index, steps.length);
      const pending = session.pendingStep(step.actor);
      if (pending) {
        print(theme.yellow(`  ${step.actor} sigue bloqueado en el paso ${pending.step.number}; espero a que termine (pulsa Ctrl-C para interrumpirlo).\n`));
        running = pending.step;
        await pending.completion;
      }
      if (before === 's') print(theme.gray(`  Paso ${step.number} saltado: lo ejecuto sin pausa, para que los pasos siguientes tengan su estado.\n`));
      running = step;
      const run = await session.runStep(step);
      if (run.blocked && !waitsForAnotherActor(session.lesson, step, run.waitingIn)) await run.completion;
      running = undefined;
      recordLessonStep(lesson.id, step.number, false);
      if (run.blocked && session.pendingStep(step.actor)) continue;
      if (before === 's') continue;
      for (;;) {
        const after = await ask(keys, AFTER_STEP);
        if (after === 'q') return quit(lesson, index + 1, steps.length);
        if (after === 'v') { printer.showState(); continue; }
        if (after === 'b') {
          printer.brief = !printer.brief;
          print(theme.gray(printer.brief ? '  Modo breve: sin el texto tras cada paso; «v» muestra sockets y paquetes.\n' : '  Modo completo.\n'));
          continue;
        }
        if (after === 'r') {
          session = await rebuildUpTo(session, step.number, lesson, sessionOptions, printer);
          attach(session);
          index--;
        }
        break;
      }
    }
    for (const actor of session.lesson.actors) {
      const pending = session.pendingStep(actor);
      if (pending) {
        print(theme.yellow(`  Espero a que ${actor} termine su paso bloqueado (pulsa Ctrl-C para interrumpirlo)...\n`));
        running = pending.step;
        await settleBlockedStep(session, actor, DEFAULT_STUCK_AFTER_MS);
        running = undefined;
      }
    }
    // The whole lesson: the steps replayed to resume count as they went.
    const finished = [...results.values()].sort((a, b) => a.step.number - b.step.number);
    printer.printSummary(finished, steps.length);
    const allPassed = finished.length === steps.length && finished.every((result) => result.status === 'pass');
    recordLessonStep(lesson.id, steps.length, allPassed);
    print(nextActions(lesson, allPassed, startAt));
    return allPassed ? EXIT.ok : EXIT.failed;
  } finally {
    keys.stop();
    await session.close();
  }
}

function blockedStep(session: LessonSession | undefined): Step | undefined {
  if (!session) return undefined;
  const blocked = session.lesson.actors.map((actor) => session.pendingStep(actor)).filter((pending) => pending !== undefined);
  return blocked.sort((a, b) => b.sequence - a.sequence)[0]?.step;
}

/** The introduction: through the pager when it is taller than the terminal. */
async function showIntro(text: string, keys: KeyReader): Promise<void> {
  const choices: KeyChoice[] = [{ key: 'enter', label: 'seguir' }, { key: 'q', label: 'dejar de paginar' }];
  keys.stop();
  try {
    await showPaged(text, { what: 'introducción leída', waitKey: async () => {
      keys.start(() => process.exit(EXIT.interrupted));
      try {
        return (await keys.choose(choices)) === 'q' ? 'stop' : 'next';
      } finally {
        keys.stop();
      }
    } });
  } finally {
    keys.resume();
  }
}

/** Repeating a step: a new session whose actors replay the steps before it (as --desde does). */
async function rebuildUpTo(
  old: LessonSession, stepNumber: number, lesson: Lesson, sessionOptions: SessionOptions, printer: LessonPrinter,
): Promise<LessonSession> {
  print(theme.gray(`  Repito el paso ${stepNumber}: vuelvo a empezar con Pythons nuevos para que el estado sea el de antes del paso.\n`));
  await old.close();
    const session = await LessonSession.open(lesson, sessionOptions);
  printer.forgetState();
  for (const substitution of session.substitutions) printer.onEvent({ type: 'port-substituted', substitution });
  if (stepNumber > 1) await replayWithNotice(session, stepNumber);
  return session;
}

let waitingFor: KeyChoice[] | undefined;

function showKeys(choices: KeyChoice[]): void {
  print(`\n ${keyHelp(choices)}\n`);
}

async function ask(keys: KeyReader, choices: KeyChoice[]): Promise<string> {
  showKeys(choices);
  waitingFor = choices;
  try {
    return await keys.choose(choices);
  } finally {
    waitingFor = undefined;
  }
}

function quit(lesson: Lesson, stepsDone: number, total: number): number {
  if (stepsDone > 0) recordLessonStep(lesson.id, stepsDone, false);
  print(theme.gray(`\nSales de la lección (${progressWords(stepsDone, total)}). La próxima vez sigues en el paso ${Math.min(stepsDone + 1, total)} de ${total}.\n`));
  return EXIT.ok;
}

function nextActions(lesson: Lesson, passed: boolean, startAt: number): string {
  const cli = cliCommand();
  if (passed) return `\n${theme.gray('Siguiente (el menú te lleva a lo que toca):')}\n    ${cli}\n`;
  const from = startAt > 1 ? ` (empezaste en el paso ${startAt})` : '';
  return `\n${theme.yellow(`Algún paso no salió como en la lección${from}. Repítela desde el principio:`)}\n` +
    `    ${cli} leccion ${lesson.id} --desde 1\n${theme.yellow('o solo desde un paso N:')}\n    ${cli} leccion ${lesson.id} --desde N\n`;
}
