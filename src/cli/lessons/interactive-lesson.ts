import type { Lesson, Step } from '../../lessons/model.js';
import { LessonSession, type SessionOptions, type StepResult } from '../../engine/lesson-session.js';
import { settleBlockedStep, DEFAULT_STUCK_AFTER_MS } from '../../engine/run-lesson.js';
import { LessonPrinter } from '../../ui/lesson-printer.js';
import { preloadMarkdown } from '../../ui/markdown.js';
import { KeyReader, keyHelp, type KeyChoice } from '../../ui/keys.js';
import { theme } from '../../ui/theme.js';
import { recordLessonStep } from '../../progress/store.js';
import { killAllGroups } from '../../net/process-group.js';
import { EXIT } from '../exit-codes.js';
import { replaySteps } from './run-lesson-command.js';

const BEFORE_STEP: KeyChoice[] = [
  { key: 'enter', label: 'ejecutar' },
  { key: 's', label: 'saltar' },
  { key: 'q', label: 'salir' },
];
const AFTER_STEP: KeyChoice[] = [
  { key: 'enter', label: 'siguiente' },
  { key: 'r', label: 'repetir' },
  { key: 'q', label: 'salir' },
];

/**
 * The step-through screen: explanation and code, a key to run, live output, then the checks.
 * Ctrl-C while a step runs interrupts that step only; Ctrl-C at a prompt leaves (exit 130).
 */
export async function runInteractiveLesson(lesson: Lesson, position: number, total: number, startAt: number, sessionOptions: SessionOptions): Promise<number> {
  const printer = new LessonPrinter(position, total, false);
  const keys = new KeyReader();
  let running: Step | undefined;
  let session: LessonSession | undefined;
  const leave = (): never => {
    keys.stop();
    killAllGroups();
    process.stdout.write(`\n${theme.gray('Hasta pronto. Tu avance está guardado.')}\n`);
    process.exit(EXIT.interrupted);
  };
  keys.start(() => {
    if (running && session?.interrupt(running.actor)) {
      process.stdout.write(theme.yellow(`\n  Ctrl-C: interrumpo el paso ${running.number} (${running.actor}); su Python sigue vivo.\n`));
      return;
    }
    leave();
  });
  // Kernels start while the learner reads the introduction.
  preloadMarkdown();
  session = await LessonSession.open(lesson, sessionOptions);
  try {
    await printer.prepare(session.lesson);
    printer.printLessonStart(session.lesson, session.substitutions);
    printer.usePackets(session.network);
    if (startAt > 1) {
      process.stdout.write(theme.gray(`  Retomas la lección en el paso ${startAt}. (Para empezar de cero: --desde 1)\n`));
      await replaySteps(session, startAt);
    }
    session.on('event', printer.onEvent);
    // A blocked step may finish while the learner looks at a prompt: show the keys again below it.
    session.on('event', (event) => {
      if (event.type === 'step-finished' && event.result.blocked && waitingFor) showKeys(waitingFor);
    });
    const results = new Map<number, StepResult>();
    const steps = session.lesson.steps;
    for (let index = startAt - 1; index < steps.length; index++) {
      const step = steps[index]!;
      printer.printStep(step, steps.length);
      const before = await ask(keys, BEFORE_STEP);
      if (before === 'q') return quit(lesson, index);
      if (before === 's') {
        process.stdout.write(theme.gray('  Paso saltado: los pasos siguientes pueden depender de él.\n'));
        continue;
      }
      const pending = session.pendingStep(step.actor);
      if (pending) {
        process.stdout.write(theme.yellow(`  ${step.actor} sigue bloqueado en el paso ${pending.step.number}; espero a que termine (Ctrl-C lo interrumpe).\n`));
        running = pending.step;
        await pending.completion;
      }
      running = step;
      const run = await session.runStep(step);
      running = undefined;
      run.completion.then((result) => results.set(step.number, result), () => undefined);
      if (run.blocked) {
        recordLessonStep(lesson.id, step.number, false);
        continue;
      }
      await run.completion;
      recordLessonStep(lesson.id, step.number, false);
      const after = await ask(keys, AFTER_STEP);
      if (after === 'q') return quit(lesson, index + 1);
      if (after === 'r') index--;
    }
    for (const actor of session.lesson.actors) {
      const pending = session.pendingStep(actor);
      if (pending) {
        process.stdout.write(theme.yellow(`  Espero a que ${actor} termine su paso bloqueado (Ctrl-C lo interrumpe)...\n`));
        running = pending.step;
        await settleBlockedStep(session, actor, DEFAULT_STUCK_AFTER_MS);
        running = undefined;
      }
    }
    const finished = [...results.values()].sort((a, b) => a.step.number - b.step.number);
    printer.printSummary(finished, steps.length - startAt + 1);
    const allPassed = finished.length === steps.length - startAt + 1 && finished.every((result) => result.status === 'pass');
    recordLessonStep(lesson.id, steps.length, allPassed);
    return allPassed ? EXIT.ok : EXIT.failed;
  } finally {
    keys.stop();
    await session.close();
  }
}

let waitingFor: KeyChoice[] | undefined;

function showKeys(choices: KeyChoice[]): void {
  process.stdout.write(`\n ${theme.gray(keyHelp(choices))}\n`);
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

function quit(lesson: Lesson, stepsDone: number): number {
  if (stepsDone > 0) recordLessonStep(lesson.id, stepsDone, false);
  process.stdout.write(theme.gray(`\nSales de la lección. La próxima vez sigues en el paso ${stepsDone + 1}.\n`));
  return EXIT.ok;
}
