const TICK_MS = 5;
/** A gap between two ticks longer than this is a stall of the grader, not timer jitter. */
const STALL_MS = 40;

/**
 * The grader's own lateness. A time the grader measures is only true when its event loop ran on
 * time: on a loaded machine the loop stalls (the process was not scheduled, another grading in
 * the same process ran), and an event handled just after a stall may have happened anywhere in
 * it. A ticker notes when the loop last ran, so that the grader never blames the learner's
 * program for its own delay. libuv runs timers before it polls sockets: events queued during a
 * stall are handled just after the ticker caught up.
 */
export class LoopLag {
  private lastTick = Date.now();
  private lastStall: { from: number; to: number } | undefined;
  private readonly ticker = setInterval(() => {
    const now = Date.now();
    if (now - this.lastTick > STALL_MS) this.lastStall = { from: this.lastTick, to: now };
    this.lastTick = now;
  }, TICK_MS);

  constructor() {
    // Never what keeps the grader running (a run that stops before stop() leaves it behind).
    this.ticker.unref();
  }

  /** The loop stalled just before `now`: an event handled now may have waited through the stall. */
  stalledBefore(now = Date.now()): boolean {
    return now - this.lastTick > STALL_MS || (this.lastStall !== undefined && now - this.lastStall.to < STALL_MS);
  }

  /** The earliest moment an event handled at `now` may really have happened. */
  earliestEventAt(now = Date.now()): number {
    if (now - this.lastTick > STALL_MS) return this.lastTick;
    if (this.lastStall && now - this.lastStall.to < STALL_MS) return this.lastStall.from;
    return now - STALL_MS;
  }

  stop(): void {
    clearInterval(this.ticker);
  }
}
