import type { GraderEvent, GradeResult, TestResult } from '../grader/types.js';
import type { Transport } from '../grader/port-choice.js';

/**
 * What the parent sends a grading worker (one JSON line on its standard input): one program to
 * grade. The worker keeps reading its input afterwards: when it ends, the parent is gone.
 */
export interface WorkerJob {
  /** The tester to use (an exercise id of src/grader/testers). */
  tester: string;
  /** The program, inside its own temporary copy. */
  file: string;
  /** What runs the program: a wrapper that applies the resource limits, or Python itself. */
  python: string;
  /** The real interpreter, for the worker's own small helpers (bringing the loopback up). */
  realPython: string;
  /** The port to give the program; undefined: the document's port (free inside a private network). */
  port?: number | 'libre';
  /** Inside a fresh network namespace the loopback is down until someone brings it up. */
  bringLoopbackUp: boolean;
  /** Before grading, hold this port as "another program" would (known-wrong programs that expect it busy). */
  occupy?: { transport: Transport; port: number };
  /** Extra variables for the program (tests pass their leak marker; nothing else of the teacher's). */
  env: Record<string, string>;
  /** Also send every grader event as it happens (verificar's live transcript). */
  events?: boolean;
  /**
   * Starts every line the worker writes: the parent reads no other. Without bubblewrap the program
   * shares the worker's PID namespace and could write into its stdout (/proc/<pid>/fd/1) a forged
   * result; it never sees this token (it came on stdin, already read).
   */
  token: string;
}

/** What a worker writes on its standard output, one JSON line each. */
export type WorkerMessage =
  | { type: 'started'; tests: string[]; port: number; portNote?: string }
  | { type: 'test-finished'; index: number; result: TestResult }
  | { type: 'result'; result: GradeResult }
  | { type: 'event'; event: GraderEvent }
  /** The worker could not grade: a Spanish reason, never a stack trace. */
  | { type: 'failure'; message: string };

/** The hidden CLI command that runs one worker. */
export const WORKER_COMMAND = '__calificar-envio';

/**
 * In the environment of a worker alone in a fresh network namespace of its own (verificar's, and
 * calificar's with a private network per submission): the interpreter for the worker's helpers
 * (WorkerJob.realPython, where it is known before the job). The worker starts its run's watcher,
 * which brings that network's loopback up, before the job arrives (prepare-ahead.ts).
 */
export const PRIVATE_NETWORK_WORKER = 'TALLER_SOCKETS_RED_PRIVADA';
