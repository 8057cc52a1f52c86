import { prepareRun, type PreparedRun } from '../../../grader/prepared-run.js';
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
  if (python) ahead = prepareRun(python, loopbackUpScript());
}

/** The run prepared ahead, once. */
export function takePreparedRun(): PreparedRun | undefined {
  const taken = ahead;
  ahead = undefined;
  return taken;
}
