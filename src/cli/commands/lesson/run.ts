import { findLesson, loadLessons } from '../../../lessons/load-lessons.js';
import type { Lesson } from '../../../lessons/model.js';
import { LessonSession, type SessionOptions } from '../../../engine/lesson-session.js';
import { runSessionAuto, type LessonRunResult } from '../../../engine/run-lesson.js';
import { LessonPrinter } from '../../../ui/lesson-printer.js';
import { formatEndpoint, type PacketSegment } from '../../../engine/packets/segments.js';
import { readProgress, recordLessonStep, progressWarnings } from '../../../progress/store.js';
import { printWarnings } from '../../warnings.js';
import { EXIT } from '../../exit-codes.js';
import { UserError } from '../../../errors.js';
import { isInteractive } from '../../interactive.js';
import { runnableCommands } from '../../invocation.js';
import { replayWithNotice, reportReplay } from './replay.js';
import { cliConfig, courseContent } from '../../config.js';

export interface LessonArgs {
  id: string;
  auto?: boolean;
  json?: boolean;
  desde?: number;
  practicar?: boolean;
  paquetes?: boolean;
  'puertos-libres'?: boolean;
  breve?: boolean;
}

export async function runLessonCommand(args: LessonArgs): Promise<number> {
  const lessons = await loadLessons(courseContent().lessons);
  const lesson = findLesson(lessons, args.id);
  const position = lessons.indexOf(lesson) + 1;
  if (args.desde !== undefined && args.desde > lesson.steps.length) {
    throw new UserError(`--desde ${args.desde}: la lección «${lesson.id}» solo tiene ${lesson.steps.length} pasos.`);
  }
  if (args.json && !args.auto) throw new UserError('--json solo tiene sentido con --auto (sin pausas).');
  if (args.practicar) {
    if (args.auto) throw new UserError('--practicar y --auto no van juntas: en la práctica escribes tú el código.');
    if (!isInteractive()) throw new UserError('El modo práctica necesita una terminal interactiva (sin CI=true): en él escribes el código de cada paso.');
    const { runPracticeLesson } = await import('./practice-lesson.js');
    return runPracticeLesson(lesson, position, lessons.length, sessionOptions(args));
  }
  if (args.auto || !isInteractive()) {
    return runAuto(lesson, position, lessons.length, args);
  }
  const { runInteractiveLesson } = await import('./interactive-lesson.js');
  const progress = readProgress();
  printWarnings(progressWarnings);
  const resumeAt = args.desde ?? resumeStep(lesson, progress.lessons[lesson.id]?.lastStep);
  return runInteractiveLesson(lesson, position, lessons.length, resumeAt, sessionOptions(args), { brief: args.breve });
}

/** What every way of running a lesson (interactive, practice, --auto) asks of the engine. */
function sessionOptions(args: LessonArgs): SessionOptions {
  const freePorts = args['puertos-libres'] ?? cliConfig().freePorts;
  return { readTcpStates: true, packets: args.paquetes, alwaysSubstitutePorts: freePorts };
}

function resumeStep(lesson: Lesson, lastStep: number | undefined): number {
  if (!lastStep || lastStep >= lesson.steps.length) return 1;
  return lastStep + 1;
}

async function runAuto(lesson: Lesson, position: number, total: number, args: LessonArgs): Promise<number> {
  const printer = args.json ? undefined : new LessonPrinter(position, total, { announceSteps: true, brief: args.breve, adapt: runnableCommands });
  // The renderer loads while the ports are planned.
  const rendering = printer?.prepare(lesson).catch(() => undefined);
  // The first texts do not wait for any kernel: the first step starts them once its own text is out
  // (with nothing to print, --json, they start at once).
  const session = await LessonSession.prepare(lesson, { ...sessionOptions(args), readTcpStates: !args.json, kernelsAtOnce: !printer });
  let result: LessonRunResult;
  try {
    const fromStep = args.desde ?? 1;
    if (printer) {
      await rendering;
      await printer.prepare(session.lesson);
      printer.printLessonStart(session.lesson, session.substitutions);
      printer.usePackets(session.network);
    }
    if (fromStep > 1) reportReplay(await replayWithNotice(session, fromStep));
    if (printer) session.on('event', printer.onEvent);
    result = await runSessionAuto(session, undefined, { fromStep });
  } finally {
    await session.close();
  }
  if (args.json) {
    process.stdout.write(`${JSON.stringify(toJson(result), null, 2)}\n`);
  } else {
    printer!.printSummary(result.steps, result.steps.length);
  }
  if (result.status === 'pass' && (args.desde ?? 1) === 1) recordLessonStep(lesson.id, lesson.steps.length, true);
  return result.status === 'pass' ? EXIT.ok : EXIT.failed;
}

export function toJson(result: LessonRunResult): object {
  return {
    lesson: result.lesson.id,
    status: result.status === 'pass' ? 'pass' : result.status === 'error' ? 'error' : 'fail',
    ports: result.substitutions.map(({ port, protocol, replacement }) => ({ port, protocol, replacement })),
    steps: result.steps.map((step) => ({
      title: step.step.title,
      actor: step.step.actor,
      status: step.status,
      blocked: step.blocked,
      ms: Math.round(step.ms * 100) / 100,
      ...(step.problem ? { message: step.problem } : {}),
      ...(step.skipped ? { skipped: step.skipped } : {}),
      ...(step.packets ? { packets: step.packets.segments.map(packetJson) } : {}),
      checks: step.checks.map(({ name, status, message }) => ({ name, status, message })),
    })),
  };
}

function packetJson(segment: PacketSegment): object {
  const end = (endpoint: PacketSegment['from']): string => `${endpoint.actor ?? endpoint.host}@${formatEndpoint(endpoint)}`;
  return { kind: segment.kind, flags: segment.flags, from: end(segment.from), to: end(segment.to), seq: segment.seq, ack: segment.ack, len: segment.len, text: segment.text ?? undefined };
}
