import type { Step } from '../lessons/model.js';
import type { Kernel } from '../kernel/kernel-client.js';
import { withTimeout } from '../system/with-timeout.js';

export interface ReplayOutcome {
  replayed: number;
  /** Why the replay stopped early: the kernel is then left mid-step, to be replaced. */
  problem?: string;
}

/** Runs an actor's finished steps again in a new kernel, each within a limit (one that waits for the other actor never ends). */
export async function replayHistory(kernel: Kernel, actor: string, steps: Step[], stepLimitMs: number): Promise<ReplayOutcome> {
  let replayed = 0;
  for (const step of steps) {
    const replay = kernel.exec(step.code, `<${actor}, paso ${step.number}>`).then(() => true, () => false);
    if (!(await withTimeout(replay, stepLimitMs, () => false))) {
      return { replayed, problem: `el paso ${step.number} no terminó al repetirlo (esperaba al otro extremo); el estado quedó hasta el paso ${step.number - 1}` };
    }
    replayed++;
  }
  return { replayed };
}
