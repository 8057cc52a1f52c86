import { seconds } from './bytes-view.js';
import { pause } from './lifecycle.js';
import type { LearnerProcess } from './learner-process.js';
import { ActivityWatch } from './process-activity.js';

/**
 * Starting up: Python starts in ~40 ms, but on a loaded machine it may take seconds. So a program
 * that has not listened (or connected) yet fails once it has been asleep, using no CPU, for
 * WAITING_MS (it waits for something else: sleep, input, another port), once it has used
 * BUSY_CPU_MS of CPU (a loop that never ends), and in any case after READY_CAP_MS. Where the OS
 * does not tell us (no /proc), after READY_MS.
 */
const READY_MIN_MS = 1000;
/** Above a deliberate pause of a couple of seconds (time.sleep(2) before listening must pass). */
export const WAITING_MS = 3000;
/**
 * CPU time a program may burn without listening (or connecting): starting Python takes well under
 * a tenth of this, on any machine (a loaded one slows the clock, not the CPU time). More is a loop.
 */
export const BUSY_CPU_MS = 3000;
export const READY_CAP_MS = 20000;
export const READY_MS = 10000;
/** Time limit of a test that starts the program: beyond READY_CAP_MS. */
export const STARTUP_TEST_MS = READY_CAP_MS + 5000;
/** How long we wait for an answer that should come at once (restarted by every byte). */
export const ANSWER_MS = 3000;
/** How long a program may take to close or exit once it should. */
export const CLOSE_MS = 3000;

/** Why a program that should be listening or connecting by now is late; `busy`: it is computing, not waiting. */
export interface Late {
  reason: string;
  busy: boolean;
}

/** What the activity of a program says about its lateness, as plain numbers (see lateVerdict). */
export interface ActivityReading {
  elapsedMs: number;
  /** How long every thread has slept with no CPU used; undefined where the OS does not tell. */
  waitingMs: number | undefined;
  busyCpuMs: number;
}

/** undefined while the program may still be starting; the Spanish reason once it is late. Pure. */
export function lateVerdict({ elapsedMs, waitingMs, busyCpuMs }: ActivityReading): Late | undefined {
  if (waitingMs === undefined) return elapsedMs > READY_MS ? { reason: `tras ${READY_MS / 1000} s`, busy: false } : undefined;
  if (waitingMs >= WAITING_MS) return { reason: `lleva ${seconds(waitingMs)} parado, esperando otra cosa`, busy: false };
  if (busyCpuMs >= BUSY_CPU_MS) return { reason: `lleva ${seconds(busyCpuMs)} usando la CPU sin parar`, busy: true };
  return elapsedMs > READY_CAP_MS ? { reason: `tras ${READY_CAP_MS / 1000} s`, busy: false } : undefined;
}

/** A judge of lateness for one program from now on (samples its threads' CPU and sleep). */
function latenessJudge(program: LearnerProcess): () => Promise<Late | undefined> {
  const started = Date.now();
  const watch = program.child.pid === undefined ? undefined : new ActivityWatch(program.child.pid);
  return async () => {
    const elapsedMs = Date.now() - started;
    const waitingMs = !watch ? undefined : elapsedMs >= READY_MIN_MS ? await watch.waitingFor() : 0;
    return lateVerdict({ elapsedMs, waitingMs, busyCpuMs: watch?.busyMs ?? 0 });
  };
}

export interface WaitPlan<T> {
  /** One try; a value ends the wait. A try may wait by itself (accept for 100 ms). */
  attempt(): Promise<T | undefined>;
  /** Pause after a try that found nothing. */
  pauseMs: number;
  /**
   * Resolves when the program likely got ready (its audit hook recorded a bind): the pause ends
   * then, and the next tries follow closely for a while (listen() comes just after bind()).
   * Without it, or when it never comes (a hook that cannot report), the pauses alone bound the wait.
   */
  wake?(): Promise<void>;
  /** How often the slower looks run (at /proc, at lateness). */
  lookEveryMs: number;
  /** A slower look between tries: it may fail the test (throw), e.g. "you listen elsewhere". */
  look?(): Promise<void>;
  /** The program ended: give a value found late, or throw the failure. */
  onExit(): Promise<T>;
  /** The program is late (see lateVerdict): throw the failure. */
  onLate(late: Late): Promise<never>;
  signal: AbortSignal;
  /** Throws once the test is aborted. */
  checkAborted(): void;
}

/**
 * The one wait of the grader for a program that should be ready (listening, connecting, sending):
 * try, and between tries look whether it ended, whether it went elsewhere, whether it is late.
 * Bounded: lateness is certain by READY_CAP_MS, and the test's abort ends it at once.
 */
export async function waitUntilReady<T>(program: LearnerProcess, plan: WaitPlan<T>): Promise<T> {
  const isLate = latenessJudge(program);
  let lastLookAt = Date.now();
  let hurryUntil = 0;
  for (;;) {
    plan.checkAborted();
    // Asked before the try: a bind recorded while it runs ends the pause after it.
    const wake = plan.wake && settledFlag(plan.wake());
    const value = await plan.attempt();
    plan.checkAborted();
    if (value !== undefined) return value;
    if (program.exited) return plan.onExit();
    if (Date.now() - lastLookAt >= plan.lookEveryMs) {
      lastLookAt = Date.now();
      await plan.look?.();
      const late = await isLate();
      if (late) {
        // TypeScript keeps the narrowing from before the awaits above; the program may have ended since.
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        if (program.exited) return plan.onExit();
        await plan.onLate(late);
      }
    }
    if (!plan.pauseMs) continue;
    if (!wake?.settled && Date.now() >= hurryUntil) await Promise.race([pause(plan.pauseMs, plan.signal), wake?.promise]);
    else await pause(HURRIED_PAUSE_MS, plan.signal);
    if (wake?.settled) hurryUntil = Date.now() + plan.pauseMs;
  }
}

/** A promise, and whether it has resolved yet. */
function settledFlag(promise: Promise<void>): { promise: Promise<void>; readonly settled: boolean } {
  let settled = false;
  return {
    promise: promise.then(() => {
      settled = true;
    }),
    get settled() {
      return settled;
    },
  };
}

/** Between tries just after the program's bind(): its listen() is a moment away. */
const HURRIED_PAUSE_MS = 1;
