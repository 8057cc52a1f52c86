import type { Lesson } from '../lessons/model.js';
import { LessonSession, type EngineEvent, type SessionOptions, type StepResult, type StepStatus } from './lesson-session.js';
import type { PortSubstitution } from './port-plan.js';

export interface LessonRunResult {
  lesson: Lesson;
  status: StepStatus;
  steps: StepResult[];
  substitutions: PortSubstitution[];
}

export interface AutoRunOptions extends SessionOptions {
  /** How long a blocked step may wait for the rest of the lesson before it is interrupted. */
  stuckAfterMs?: number;
  onEvent?: (event: EngineEvent) => void;
}

/** Runs every step without waiting for anyone: the `--auto` mode, CI and the tests. */
export async function runLessonAuto(lesson: Lesson, options: AutoRunOptions = {}): Promise<LessonRunResult> {
  const session = await LessonSession.open(lesson, options, options.onEvent);
  const stuckAfterMs = options.stuckAfterMs ?? 10_000;
  const completions: Promise<StepResult>[] = [];
  try {
    for (const step of session.lesson.steps) {
      const earlier = session.pendingStep(step.actor);
      if (earlier) await settleOrInterrupt(session, step.actor, earlier.completion, stuckAfterMs);
      const run = await session.runStep(step);
      completions.push(run.completion);
    }
    for (const step of session.lesson.steps) {
      const pending = session.pendingStep(step.actor);
      if (pending) await settleOrInterrupt(session, step.actor, pending.completion, stuckAfterMs);
    }
    const steps = await Promise.all(completions);
    const status: StepStatus = steps.some((s) => s.status === 'error') ? 'error' : steps.some((s) => s.status === 'fail') ? 'fail' : 'pass';
    return { lesson: session.lesson, status, steps, substitutions: session.substitutions };
  } finally {
    await session.close();
  }
}

/** Waits for a blocked step; past the limit, interrupts it and records why it failed. */
async function settleOrInterrupt(session: LessonSession, actor: string, completion: Promise<StepResult>, limitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    completion.then(() => true),
    new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), limitMs); }),
  ]);
  clearTimeout(timer);
  if (settled) return;
  session.interrupt(actor);
  const result = await completion;
  result.status = 'fail';
  result.checks.push({
    name: 'el paso termina cuando el otro actor hace su parte',
    status: 'fail',
    message: `seguía bloqueado después de ${(limitMs / 1000).toFixed(0)} s y se interrumpió: ningún paso posterior lo desbloqueó`,
  });
}
