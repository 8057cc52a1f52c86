import { createInterface, type Interface } from 'node:readline';
import type { Lesson, Step } from '../../lessons/model.js';
import { LessonSession, type SessionOptions, type StepResult } from '../../engine/lesson-session.js';
import { settleBlockedStep, DEFAULT_STUCK_AFTER_MS } from '../../engine/run-lesson.js';
import { effectiveChecks } from '../../engine/checks.js';
import { LessonPrinter } from '../../ui/lesson-printer.js';
import { codeBlock, stepHeader, actorColor } from '../../ui/step-view.js';
import { preloadMarkdown, renderMarkdown } from '../../ui/markdown.js';
import { theme, wrapText } from '../../ui/theme.js';
import { killAllGroups } from '../../net/process-group.js';
import { EXIT } from '../exit-codes.js';

const TRIES_BEFORE_SOLUTION = 2;

type Outcome = 'a la primera' | 'con pistas' | 'con reintentos' | 'solución mostrada' | 'demostración' | 'saltado';

/**
 * Practice mode: each step shows its goal but not its code; the learner types the code, the
 * engine runs it live and grades it by the same checks (the resulting state, not the text).
 * Steps that demonstrate an error of the document are run for the learner, not asked.
 */
export async function runPracticeLesson(lesson: Lesson, position: number, total: number, sessionOptions: SessionOptions): Promise<number> {
  const input = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const leave = (): never => {
    input.close();
    killAllGroups();
    process.stdout.write(`\n${theme.gray('Hasta pronto.')}\n`);
    process.exit(EXIT.interrupted);
  };
  input.on('SIGINT', leave);
  preloadMarkdown();
  const session = await LessonSession.open(lesson, sessionOptions);
  const printer = new LessonPrinter(position, total, false);
  const outcomes = new Map<number, Outcome>();
  try {
    await printer.prepare(session.lesson);
    printer.printLessonStart(session.lesson, session.substitutions);
    process.stdout.write(`${wrapText('Modo práctica: para cada paso ves el objetivo, no el código. Escríbelo tú; ' +
      'una línea vacía lo ejecuta. Órdenes: :pista, :solucion, :saltar, :salir.', 0, 2)}\n`);
    session.on('event', printer.onEvent);
    for (const step of session.lesson.steps) {
      const outcome = await practiceStep(session, step, input, printer);
      if (outcome === undefined) return EXIT.ok;
      outcomes.set(step.number, outcome);
    }
    for (const actor of session.lesson.actors) await settleBlockedStep(session, actor, DEFAULT_STUCK_AFTER_MS);
    printScore(outcomes);
    return EXIT.ok;
  } finally {
    input.close();
    await session.close();
  }
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
      const parts = Object.entries(check.expect).map(([field, value]) => `${field} ${String(value)}`);
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

async function practiceStep(session: LessonSession, step: Step, input: Interface, printer: LessonPrinter): Promise<Outcome | undefined> {
  const total = session.lesson.steps.length;
  process.stdout.write(`\n${stepHeader(step, total)}\n`);
  if (step.explanation) process.stdout.write(`${await renderMarkdown(step.explanation)}\n`);
  if (isDemonstration(step)) {
    process.stdout.write(theme.gray('  Paso de demostración (muestra un error a propósito): lo ejecuto por ti.\n'));
    process.stdout.write(`${codeBlock(step)}\n`);
    await runAndWait(session, step);
    return 'demostración';
  }
  process.stdout.write(`${theme.bold('  Objetivo:')}\n${goalLines(step).map((line) => wrapText(`• ${line}`, 4, 6)).join('\n')}\n`);
  let failures = 0;
  let hints = 0;
  for (;;) {
    const typed = await readCode(input, step.actor);
    if (typed === ':salir') return undefined;
    if (typed === ':saltar') {
      process.stdout.write(theme.gray('  Lo salto ejecutando el código de referencia, para que los pasos siguientes tengan su estado:\n'));
      process.stdout.write(`${codeBlock(step)}\n`);
      await runAndWait(session, step);
      return 'saltado';
    }
    if (typed === ':pista') {
      hints++;
      process.stdout.write(`${theme.yellow(wrapText(hint(step, hints), 2, 4))}\n`);
      continue;
    }
    if (typed === ':solucion') failures = TRIES_BEFORE_SOLUTION;
    else if (typed.trim()) {
      const result = await runAndWait(session, { ...step, code: typed });
      if (!result || result.status === 'pass' || result.blocked) {
        return failures ? 'con reintentos' : hints ? 'con pistas' : 'a la primera';
      }
      failures++;
    }
    if (failures >= TRIES_BEFORE_SOLUTION) {
      process.stdout.write(theme.yellow('  Este es el código de referencia; lo ejecuto para seguir:\n'));
      process.stdout.write(`${codeBlock(step)}\n`);
      await runAndWait(session, step);
      return 'solución mostrada';
    }
    process.stdout.write(theme.gray('  Todavía no. Corrige y vuelve a intentarlo (:pista para una ayuda).\n'));
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

async function runAndWait(session: LessonSession, step: Step): Promise<StepResult | undefined> {
  const run = await session.runStep(step);
  if (run.blocked) return undefined;
  return run.completion;
}

/** Reads lines until an empty one; a single line starting with ':' is a command. */
function readCode(input: Interface, actor: string): Promise<string> {
  return new Promise((resolve) => {
    const lines: string[] = [];
    const prompt = (): void => {
      input.setPrompt(actorColor(actor)(lines.length ? `  ${' '.repeat(actor.length)} … ` : `  ${actor} ▸ `));
      input.prompt();
    };
    const onLine = (line: string): void => {
      if (!lines.length && line.trim().startsWith(':')) {
        input.off('line', onLine);
        resolve(line.trim());
        return;
      }
      if (line.trim() === '' && lines.length) {
        input.off('line', onLine);
        resolve(lines.join('\n'));
        return;
      }
      if (line.trim() !== '') lines.push(line);
      prompt();
    };
    input.on('line', onLine);
    prompt();
  });
}

function printScore(outcomes: Map<number, Outcome>): void {
  const practised = [...outcomes.values()].filter((outcome) => outcome !== 'demostración');
  const points = practised.reduce((sum, outcome) => sum + ({ 'a la primera': 3, 'con pistas': 2, 'con reintentos': 2, 'solución mostrada': 0, saltado: 0, demostración: 0 }[outcome]), 0);
  const max = practised.length * 3;
  const counts = new Map<Outcome, number>();
  for (const outcome of practised) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  process.stdout.write(`\n${theme.bold(`Puntuación: ${points} de ${max}`)}  ${theme.gray([...counts].map(([outcome, count]) => `${count} ${outcome}`).join(' · '))}\n`);
}
