import type { GraderTcpServer } from '../grader-tcp-server.js';
import type { Harness } from '../harness.js';
import { waitUntilReady, type Late } from '../readiness.js';
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
    if (h.requireProgram().exited) return acceptAfterExit(h, server);
  }
  return undefined;
}

/** A client that connected and ended at once: its connection may be queued just after. */
async function acceptAfterExit(h: Harness, server: GraderTcpServer): Promise<TcpPeer | undefined> {
  const late = await server.accept(200, h.abort);
  return late && h.track(late);
}

/**
 * The first connection of a program that was just started, on a listener of the tester's own: it
 * may be slow to start on a loaded machine, so it is waited for as long as it may still be
 * starting (see waitUntilReady), not for a fixed time. `notConnected` says why it failed (with
 * the reason it is late, when it is still running).
 */
export async function acceptWhileStarting(h: Harness, server: GraderTcpServer, notConnected: (late?: Late) => Promise<never>): Promise<TcpPeer> {
  const peer = await waitUntilReady(h.requireProgram(), {
    attempt: () => server.accept(100, h.abort),
    pauseMs: 0,
    lookEveryMs: 100,
    onExit: async () => (await acceptAfterExit(h, server)) ?? notConnected(),
    onLate: (late) => notConnected(late),
    signal: h.signal,
    checkAborted: () => h.checkAborted(),
  });
  return h.track(peer);
}
