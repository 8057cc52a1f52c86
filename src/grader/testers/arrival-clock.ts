import type { GraderUdp } from '../grader-udp.js';
import { LoopLag } from './loop-lag.js';

/** When a datagram reached the grader, and whether that time can be trusted. */
export interface Arrival {
  at: number;
  /** The grader's own event loop was stalled just before (a loaded machine): datagrams queued then look closer together than they were sent. */
  stalled: boolean;
}

/**
 * Arrival times of the datagrams on a grader socket, in order, with a guard against the
 * grader's own lag (see LoopLag): a datagram handled after a stall is marked and never used to
 * judge how fast the learner's program sent.
 */
export class ArrivalClock {
  private readonly arrivals: Arrival[] = [];
  private readonly lag = new LoopLag();
  private readonly listener = (): void => {
    const now = Date.now();
    this.arrivals.push({ at: now, stalled: this.lag.stalledBefore(now) });
  };

  constructor(private readonly socket: GraderUdp) {
    socket.socket.on('message', this.listener);
  }

  /** The arrival of the next datagram taken from the socket (they are taken in the same order). */
  take(): Arrival {
    return this.arrivals.shift() ?? { at: Date.now(), stalled: true };
  }

  stop(): void {
    this.lag.stop();
    this.socket.socket.off('message', this.listener);
  }
}
