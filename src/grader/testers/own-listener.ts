import type { GraderTcpServer } from '../grader-tcp-server.js';
import type { Harness } from '../harness.js';
import type { TcpPeer } from '../tcp-peer.js';

/**
 * The learner's client's next connection on a listener of the tester's own (another family, a
 * listener that opens late), looking in short steps: undefined at once when the program has
 * ended without connecting, or after `ms`. The connection is tracked (closed at teardown).
 */
export async function acceptWhileRunning(h: Harness, server: GraderTcpServer, ms: number): Promise<TcpPeer | undefined> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && !h.aborted) {
    const peer = await server.accept(100, h.abort);
    if (peer) return h.track(peer);
    if (h.requireProgram().exited) {
      // A client that connected and ended at once: its connection may be queued just after.
      const late = await server.accept(200, h.abort);
      return late && h.track(late);
    }
  }
  return undefined;
}
