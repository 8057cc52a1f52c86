import type { GraderUdp } from '../grader-udp.js';

/** When a datagram reached the grader, and whether that time can be trusted. */
export interface Arrival {
  at: number;
  /** The grader's own event loop was stalled just before (a loaded machine): datagrams queued then look closer together than they were sent. */
  stalled: boolean;
}

const TICK_MS = 5;
const STALL_MS = 40;

/**
 * Arrival times of the datagrams on a grader socket, in order, with a guard against the
 * grader's own lag: a ticker notes when the event loop last ran, so a datagram handled after a
 * stall is marked and never used to judge how fast the learner's program sent.
 */
export class ArrivalClock {
  private readonly arrivals: Arrival[] = [];
  private lastTick = Date.now();
  /** When the last stall ended: libuv runs timers before it polls sockets, so datagrams queued during a stall are handled just after the ticker caught up. */
  private stallEndedAt = 0;
  private readonly ticker = setInterval(() => {
    const now = Date.now();
    if (now - this.lastTick > STALL_MS) this.stallEndedAt = now;
    this.lastTick = now;
  }, TICK_MS);
  private readonly listener = (): void => {
    const now = Date.now();
    this.arrivals.push({ at: now, stalled: now - this.lastTick > STALL_MS || now - this.stallEndedAt < STALL_MS });
  };

  constructor(private readonly socket: GraderUdp) {
    // Never what keeps the grader running (a run that stops before stop() leaves it behind).
    this.ticker.unref();
    socket.socket.on('message', this.listener);
  }

  /** The arrival of the next datagram taken from the socket (they are taken in the same order). */
  take(): Arrival {
    return this.arrivals.shift() ?? { at: Date.now(), stalled: true };
  }

  stop(): void {
    clearInterval(this.ticker);
    this.socket.socket.off('message', this.listener);
  }
}
