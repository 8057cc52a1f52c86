import { randomUUID } from 'node:crypto';
import { AuditLog } from './audit-hook.js';
import { PROGRAM_MARK } from './learner-process.js';
import { RunWatcher } from './run-watcher.js';
import { runLearnerEnv } from './learner-env.js';
import { launchAhead, type WaitingStart } from './program-starts.js';

/**
 * What a run needs before its program can start, none of which depends on the program: the audit
 * hook's folder, the run's mark and its watcher (a Python start, bringing a private network's
 * loopback up first). Started ahead by a worker that is still waiting for its job, it is ready when
 * the job comes.
 */
export interface PreparedRun {
  audit: AuditLog;
  markPrefix: string;
  watcher: RunWatcher;
  helperPython: string;
  loopbackUp?: string;
  /** The program's first start, launched as soon as the job named it (see launchFirstStart). */
  firstStart?: WaitingStart;
}

export function prepareRun(helperPython: string, loopbackUp?: string): PreparedRun {
  const audit = AuditLog.create();
  // The run's mark prefix: the watcher finds every process of this run by it, whichever start it came from.
  const markPrefix = `${randomUUID()}-`;
  return { audit, markPrefix, watcher: RunWatcher.start(helperPython, `${PROGRAM_MARK}=${markPrefix}`, audit.dir, loopbackUp), helperPython, loopbackUp };
}

/**
 * Launches the program's first start into the prepared run, waiting for its go: its interpreter
 * starts while the grader is still loading. The harness takes it if it starts the program the
 * same way (same interpreter, file and environment but HOST and PUERTO); otherwise it is killed.
 */
export function launchFirstStart(run: PreparedRun, python: string, file: string, extraEnv: NodeJS.ProcessEnv): void {
  if (run.firstStart || process.platform === 'win32') return;
  // HOST and PUERTO come with the go; the host and port here are placeholders.
  const environment = runLearnerEnv(run.audit, { host: '127.0.0.1', port: 0 }, extraEnv);
  run.firstStart = launchAhead(python, file, environment, run.markPrefix);
  run.watcher.watch(run.firstStart.learner.child.pid);
}

/** Puts away a prepared run that was not used: its watcher leaves, its folder goes. */
export function discardPreparedRun(run: PreparedRun): void {
  run.firstStart?.learner.kill();
  run.watcher.finish();
  run.audit.dispose();
}
