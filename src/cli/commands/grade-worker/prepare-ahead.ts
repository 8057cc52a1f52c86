import { resolve } from 'node:path';
import { launchFirstStart, prepareRun, type PreparedRun } from '../../../grader/prepared-run.js';
import { readJob } from './job-input.js';
import { loopbackUpScript } from '../../../teacher/loopback.js';
import { PRIVATE_NETWORK_WORKER } from '../../../teacher/worker-protocol.js';

let ahead: PreparedRun | undefined;

/**
 * In a worker alone in a private network (PRIVATE_NETWORK_WORKER names the interpreter for its
 * helpers), the run's scaffolding starts before the grader loads and before the job arrives: its
 * watcher's Python brings the loopback up meanwhile, instead of after.
 */
export function prepareAhead(): void {
  const python = process.env[PRIVATE_NETWORK_WORKER];
  // Ours, not the program's: the learner's environment is built from this one.
  delete process.env[PRIVATE_NETWORK_WORKER];
  if (!python) return;
  const run = prepareRun(python, loopbackUpScript());
  ahead = run;
  // The job names the program: its first start is launched at once (it waits for its go), where
  // it runs on the interpreter itself; this runs before the grader's own wait for the job.
  void readJob().then(
    (job) => {
      if (job.python === python) launchFirstStart(run, python, resolve(job.file), job.env);
    },
    () => undefined,
  );
}

/** The run prepared ahead, once. */
export function takePreparedRun(): PreparedRun | undefined {
  const taken = ahead;
  ahead = undefined;
  return taken;
}
