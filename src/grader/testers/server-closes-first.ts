import { byteCount, shortBytes } from '../bytes-view.js';
import { CLOSE_MS, type Harness } from '../harness.js';
import type { TcpPeer } from '../tcp-peer.js';
import { withTimeout } from '../../system/with-timeout.js';

/**
 * Protocols where the server ends the exchange by closing (a daytime server, HTTP/1.0): waits
 * for the learner's FIN without closing ours, fails if more bytes came, then closes normally
 * (FIN, not reset), so that the TIME_WAIT stays on the learner's side, as TCP does it.
 */
export async function expectServerClosesFirst(h: Harness, peer: TcpPeer, after: string, ifOpen: string[]): Promise<void> {
  const outcome = await peer.waitEof(CLOSE_MS, h.abort);
  if (outcome === 'timeout') await h.fail([`${after}, tu servidor no cerró la conexión en ${CLOSE_MS / 1000} s.`, ...ifOpen]);
  const extra = peer.take();
  if (extra.length) await h.fail([`${after}, tu servidor envió además ${byteCount(extra.length)} que nadie pidió: ${shortBytes(extra)}.`]);
  await closeNormally(h, peer);
}

/** Our FIN after theirs, waiting for the socket to be gone (at most CLOSE_MS). */
export async function closeNormally(h: Harness, peer: TcpPeer): Promise<void> {
  if (!peer.socket.destroyed) {
    const closed = new Promise<void>((resolve) => peer.socket.once('close', () => resolve()));
    peer.end();
    await Promise.race([withTimeout(closed, CLOSE_MS), h.abort]);
  }
  h.release(peer);
}
