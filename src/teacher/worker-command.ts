import { WORKER_COMMAND } from './worker-protocol.js';

/**
 * How to start a grading worker: this same CLI (bundle or source, with the same Node flags, e.g.
 * tsx's loader) running its hidden worker command.
 */
export function defaultWorkerCommand(): string[] {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell where the CLI entry point is');
  return [process.execPath, ...process.execArgv, entry, WORKER_COMMAND];
}
