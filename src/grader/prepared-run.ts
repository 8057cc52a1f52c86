import { randomUUID } from 'node:crypto';
import { AuditLog } from './audit-hook.js';
import { PROGRAM_MARK } from './learner-process.js';
import { RunWatcher } from './run-watcher.js';

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
}

export function prepareRun(helperPython: string, loopbackUp?: string): PreparedRun {
  const audit = AuditLog.create();
  // The run's mark prefix: the watcher finds every process of this run by it, whichever start it came from.
  const markPrefix = `${randomUUID()}-`;
  return { audit, markPrefix, watcher: RunWatcher.start(helperPython, `${PROGRAM_MARK}=${markPrefix}`, audit.dir, loopbackUp), helperPython, loopbackUp };
}

/** Puts away a prepared run that was not used: its watcher leaves, its folder goes. */
export function discardPreparedRun(run: PreparedRun): void {
  run.watcher.finish();
  run.audit.dispose();
}
