import { setTimeout as sleep } from 'node:timers/promises';

export interface DelayOptions {
  /** Ends the wait early when it aborts (the promise still resolves: a stopped wait is not an error). */
  signal?: AbortSignal;
  /** false: the timer does not keep the process alive by itself. */
  ref?: boolean;
}

/** Waits `ms` milliseconds (or until `signal` aborts). */
export async function delay(ms: number, { signal, ref = true }: DelayOptions = {}): Promise<void> {
  try {
    await sleep(ms, undefined, { signal, ref });
  } catch (error) {
    if ((error as Error).name !== 'AbortError') throw error;
  }
}
