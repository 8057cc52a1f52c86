import { delay, type Harness } from '../harness.js';
import { ActivityWatch } from '../process-activity.js';

const LOOK_MS = 20;
const IDLE_CAP_MS = 1500;

/**
 * A pause between two pieces the grader sends: `ms`, and then until the learner's program is
 * asleep (every thread waiting, no CPU used between two looks), that is, it has taken the piece
 * and waits for more. A fixed pause alone lets a program starved of CPU on a loaded machine find
 * two pieces together: a program that takes one recv() for a whole message then passes the test
 * meant to catch it, and fails a later one. Bounded; where the OS does not tell, the pause alone.
 */
export async function pauseUntilIdle(h: Harness, ms: number): Promise<void> {
  await Promise.race([delay(ms), h.abort]);
  const program = h.program;
  const pid = program?.child.pid;
  if (!program || pid === undefined || process.platform !== 'linux') return;
  const watch = new ActivityWatch(pid);
  const deadline = Date.now() + IDLE_CAP_MS;
  while (!h.aborted && program.running && Date.now() < deadline) {
    if (((await watch.waitingFor()) ?? 1) > 0) return;
    await Promise.race([delay(LOOK_MS), h.abort]);
  }
}
