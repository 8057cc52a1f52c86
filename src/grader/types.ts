import type { Harness } from './harness.js';
import type { Transport } from './port-choice.js';
import type { LearnerException } from './python-traceback.js';

/** One named test of an exercise: a function over the harness, with its own time limit. */
export interface TestCase {
  name: string;
  timeoutMs: number;
  run(h: Harness): Promise<void>;
  /**
   * The statement line this test checks, quoted from the exercise's enunciado.md (a fragment of a
   * numbered item of «Qué debe hacer tu programa»): authors see which rule each test checks, and
   * statement-rules.ts reports a rule no test quotes.
   */
  rule?: string | string[];
  /** A hint for a learner whose program failed this test (`pista` shows it first). */
  hint?: string;
  /** The test starts the program afresh: the grader may prepare that start ahead (see ProgramStarts). */
  restartsProgram?: boolean;
}

/** An exercise's tester, CodeCrafters style: who the learner's program is, and its tests in order. */
export interface TesterDefinition {
  exerciseId: string;
  transport: Transport;
  /** What the learner writes: the grader plays the other side. */
  role: 'server' | 'client';
  /** The document's address, used when free (the statement's default HOST). */
  defaultHost: string;
  defaultPort: number;
  /**
   * The statement makes one side close first on the exercise's own port (a server that ends
   * the data by closing): a TIME_WAIT there after grading is TCP at work, not a leak. Such
   * exercises use a port of their own, never the document's.
   */
  timeWaitExpected?: boolean;
  /** The statement asks the server to listen on every interface (0.0.0.0): binding there is then right. */
  allInterfaces?: boolean;
  /** A fresh list of tests for each run (they may share state through closures). */
  tests(): TestCase[];
}

type TestStatus = 'pass' | 'fail' | 'error' | 'skip';

export interface TestResult {
  name: string;
  status: TestStatus;
  /** Spanish, for the learner: what went wrong and what to look at (for a skipped test: why it could not run). */
  message?: string;
  /** The statement line the test checks (TestCase.rule; the first one when it quotes several). */
  rule?: string;
  /** TestCase.hint, on a failed test. */
  hint?: string;
  /** The step of the test that failed ("envío «hola» y espero el eco"). */
  step?: string;
  /** What the learner's program printed during this test. */
  output: string;
  /** The exception the program died with, if any. */
  exception?: LearnerException;
  durationMs: number;
}

export interface GradeResult {
  exercise: string;
  file: string;
  status: 'pass' | 'fail' | 'error';
  /** One-line Spanish summary. */
  message: string;
  host: string;
  port: number;
  portNote?: string;
  tests: TestResult[];
  durationMs: number;
}

export type GraderEvent =
  | { type: 'run-started'; exercise: string; file: string; host: string; port: number; portNote?: string; tests: string[] }
  | { type: 'test-started'; index: number; name: string }
  | { type: 'step'; index: number; name: string; step: string }
  | { type: 'test-finished'; index: number; result: TestResult }
  | { type: 'run-finished'; result: GradeResult };
