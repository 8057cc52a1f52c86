import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePython } from '../kernel/python.js';
import { chooseIsolation, type Isolation, type IsolationRequest } from './isolation.js';
import { runSubmission, type SubmissionOutcome } from './run-submission.js';
import { mapBounded } from './scheduler.js';
import type { ResourceLimits } from './submission-folder.js';
import { findSubmissions } from './submissions.js';
import { defaultWorkerCommand } from './worker-command.js';
import type { TesterDefinition } from '../grader/types.js';

export interface ClassGradeOptions {
  /** Submissions graded at once (default: the number of cores). */
  parallel?: number;
  /** Wall-clock limit for one submission's whole grading, in ms. */
  timeLimitMs?: number;
  /** Memory (address space) limit per program, in MB. */
  memoryMb?: number;
  isolation?: IsolationRequest;
  /** Variables passed on to each submission (tests: the leak marker). */
  passEnv?: Record<string, string>;
  workerCommand?: string[];
  onEvent?: (event: ClassEvent) => void;
}

export type ClassEvent =
  | { type: 'started'; total: number; isolation: Isolation; parallel: number }
  | { type: 'submission-finished'; outcome: SubmissionOutcome; done: number; total: number; passing: number };

export interface ClassReport {
  exercise: string;
  folder: string;
  isolation: Isolation;
  parallel: number;
  outcomes: SubmissionOutcome[];
  seconds: number;
}

export const DEFAULT_TIME_LIMIT_MS = 60_000;
export const DEFAULT_MEMORY_MB = 512;
/** Per submission, where it has its own user namespace (the count is then its own). */
const PROCESS_LIMIT = 1024;

/**
 * Grades every submission of a class folder with the same grader as `verificar`, each isolated
 * (see run-submission.ts), several at once. Returns data; never prints.
 */
export async function gradeClass(folder: string, exerciseId: string, fileName: string, tester: TesterDefinition, options: ClassGradeOptions = {}): Promise<ClassReport> {
  const started = Date.now();
  const submissions = findSubmissions(folder, fileName);
  const python = (await resolvePython()).executable;
  const isolation = await chooseIsolation(options.isolation ?? 'auto', python);
  const parallel = options.parallel ?? availableParallelism();
  const timeLimitMs = options.timeLimitMs ?? DEFAULT_TIME_LIMIT_MS;
  const limits: ResourceLimits = {
    memoryMb: options.memoryMb ?? DEFAULT_MEMORY_MB,
    cpuSeconds: Math.ceil(timeLimitMs / 1000) + 5,
    fileMb: 64,
    processes: isolation.kind === 'namespace' ? PROCESS_LIMIT : undefined,
  };
  const workRoot = mkdtempSync(join(tmpdir(), 'taller-sockets-calificar-'));
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'started', total: submissions.length, isolation, parallel });
  let done = 0;
  let passing = 0;
  try {
    const testNames = tester.tests().map((test) => test.name);
    const workerCommand = options.workerCommand ?? defaultWorkerCommand();
    const outcomes = await mapBounded(
      submissions,
      parallel,
      (submission) =>
        runSubmission(submission, { tester: tester.exerciseId, testNames, isolation, python, limits, timeLimitMs, workRoot, workerCommand, passEnv: options.passEnv }),
      (outcome) => {
        done++;
        if (outcome.status === 'pass') passing++;
        emit({ type: 'submission-finished', outcome, done, total: submissions.length, passing });
      },
    );
    return { exercise: exerciseId, folder, isolation, parallel, outcomes, seconds: (Date.now() - started) / 1000 };
  } finally {
    rmSync(workRoot, { recursive: true, force: true });
  }
}
