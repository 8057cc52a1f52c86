import { delay, type Harness } from '../harness.js';
import { ActivityWatch } from '../process-activity.js';
import type { TcpPeer } from '../tcp-peer.js';

/** How long the server must have been asleep, with our bytes not moving, to count as stuck. */
const STUCK_MS = 150;
const LOOK_MS = 50;
const CAP_MS = 5000;

/**
 * Waits, after a flood the grader writes without reading, until the server has taken all our
 * bytes or has stopped taking them while asleep (blocked in sendall(), or a right server that
 * stopped reading because its output buffer is full). Only then is what comes next judged. Our
 * bytes also stop moving when the server is merely starved of CPU on a loaded machine: that is
 * not a stop, and a fixed pause would take it for one. Where the OS does not tell whether the
 * program sleeps, still bytes alone decide.
 */
export async function untilStuckOrDone(h: Harness, peer: TcpPeer, done: () => boolean): Promise<void> {
  const pid = h.requireProgram().child.pid;
  const watch = pid === undefined || process.platform !== 'linux' ? undefined : new ActivityWatch(pid);
  const deadline = Date.now() + CAP_MS;
  let queued = peer.unsentBytes;
  let stillSince = Date.now();
  while (!done() && !h.aborted && Date.now() < deadline) {
    await delay(LOOK_MS);
    const asleepMs = watch ? ((await watch.waitingFor()) ?? STUCK_MS) : STUCK_MS;
    if (peer.unsentBytes !== queued) {
      queued = peer.unsentBytes;
      stillSince = Date.now();
    } else if (asleepMs >= STUCK_MS && Date.now() - stillSince >= STUCK_MS) return;
  }
  h.checkAborted();
}
