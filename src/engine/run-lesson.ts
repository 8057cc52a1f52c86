import type { Lesson } from '../lessons/model.js';
import { LessonSession, type SessionOptions } from './lesson-session.js';
import type { EngineEvent, StepResult, StepRun, StepStatus } from './step-result.js';
import type { PortSubstitution } from './port-plan.js';
import { withTimeout } from '../system/with-timeout.js';

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

export const DEFAULT_STUCK_AFTER_MS = 10_000;

/** Opens a session, runs every step without waiting for anyone, and always closes it. */
export async function runLessonAuto(lesson: Lesson, options: AutoRunOptions = {}): Promise<LessonRunResult> {
  const session = await LessonSession.open(lesson, options, options.onEvent);
  try {
    return await runSessionAuto(session, options.stuckAfterMs);
  } finally {
    await session.close();
  }
}

export interface StepRange {
  fromStep?: number;
  toStep?: number;
  /**
   * Wait for steps still blocked at the end (the default). A replay that rebuilds the state before
   * the learner continues leaves them blocked: the learner's next step is what unblocks them.
   */
  settle?: boolean;
}

/** The `--auto` mode (CI, tests): each step runs as soon as its actor is free. */
export async function runSessionAuto(
  session: LessonSession,
  stuckAfterMs = DEFAULT_STUCK_AFTER_MS,
  { fromStep = 1, toStep = session.lesson.steps.length, settle = true }: StepRange = {},
): Promise<LessonRunResult> {
  const runs: StepRun[] = [];
  for (const step of session.lesson.steps.slice(fromStep - 1, toStep)) {
    await settleBlockedStep(session, step.actor, stuckAfterMs);
    runs.push(await session.runStep(step));
  }
  if (settle) {
    for (const actor of session.lesson.actors) await settleBlockedStep(session, actor, stuckAfterMs);
  }
  const finished = runs.filter((run) => session.pendingStep(run.step.actor)?.step !== run.step);
  const steps = await Promise.all(finished.map((run) => run.completion));
  return { lesson: session.lesson, status: overallStatus(steps), steps, substitutions: session.substitutions };
}

function overallStatus(steps: StepResult[]): StepStatus {
  if (steps.some((step) => step.status === 'error')) return 'error';
  return steps.some((step) => step.status === 'fail') ? 'fail' : 'pass';
}

/** Waits for an actor's blocked step; past the limit, interrupts it and records why it failed. */
export async function settleBlockedStep(session: LessonSession, actor: string, limitMs: number): Promise<void> {
  const pending = session.pendingStep(actor);
  if (!pending) return;
  const settled = await withTimeout(pending.completion.then(() => true), limitMs, () => false);
  if (settled) return;
  session.interrupt(actor, `seguía bloqueado después de ${(limitMs / 1000).toFixed(0)} s y se interrumpió: ningún paso posterior lo desbloqueó`);
  await pending.completion;
}

/** Runs the steps before `fromStep` without pauses, to rebuild the state they leave (sockets, variables). */
export async function replaySteps(session: LessonSession, fromStep: number): Promise<StepResult[]> {
  return (await runSessionAuto(session, undefined, { toStep: fromStep - 1, settle: false })).steps;
}
