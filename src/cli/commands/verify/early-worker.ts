import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { claimTemporaryFolder, OWN_TMPDIR } from '../../../grader/audit-hook.js';
import { privateNetworkNamespaces } from '../../../teacher/namespace-flags.js';
import { defaultWorkerCommand } from '../../../teacher/worker-command.js';
import { pythonWithoutProbe } from '../../../system/python-known.js';
import { PRIVATE_NETWORK_WORKER } from '../../../teacher/worker-protocol.js';

/** A worker started before the CLI loaded its parser, with its TMPDIR; taken once by startVerifyWorker. */
export interface EarlyWorker {
  child: ChildProcess;
  folder: string;
}

let early: EarlyWorker | undefined;

/**
 * `verificar <id> <file>` (the plain form: no help, watch or VPL): starts the grading worker in
 * its namespaces before anything else of the CLI loads, so that its Node boots while ours reads
 * the command line. node:child_process is loaded here only then (it costs every other command a
 * few ms). The worker waits for its job on stdin; if verificar ends without grading (a wrong
 * argument, a missing file), its group is killed on exit and its input ends.
 */
export function startEarly(argv: readonly string[]): void {
  if (!['verificar', 'verify'].includes(argv[0] ?? '') || argv.some((arg) => /^-(h|v|-help|-version|-vigilar|-watch|-formato|-format)(=|$)/.test(arg))) return;
  const namespaces = privateNetworkNamespaces();
  if (!namespaces) return;
  const { spawn } = createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process');
  const folder = claimTemporaryFolder();
  const [node, ...workerArgs] = defaultWorkerCommand();
  const child = spawn(namespaces.command, [...namespaces.flags, node!, ...workerArgs], {
    // The owner mark spawnGroup gives every child (process-group.ts' OWNER_MARK, not imported: it loads child_process).
    env: { ...privateNetworkWorkerEnv(folder), TALLER_SOCKETS_DUENO: String(process.pid) },
    stdio: ['pipe', 'pipe', 'ignore'],
    detached: true,
  });
  child.once('error', () => undefined);
  child.stdin.on('error', () => undefined);
  const killGroup = (): void => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    } catch {
      // gone already
    }
  };
  process.once('exit', killGroup);
  child.once('exit', () => process.removeListener('exit', killGroup));
  early = { child, folder };
}

/**
 * The environment of verificar's grading worker in its private network: its TMPDIR (inside one of
 * ours), and the interpreter its run's watcher starts with before the job arrives (prepare-ahead.ts).
 */
export function privateNetworkWorkerEnv(folder: string): NodeJS.ProcessEnv {
  return { ...process.env, TMPDIR: folder, [OWN_TMPDIR]: '1', [PRIVATE_NETWORK_WORKER]: pythonWithoutProbe() ?? '' };
}

/** The worker startEarly started, once (later calls: undefined). */
export function takeEarlyWorker(): EarlyWorker | undefined {
  const taken = early;
  early = undefined;
  return taken;
}
