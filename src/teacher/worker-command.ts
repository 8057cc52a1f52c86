import { existsSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { WORKER_COMMAND } from './worker-protocol.js';

/**
 * How to start a grading worker: the worker's own entry point beside the CLI's (bundle or source,
 * with the same Node flags, e.g. tsx's loader), with no command-line parser to load; where it is
 * missing, this same CLI running its hidden worker command.
 */
export function defaultWorkerCommand(): string[] {
  const entry = process.argv[1];
  if (!entry) throw new Error('cannot tell where the CLI entry point is');
  const lean = join(dirname(entry), `grade-worker${extname(entry)}`);
  return [process.execPath, ...process.execArgv, existsSync(lean) ? lean : entry, WORKER_COMMAND];
}
