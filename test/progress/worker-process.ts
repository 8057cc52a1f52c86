import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { spawnGroup, killGroup } from '../../src/system/process-group.js';
import { ROOT } from '../helpers/cli.js';

const WORKERS = join(ROOT, 'test', 'progress', 'workers');

export interface Worker {
  child: ChildProcess;
  /** Lines the worker printed so far. */
  lines: string[];
  /** Resolves when a printed line satisfies `test` (rejects when the worker exits first or after waitMs). */
  waitForLine(test: (line: string) => boolean, waitMs?: number): Promise<string>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts a worker script (TypeScript, through tsx) as a real process in its own process group. */
export function startWorker(script: string, args: string[], env: NodeJS.ProcessEnv): Worker {
  const child = spawnGroup(process.execPath, ['--import', 'tsx', join(WORKERS, script), ...args], {
    cwd: ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let errors = '';
  const listeners = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (text: string) => {
    const parts = (partial + text).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    for (const listener of listeners) listener();
  });
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (errors += text));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => {
      for (const listener of listeners) listener();
      resolve({ code, signal });
    }),
  );
  return {
    child,
    lines,
    exited,
    stderr: () => errors,
    waitForLine(test, waitMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const line = lines.find(test);
          if (line !== undefined) done(() => resolve(line));
          else if (child.exitCode !== null || child.signalCode !== null) done(() => reject(new Error(`worker ${script} exited before the expected line\n${errors}`)));
        };
        const timer = setTimeout(() => done(() => reject(new Error(`worker ${script}: line not seen in ${waitMs} ms\n${errors}`))), waitMs);
        const done = (finish: () => void): void => {
          clearTimeout(timer);
          listeners.delete(check);
          finish();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export async function killWorker(worker: Worker): Promise<void> {
  killGroup(worker.child, 'SIGKILL');
  await worker.exited;
}
