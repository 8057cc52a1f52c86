import { randomInt } from 'node:crypto';
import { byteCount } from '../bytes-view.js';
import { delay, type Harness } from '../harness.js';
import type { TcpPeer } from '../tcp-peer.js';

/** Where a paced send stopped: everything went, or the other side closed after `sent` bytes. */
export type PacedOutcome = { ok: true } | { ok: false; sent: number; error: string };

/**
 * Sends `data` in uneven pieces (1 byte to 64 KB) with pauses in between, the way a slow network
 * delivers it: a program that takes a short read or a pause for the end fails here. `pauses`
 * gives each pause's length; they fall at random points of the data.
 */
export async function sendPaced(h: Harness, peer: TcpPeer, data: Buffer, pauses: number[]): Promise<PacedOutcome> {
  const pauseAt = new Map(pauses.map((ms, index) => [Math.floor(((index + 1) * data.length) / (pauses.length + 1)), ms]));
  const cuts = [...pauseAt.keys()].sort((a, b) => a - b);
  let sent = 0;
  while (sent < data.length) {
    const nextCut = cuts.find((cut) => cut > sent) ?? data.length;
    const size = Math.min(nextCut - sent, randomInt(1, 64 * 1024));
    const error = await peer.write(data.subarray(sent, sent + size));
    if (error || peer.peerEnded) return { ok: false, sent, error: error ?? 'FIN' };
    sent += size;
    const pause = pauseAt.get(sent);
    if (pause) {
      h.step(`envío ${byteCount(data.length)} en trozos desiguales: pausa de ${pause} ms tras ${byteCount(sent)}`);
      await Promise.race([delay(pause), h.abort]);
      // The connection may have ended during the pause (TypeScript keeps the narrowing from before it).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (peer.peerEnded || peer.reset) return { ok: false, sent, error: peer.reset ? 'ECONNRESET' : 'FIN' };
    }
  }
  return { ok: true };
}
