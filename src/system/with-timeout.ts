import { setTimeout as sleep } from 'node:timers/promises';

const TIMED_OUT = Symbol('timed out');

/**
 * Waits for `work` at most `ms` milliseconds: its value if it settles in time (its rejection
 * too), else what `onTimeout()` gives. `work` is not stopped: stop it in `onTimeout` if it must
 * end. The timer is cancelled as soon as `work` settles, so it never keeps the process alive.
 */
export async function withTimeout<T, U = undefined>(work: Promise<T>, ms: number, onTimeout?: () => U | Promise<U>): Promise<T | U> {
  const timer = new AbortController();
  try {
    const first = await Promise.race([work, sleep(ms, TIMED_OUT, { signal: timer.signal })]);
    if (first !== TIMED_OUT) return first;
    return onTimeout ? await onTimeout() : (undefined as U);
  } finally {
    timer.abort();
  }
}
