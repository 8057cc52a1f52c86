import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Lesson, Step } from '../../../lessons/model.js';
import { LessonSession, type SessionOptions } from '../../../engine/lesson-session.js';
import type { StepResult } from '../../../engine/step-result.js';
import { settleBlockedStep, DEFAULT_STUCK_AFTER_MS } from '../../../engine/run-lesson.js';
import { effectiveChecks, socketExpectations } from '../../../engine/checks.js';
import { LessonPrinter } from '../../../ui/lesson-printer.js';
import { codeBlock, stepHeader, actorColor } from '../../../ui/step-view.js';
import { preloadMarkdown } from '../../../ui/markdown.js';
import { theme, wrapText } from '../../../ui/theme.js';
import { print } from '../../../ui/screen.js';
import { waitsForAnotherActor } from '../../../engine/peer-wait.js';
import { killAllGroups } from '../../../system/process-group.js';
import { EXIT } from '../../exit-codes.js';
import { runnableCommands } from '../../invocation.js';

const TRIES_BEFORE_SOLUTION = 2;

type Outcome = 'a la primera' | 'con pistas' | 'con reintentos' | 'solución mostrada' | 'demostración' | 'saltado';

/**
 * Practice mode: each step shows its goal but not its code; the learner types the code, the
 * engine runs it live and grades it by the same checks (the resulting state, not the text).
 * Steps that demonstrate an error of the document are run for the learner, not asked.
 */
export async function runPracticeLesson(lesson: Lesson, position: number, total: number, sessionOptions: SessionOptions): Promise<number> {
  const input = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const screen = new PracticeScreen(input);
  const leave = (): never => {
    input.close();
    killAllGroups();
    process.stdout.write(`\n${theme.gray('Hasta pronto.')}\n`);
    process.exit(EXIT.interrupted);
  };
  preloadMarkdown();
  const session = await LessonSession.open(lesson, sessionOptions);
  input.on('SIGINT', () => {
    const target = screen.running ?? lesson.actors.map((actor) => session.pendingStep(actor)?.step).find(Boolean);
    if (target && session.interrupt(target.actor)) {
      screen.write(theme.yellow(`\n  Ctrl-C: interrumpo el paso ${target.number} (${target.actor}); su Python sigue vivo.\n`));
      return;
    }
    leave();
  });
  const printer = new LessonPrinter(position, total, { announceSteps: false, write: screen.write, adapt: runnableCommands });
  const outcomes = new Map<number, Outcome>();
  try {
    await printer.prepare(session.lesson);
    printer.printLessonStart(session.lesson, session.substitutions);
    screen.write(`${wrapText('Modo práctica: para cada paso ves el objetivo, no el código. Escríbelo tú; ' +
      'una línea vacía lo ejecuta. Órdenes: :pista, :solucion, :saltar, :salir. La práctica empieza siempre en el paso 1.', 0, 2)}\n`);
    session.on('event', printer.onEvent);
    for (const step of session.lesson.steps) {
      const outcome = await practiceStep(session, step, input, printer, screen);
      if (outcome === undefined) return EXIT.ok;
      outcomes.set(step.number, outcome);
    }
    for (const actor of session.lesson.actors) await settleBlockedStep(session, actor, DEFAULT_STUCK_AFTER_MS);
    printScore(outcomes, screen);
    return EXIT.ok;
  } finally {
    input.close();
    await session.close();
  }
}

/**
 * What practice prints, kept apart from the line being typed: text that arrives while the learner
 * types (a blocked step's late result) is printed above the input line, which is then drawn again
 * with what was typed so far.
 */
class PracticeScreen {
  prompting = false;
  /** The step running in the foreground, which Ctrl-C interrupts. */
  running: Step | undefined;

  constructor(private readonly input: Interface) {}

  readonly write = (text: string): void => {
    if (!this.prompting) {
      print(text);
      return;
    }
    clearLine(process.stdout, 0);
    cursorTo(process.stdout, 0);
    print(text.replace(/^\n+/, ''));
    this.input.prompt(true);
  };
}

function isDemonstration(step: Step): boolean {
  return step.checks.some((check) => check.kind === 'error');
}

/** The goal of a step, said through its checks (they are phrased as what the learner must achieve). */
function goalLines(step: Step): string[] {
  return effectiveChecks(step.checks)
    .filter((check) => check.kind !== 'no-error')
    .map((check) => check.text ?? describeCheck(check))
    .filter((line): line is string => Boolean(line));
}

function describeCheck(check: ReturnType<typeof effectiveChecks>[number]): string | undefined {
  switch (check.kind) {
    case 'socket': {
      const parts = socketExpectations(check.expect);
      return `un socket llamado ${check.name}${parts.length ? ` (${parts.join(', ')})` : ''}`;
    }
    case 'output': return `que se imprima «${check.contains}»`;
    case 'value': return `que la última expresión valga algo con «${check.contains}»`;
    case 'blocks': return 'la llamada se queda esperando al otro extremo';
    case 'tcp-state': return `el sistema muestra ${check.states.join(' o ')}`;
    case 'probe': return check.expect === 'conecta' ? `se puede conectar al puerto ${check.port}` : check.expect === 'llega' ? `un datagrama llega al puerto ${check.port}` : `el puerto ${check.port} rechaza`;
    default: return undefined;
  }
}

async function practiceStep(session: LessonSession, step: Step, input: Interface, printer: LessonPrinter, screen: PracticeScreen): Promise<Outcome | undefined> {
  const total = session.lesson.steps.length;
  screen.write(`\n${stepHeader(step, total)}\n`);
  if (step.explanation) screen.write(`${printer.markdown(step.explanation)}\n`);
  const run = (code: string): Promise<StepResult | 'blocked'> => runAndWait(session, { ...step, code }, screen);
  if (isDemonstration(step)) {
    screen.write(theme.gray('  Paso de demostración (muestra un error a propósito): lo ejecuto por ti.\n'));
    screen.write(`${codeBlock(step)}\n`);
    await run(step.code);
    return 'demostración';
  }
  screen.write(`${theme.bold('  Objetivo:')}\n${goalLines(step).map((line) => wrapText(`• ${line}`, 4, 6)).join('\n')}\n`);
  let failures = 0;
  let hints = 0;
  for (;;) {
    const typed = await readCode(input, step.actor, screen);
    if (typed === ':salir') return undefined;
    if (typed === ':saltar') {
      screen.write(theme.gray('  Lo salto ejecutando el código de referencia, para que los pasos siguientes tengan su estado:\n'));
      screen.write(`${codeBlock(step)}\n`);
      await run(step.code);
      return 'saltado';
    }
    if (typed === ':pista') {
      hints++;
      screen.write(`${theme.yellow(wrapText(hint(step, hints), 2, 4))}\n`);
      continue;
    }
    if (typed === ':solucion') failures = TRIES_BEFORE_SOLUTION;
    else if (typed.trim()) {
      const result = await run(typed);
      // Waiting for the other actor is what this step should do: its checks are graded when it ends.
      if (result === 'blocked' || result.status === 'pass') {
        return failures ? 'con reintentos' : hints ? 'con pistas' : 'a la primera';
      }
      failures++;
    }
    if (failures >= TRIES_BEFORE_SOLUTION) {
      screen.write(theme.yellow('  Este es el código de referencia; lo ejecuto para seguir:\n'));
      screen.write(`${codeBlock(step)}\n`);
      await run(step.code);
      return 'solución mostrada';
    }
    screen.write(theme.gray('  Todavía no. Corrige y vuelve a intentarlo (:pista para una ayuda).\n'));
  }
}

function hint(step: Step, level: number): string {
  const lines = step.code.split('\n').filter((line) => line.trim() && !line.trim().startsWith('#'));
  const shown = lines.slice(0, Math.min(level, lines.length));
  if (level === 1) {
    const calls = [...new Set([...step.code.matchAll(/\.(\w+)\(/g)].map((match) => `${match[1]}()`))];
    return `Pista: ${calls.length ? `necesitarás ${calls.join(', ')}` : 'repasa la explicación de arriba'}.`;
  }
  return `Pista: empieza así:\n${shown.join('\n')}`;
}

/**
 * Runs a step. It returns early only when it waits for another actor's step (then 'blocked');
 * a step merely slow is waited for (Ctrl-C interrupts it), so that it is graded like any other.
 */
async function runAndWait(session: LessonSession, step: Step, screen: PracticeScreen): Promise<StepResult | 'blocked'> {
  const pending = session.pendingStep(step.actor);
  if (pending) {
    screen.write(theme.yellow(`  ${step.actor} sigue bloqueado en el paso ${pending.step.number}; espero a que termine (pulsa Ctrl-C para interrumpirlo).\n`));
    screen.running = pending.step;
    await pending.completion;
  }
  screen.running = step;
  try {
    const run = await session.runStep(step);
    if (run.blocked && waitsForAnotherActor(session.lesson, step, run.waitingIn)) return 'blocked';
    return await run.completion;
  } finally {
    screen.running = undefined;
  }
}

/** Reads lines until an empty one; a single line starting with ':' is a command. */
function readCode(input: Interface, actor: string, screen: PracticeScreen): Promise<string> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const finish = (code: string): void => {
      input.off('line', onLine);
      screen.prompting = false;
      resolve(code);
    };
    const prompt = (): void => {
      screen.prompting = true;
      input.setPrompt(actorColor(actor)(lines.length ? `  ${' '.repeat(actor.length)} … ` : `  ${actor} ▸ `));
      input.prompt();
    };
    const onLine = (line: string): void => {
      if (!lines.length && line.trim().startsWith(':')) {
        finish(line.trim());
        return;
      }
      if (line.trim() === '' && lines.length) {
        finish(lines.join('\n'));
        return;
      }
      if (line.trim() !== '') lines.push(line);
      prompt();
    };
    input.on('line', onLine);
    prompt();
  });
}

function printScore(outcomes: Map<number, Outcome>, screen: PracticeScreen): void {
  const practised = [...outcomes.values()].filter((outcome) => outcome !== 'demostración');
  const points = practised.reduce((sum, outcome) => sum + ({ 'a la primera': 3, 'con pistas': 2, 'con reintentos': 2, 'solución mostrada': 0, saltado: 0, demostración: 0 }[outcome]), 0);
  const max = practised.length * 3;
  const counts = new Map<Outcome, number>();
  for (const outcome of practised) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  screen.write(`\n${theme.bold(`Puntuación: ${points} de ${max}`)}  ${theme.gray([...counts].map(([outcome, count]) => `${count} ${outcome}`).join(' · '))}\n`);
}
