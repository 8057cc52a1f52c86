import { TestFailure, type Harness } from '../harness.js';
import { LoopLag } from './loop-lag.js';

/**
 * The grader's own timing in one exchange against a time limit of the statement: from the
 * earliest moment the program's request may have arrived (see LoopLag) to the moment the grader
 * answered (or cut the connection). Only this part is the grader's; the rest of the limit is the
 * program's.
 */
export class AnswerTiming {
  private readonly lag = new LoopLag();
  private heardAt: number | undefined;
  private tookMs = 0;

  /** The request was just read. */
  heard(): void {
    this.heardAt = this.lag.earliestEventAt();
  }

  /** Call right before the grader's answer leaves (a write goes straight to the system). */
  answering(): void {
    if (this.heardAt !== undefined) this.tookMs = Math.max(this.tookMs, Date.now() - this.heardAt);
  }

  /** What the grader took itself, at most (from the request to its answer). */
  get ownMs(): number {
    return this.tookMs;
  }

  stop(): void {
    this.lag.stop();
  }
}

export interface InTimePlan {
  /** How many times the exchange may run (a loaded machine may stall the grader more than once). */
  tries: number;
  /** The exchange failed and the grader, not the program, may be the one that was late. */
  graderWasLate(timing: AnswerTiming): boolean;
  /** The step shown when the exchange is repeated. */
  again: string;
}

/**
 * Runs an exchange judged against a time limit; when it fails and the grader itself was late
 * (its event loop stalled on a loaded machine), the program may have been right: the exchange
 * runs again, a bounded number of times. A failure with the grader on time is the program's.
 */
export async function exchangeInTime(h: Harness, plan: InTimePlan, exchange: (timing: AnswerTiming) => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const timing = new AnswerTiming();
    try {
      await exchange(timing);
      return;
    } catch (error) {
      if (!(error instanceof TestFailure) || attempt >= plan.tries || !plan.graderWasLate(timing)) throw error;
      h.step(`${plan.again} (intento ${attempt + 1} de ${plan.tries})`);
    } finally {
      timing.stop();
    }
  }
}
