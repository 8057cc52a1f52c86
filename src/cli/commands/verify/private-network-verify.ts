import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { claimTemporaryFolder, releaseTemporaryFolder } from '../../../grader/audit-hook.js';
import type { GradeOptions } from '../../../grader/run-tester.js';
import type { GradeResult, TesterDefinition } from '../../../grader/types.js';
import { killGroup, spawnGroup } from '../../../system/process-group.js';
import { privateNetworkNamespaces } from '../../../teacher/namespace-flags.js';
import { defaultWorkerCommand } from '../../../teacher/worker-command.js';
import type { WorkerJob, WorkerMessage } from '../../../teacher/worker-protocol.js';
import { privateNetworkWorkerEnv, takeEarlyWorker } from './early-worker.js';

/** A try that could not even start the worker (no namespaces here): this process grades on loopback from then on. */
let unavailable = false;

/** A grading worker started inside its namespaces, waiting for its job on stdin. */
export interface VerifyWorker {
  child: ChildProcess;
  /** Its TMPDIR, inside one of ours (see claimTemporaryFolder). */
  folder: string;
  /** Kills it (if it still runs) and removes its folder; safe to call twice. */
  dispose(): void;
}

/**
 * Starts the worker now, before the job is known: it boots Node and loads the grader while this
 * process still loads the exercise and checks the file (started from the command's handler, the
 * first thing verificar does). undefined where there are no namespaces to try.
 */
export function startVerifyWorker(env: NodeJS.ProcessEnv = {}): VerifyWorker | undefined {
  if (unavailable) return undefined;
  // Started even earlier, before the CLI loaded (see early-worker.ts)?
  const early = takeEarlyWorker();
  if (early) return asVerifyWorker(early.child, early.folder);
  const namespaces = privateNetworkNamespaces();
  if (!namespaces) return undefined;
  const folder = claimTemporaryFolder();
  const [node, ...workerArgs] = defaultWorkerCommand();
  const child = spawnGroup(namespaces.command, [...namespaces.flags, node!, ...workerArgs], {
    env: { ...privateNetworkWorkerEnv(folder), ...env },
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  child.stdin!.on('error', () => undefined);
  child.once('error', () => undefined);
  return asVerifyWorker(child, folder);
}

function asVerifyWorker(child: ChildProcess, folder: string): VerifyWorker {
  let disposed = false;
  return {
    child,
    folder,
    dispose() {
      if (disposed) return;
      disposed = true;
      killGroup(child);
      releaseTemporaryFolder(folder);
    },
  };
}

/**
 * `verificar` in a private network of its own (Linux, unprivileged user and PID namespaces, as
 * `calificar` uses): the document's port is always free for the program, two learners on one
 * computer never meet, and everything the program starts dies with the namespace. The grading
 * runs in a worker (the same hidden command as calificar's), inside `unshare`, and streams its
 * events back. Returns undefined where that cannot be had: the caller then grades on this
 * computer's loopback, with the document's port reserved across processes. The namespaces are
 * not probed first (a probe costs a Python start): where they fail, the worker never says a word
 * and the caller grades on loopback.
 *
 * Nothing is left behind: the worker's temporary folders live inside one of ours (removed when
 * we exit, however we exit but kill -9, and then by the worker itself, which exits as soon as its
 * input ends: see grade-worker.ts); its processes die with its PID namespace.
 */
export async function gradeInPrivateNetwork(
  tester: TesterDefinition,
  file: string,
  python: string,
  options: GradeOptions,
  worker: VerifyWorker | undefined = startVerifyWorker(options.env),
): Promise<GradeResult | undefined> {
  if (!worker) return undefined;
  try {
    const token = randomUUID();
    const job: WorkerJob = { tester: tester.exerciseId, file, python, realPython: python, port: options.port, bringLoopbackUp: true, env: {}, events: true, token };
    const { child } = worker;
    child.stdin!.write(`${JSON.stringify(job)}\n`);
    return await new Promise<GradeResult | undefined>((resolve) => {
      let result: GradeResult | undefined;
      let heard = false;
      const finish = (): void => {
        killGroup(child);
        if (!heard) unavailable = true;
        resolve(result);
      };
      createInterface({ input: child.stdout! }).on('line', (line) => {
        // Only the worker's own lines (see WorkerJob.token).
        if (!line.startsWith(`${token} `)) return;
        let message: WorkerMessage;
        try {
          message = JSON.parse(line.slice(token.length + 1)) as WorkerMessage;
        } catch {
          return;
        }
        heard = true;
        if (message.type === 'event') options.onEvent?.(message.event);
        else if (message.type === 'result') {
          // The worker sends it once its run is torn down: nothing of it is left to wait for.
          result = message.result;
          finish();
        }
      });
      if (child.exitCode !== null || child.signalCode !== null) return finish();
      child.once('error', finish);
      child.once('close', finish);
    });
  } finally {
    worker.dispose();
  }
}
