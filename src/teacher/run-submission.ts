import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { RESERVATIONS_VARIABLE } from '../net/port-reservation.js';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { killGroup, spawnGroup } from '../system/process-group.js';
import type { GradeResult, TestResult } from '../grader/types.js';
import type { Transport } from '../grader/port-choice.js';
import { workerNamespaces, type Isolation } from './isolation.js';
import { sweepMarked, SUBMISSION_MARK } from './leftover-sweep.js';
import { prepareSubmissionFolder, removeSubmissionFolder, type ResourceLimits } from './submission-folder.js';
import type { Submission } from './submission.js';
import { PRIVATE_NETWORK_WORKER, type WorkerJob, type WorkerMessage } from './worker-protocol.js';

export type SubmissionStatus = 'pass' | 'fail' | 'error';

/** One test of a submission, as reports show it. */
export interface GradedTest {
  name: string;
  status: TestResult['status'];
  message?: string;
  output?: string;
  seconds: number;
}

/** The verdict on one submission. */
export interface SubmissionOutcome {
  name: string;
  status: SubmissionStatus;
  passed: number;
  total: number;
  /** The first failure's message ('' when it passed). */
  message: string;
  /** The test that failed first. */
  failedTest?: string;
  seconds: number;
  tests: GradedTest[];
  /** The port its program was given. */
  port?: number;
  /** Points of the tests passed, of the exercise's total, and the grade on the report's scale (see points.ts). */
  points?: number;
  maxPoints?: number;
  grade?: number;
  /** Who handed it in, when the folder's layout says so (Moodle, GitHub Classroom): see student-names.ts. */
  student?: string;
  studentId?: string;
}

export interface RunOptions {
  tester: string;
  /** The exercise's tests, by name (the report lists them even when grading never started). */
  testNames: string[];
  isolation: Isolation;
  /** The real Python interpreter. */
  python: string;
  limits: ResourceLimits;
  timeLimitMs: number;
  /** Where each submission's temporary folder is made. */
  workRoot: string;
  /** How to start a worker: [node, ...its arguments] running the hidden worker command. */
  workerCommand: string[];
  /** Variables passed on to the worker and the program (only these: never the teacher's). */
  passEnv?: Record<string, string>;
  /** The port to give the program; by default the document's (private network) or a free one; 'documento': the document's even without one. */
  port?: number | 'libre' | 'documento';
  occupy?: { transport: Transport; port: number };
  /** Aborted: the worker is killed at once and the submission reported as not graded. */
  signal?: AbortSignal;
}

const STDERR_KEPT = 4096;
/** After its result, a worker has this long to leave by itself. */
const EXIT_GRACE_MS = 2000;

let sequence = 0;

/**
 * Grades one submission in a worker process of its own: in a private network and PID namespace
 * (see isolation.ts) or, failing that, on a free port; in a temporary copy of what was handed in;
 * with resource limits and a wall-clock limit. Whatever happens, nothing of it is left running
 * and its folder is removed. Never throws for anything the submission does.
 */
export async function runSubmission(submission: Submission, options: RunOptions): Promise<SubmissionOutcome> {
  const started = Date.now();
  const total = options.testNames.length;
  const verdict = (status: SubmissionStatus, message: string, tests: GradedTest[] = []): SubmissionOutcome => ({
    name: submission.name,
    status,
    passed: tests.filter((test) => test.status === 'pass').length,
    total,
    message,
    seconds: (Date.now() - started) / 1000,
    tests,
  });
  if (submission.problem || !submission.program) return verdict('error', submission.problem ?? 'no hay programa');
  const root = join(options.workRoot, `${++sequence}-${submission.name.replace(/[^\w.-]/g, '_').slice(0, 40)}`);
  const mark = randomUUID();
  try {
    let folder;
    try {
      folder = prepareSubmissionFolder(root, submission.source, submission.isFolder, options.python, options.limits, options.isolation.sandbox);
    } catch (error) {
      return verdict('error', `no pude copiar la entrega a una carpeta temporal (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    const file = join(folder.work, submission.program);
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
      HOME: folder.home,
      TMPDIR: folder.graderTmp,
      // Without a private network the workers share the machine's loopback: the document port's reservation is shared too.
      [RESERVATIONS_VARIABLE]: process.env[RESERVATIONS_VARIABLE] || tmpdir(),
      LANG: process.env.LANG ?? 'C.UTF-8',
      [SUBMISSION_MARK]: mark,
      ...options.passEnv,
    };
    const namespace = options.isolation.kind === 'namespace' ? options.isolation : undefined;
    if (namespace) env[PRIVATE_NETWORK_WORKER] = options.python;
    const outer = workerNamespaces(options.isolation);
    const job: WorkerJob = {
      tester: options.tester,
      file,
      python: folder.python,
      realPython: options.python,
      port: options.port === 'documento' ? undefined : (options.port ?? (namespace ? undefined : 'libre')),
      bringLoopbackUp: Boolean(namespace),
      occupy: options.occupy,
      env: {},
      token: randomUUID(),
    };
    const wrapper = outer ? [outer.command, ...outer.flags] : [];
    let outcome = await runWorker(job, options, env, folder.work, wrapper);
    if (!outer?.flags.includes('--pid')) await sweepMarked(mark);
    // A worker that died before any word of its own (killed from outside: seen once in a few
    // hundred runs on a loaded machine) gets one more try; a program that kills it every time
    // is still reported as an error.
    if (outcome.died && !options.signal?.aborted) {
      outcome = await runWorker({ ...job, token: randomUUID() }, options, env, folder.work, wrapper);
      if (!outer?.flags.includes('--pid')) await sweepMarked(mark);
    }
    if (outcome.aborted) return verdict('error', 'sin calificar: la calificación se interrumpió');
    if (outcome.result) return fromResult(submission.name, outcome.result, started, total);
    if (outcome.timedOut) {
      const limit = `${Math.round(options.timeLimitMs / 100) / 10}`.replace('.', ',');
      const message = `Superó el límite de ${limit} s para calificarla y la detuve: ¿se queda colgado, o espera algo que nunca llega?`;
      const shown = completeTests(outcome.tests, options.testNames, message);
      return { ...verdict('fail', message, shown), failedTest: shown.find((test) => test.status === 'fail')?.name };
    }
    const killed = outcome.exit.startsWith('señal') ? ': ¿el programa mató al proceso que lo calificaba?' : '';
    return verdict('error', `no se pudo calificar: ${outcome.failure ?? `el proceso que califica terminó sin dar resultado (${outcome.exit})${killed}`}`);
  } finally {
    removeSubmissionFolder(root);
  }
}

interface WorkerOutcome {
  result?: GradeResult;
  tests: GradedTest[];
  failure?: string;
  timedOut: boolean;
  aborted?: boolean;
  /** It ended without a result or a failure message of its own (killed, or crashed). */
  died?: boolean;
  exit: string;
}

function runWorker(job: WorkerJob, options: RunOptions, env: Record<string, string>, cwd: string, wrapper: string[]): Promise<WorkerOutcome> {
  const [node, ...workerArgs] = options.workerCommand;
  const command = wrapper.length ? wrapper[0]! : node!;
  const args = wrapper.length ? [...wrapper.slice(1), node!, ...workerArgs] : workerArgs;
  const child = spawnGroup(command, args, { cwd, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const outcome: WorkerOutcome = { tests: [], timedOut: false, exit: '' };
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr = (stderr + text).slice(-STDERR_KEPT)));
  child.stdin!.on('error', () => undefined);
  child.stdin!.write(`${JSON.stringify(job)}\n`);
  return new Promise((resolve) => {
    let grace: NodeJS.Timeout | undefined;
    const limit = setTimeout(() => {
      outcome.timedOut = !outcome.result;
      killGroup(child);
    }, options.timeLimitMs);
    const abort = (): void => {
      outcome.aborted = !outcome.result;
      killGroup(child);
    };
    if (options.signal?.aborted) abort();
    else options.signal?.addEventListener('abort', abort, { once: true });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith(`${job.token} `)) return; // not the worker's own (see WorkerJob.token)
      let message: WorkerMessage;
      try {
        message = JSON.parse(line.slice(job.token.length + 1)) as WorkerMessage;
      } catch {
        return;
      }
      if (message.type === 'test-finished') outcome.tests[message.index] = graded(message.result);
      else if (message.type === 'failure') outcome.failure = message.message;
      else if (message.type === 'result') {
        outcome.result = message.result;
        grace = setTimeout(() => killGroup(child), EXIT_GRACE_MS);
      }
    });
    const finish = (exit: string): void => {
      clearTimeout(limit);
      clearTimeout(grace);
      options.signal?.removeEventListener('abort', abort);
      outcome.exit = exit;
      // Whatever is still in the worker's group goes too (its children in ports mode have their own groups: see the sweep).
      killGroup(child);
      outcome.died = !outcome.result && !outcome.failure && !outcome.timedOut && !outcome.aborted;
      if (!outcome.result && !outcome.failure && !outcome.timedOut) {
        const last = stderr.trim().split('\n').filter((line) => line.trim() && !/^\s+at /.test(line)).pop();
        if (last) outcome.failure = last.replace(/^Error:\s*/, '');
      }
      resolve(outcome);
    };
    child.once('error', (error) => finish(error.message));
    child.once('close', (code, signal) => finish(signal ? `señal ${signal}` : `código ${code}`));
  });
}

function graded(result: TestResult): GradedTest {
  return { name: result.name, status: result.status, message: result.message, output: result.output, seconds: result.durationMs / 1000 };
}

/** Tests finished before a timeout, the one running then (failed with the timeout), the rest skipped. */
function completeTests(finished: GradedTest[], names: string[], message: string): GradedTest[] {
  let failedOne = false;
  return names.map((name, index) => {
    const done = finished[index];
    if (done) return done;
    if (!failedOne) {
      failedOne = true;
      return { name, status: 'fail', message, seconds: 0 };
    }
    return { name, status: 'skip', seconds: 0 };
  });
}

function fromResult(name: string, result: GradeResult, started: number, total: number): SubmissionOutcome {
  const first = result.tests.find((test) => test.status === 'fail' || test.status === 'error');
  return {
    name,
    status: result.status,
    passed: result.tests.filter((test) => test.status === 'pass').length,
    total: result.tests.length || total,
    message: first?.message ?? (result.status === 'pass' ? '' : result.message),
    failedTest: first?.name,
    seconds: (Date.now() - started) / 1000,
    tests: result.tests.map(graded),
    port: result.port,
  };
}
