import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePython } from '../system/python.js';
import { chooseIsolation, type Isolation, type IsolationRequest } from './isolation.js';
import { runSubmission, type SubmissionOutcome } from './run-submission.js';
import { mapBounded } from './scheduler.js';
import type { ResourceLimits } from './submission-folder.js';
import { findSubmissions } from './submissions.js';
import type { Submission } from './submission.js';
import { defaultWorkerCommand } from './worker-command.js';
import { sweepStaleWorkFolders, workFolderPrefix } from './stale-work-folders.js';
import type { TesterDefinition } from '../grader/types.js';
import { gradedAs, gradeOn, type TestPoints } from './points.js';
import { sweepStaleReservations } from '../net/port-reservation.js';

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
  /** What each test is worth (default: the same) and the scale of the grade (default 10). */
  points?: TestPoints[];
  scale?: number;
  /** Aborted (Ctrl-C, SIGTERM): no more submissions start, the running ones stop, the report says so. */
  signal?: AbortSignal;
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
  /** The scale grades are on (`--nota-maxima`). */
  scale: number;
  /** Entries of the class folder (outcomes has them all when the run was complete). */
  total: number;
  /** Why the run stopped before grading every entry (the report is then partial). */
  interrupted?: string;
  seconds: number;
}

const DEFAULT_TIME_LIMIT_MS = 60_000;
const DEFAULT_MEMORY_MB = 512;
export const DEFAULT_SCALE = 10;
/** Per submission, where it has its own user namespace (the count is then its own). */
const PROCESS_LIMIT = 1024;

/** A submission whose grading was cut short by the interruption: not part of the partial report. */
function isUnfinished(outcome: SubmissionOutcome): boolean {
  return outcome.status === 'error' && !outcome.tests.length && outcome.message.startsWith('sin calificar');
}

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
  sweepStaleWorkFolders(tmpdir());
  sweepStaleReservations();
  const workRoot = mkdtempSync(join(tmpdir(), workFolderPrefix()));
  // Even on process.exit (a second Ctrl-C) the folder goes; its programs die with their groups first.
  const removeOnExit = (): void => rmSync(workRoot, { recursive: true, force: true });
  process.once('exit', removeOnExit);
  const emit = options.onEvent ?? (() => undefined);
  emit({ type: 'started', total: submissions.length, isolation, parallel });
  let done = 0;
  let passing = 0;
  try {
    const testNames = tester.tests().map((test) => test.name);
    const scale = options.scale ?? DEFAULT_SCALE;
    const table = options.points ?? testNames.map((name) => ({ name, points: 1 }));
    const withGrade = (outcome: SubmissionOutcome, submission: Submission): SubmissionOutcome => ({
      ...outcome,
      ...gradeOn(scale, table, (_name, index) => gradedAs(outcome.tests[index])),
      student: submission.student,
      studentId: submission.studentId,
    });
    const workerCommand = options.workerCommand ?? defaultWorkerCommand();
    const outcomes = await mapBounded(
      submissions,
      parallel,
      async (submission) =>
        withGrade(
          await runSubmission(submission, { tester: tester.exerciseId, testNames, isolation, python, limits, timeLimitMs, workRoot, workerCommand, passEnv: options.passEnv, signal: options.signal }),
          submission,
        ),
      (outcome) => {
        if (options.signal?.aborted && isUnfinished(outcome)) return;
        done++;
        if (outcome.status === 'pass') passing++;
        emit({ type: 'submission-finished', outcome, done, total: submissions.length, passing });
      },
      options.signal,
    );
    const graded = outcomes.filter((outcome): outcome is SubmissionOutcome => outcome !== undefined && !(options.signal?.aborted && isUnfinished(outcome)));
    const interrupted = graded.length < submissions.length ? String(options.signal?.reason ?? 'interrumpida') : undefined;
    return { exercise: exerciseId, folder, isolation, parallel, outcomes: graded, scale, total: submissions.length, interrupted, seconds: (Date.now() - started) / 1000 };
  } finally {
    process.removeListener('exit', removeOnExit);
    removeOnExit();
  }
}
