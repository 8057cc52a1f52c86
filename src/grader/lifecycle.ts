import type { LearnerException } from './python-traceback.js';
import { delay } from '../system/delay.js';

/** A failed expectation: Spanish lines for the learner. Thrown by tests, caught by the runner. */
export class TestFailure extends Error {
  constructor(readonly lines: string[], readonly exception?: LearnerException) {
    super(lines.join('\n'));
    this.name = 'TestFailure';
  }
}

/** Raised inside a test once its time is up: the runner reports the timeout, not this. */
export class TestAborted extends Error {}

/** A test that cannot run here (the document's port is held by another program): not a failure, said so. */
export class TestSkipped extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'TestSkipped';
  }
}

type Teardown = () => void | Promise<void>;

/**
 * The life of one run, as CodeCrafters' tester-utils keeps it: each test gets a fresh
 * AbortController (aborted when its time is up, so every wait ends at once), and whatever a test
 * opens registers how to close it; the run ends by calling those, newest first, each once, each
 * bounded by its own errors (one failing teardown never keeps the others from running).
 */
export class RunLifecycle {
  private controller = new AbortController();
  private abortPromise: Promise<void> = new Promise(() => undefined);
  private readonly teardowns: Teardown[] = [];

  /** The current test's signal: aborted once its time is up. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get aborted(): boolean {
    return this.controller.signal.aborted;
  }

  /** Resolves when the current test is aborted: for APIs that race a promise. */
  get abort(): Promise<void> {
    return this.abortPromise;
  }

  beginTest(): void {
    this.controller = new AbortController();
    const signal = this.controller.signal;
    this.abortPromise = new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }

  abortTest(): void {
    this.controller.abort();
  }

  /** Throws TestAborted once the current test is out of time. */
  checkAborted(): void {
    if (this.aborted) throw new TestAborted();
  }

  /** Registers a teardown; returns a function that runs it now (and unregisters it). */
  onTeardown(teardown: Teardown): () => Promise<void> {
    this.teardowns.push(teardown);
    return async () => {
      const index = this.teardowns.lastIndexOf(teardown);
      if (index < 0) return;
      this.teardowns.splice(index, 1);
      await teardown();
    };
  }

  /** Runs every registered teardown, newest first; errors are collected, never stop the others. */
  async teardown(): Promise<unknown[]> {
    const errors: unknown[] = [];
    while (this.teardowns.length) {
      const teardown = this.teardowns.pop()!;
      try {
        await teardown();
      } catch (error) {
        errors.push(error);
      }
    }
    return errors;
  }
}

/** A pause that ends early when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return delay(ms, { signal });
}
