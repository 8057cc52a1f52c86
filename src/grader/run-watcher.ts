import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** run-watcher.py, shipped in the package next to this module's source; undefined in a bundle without it (autor exportar). */
function watcherScript(): string | undefined {
  try {
    const script = join(packageRoot(), 'src', 'grader', 'run-watcher.py');
    return existsSync(script) ? script : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The watcher of one grading run (see run-watcher.py): a small Python process, in a group of its
 * own and not killed by our exit hooks, that waits on a pipe from us. Told each program start's
 * process group, it kills them all, with every process carrying the run's mark, and removes the
 * run's folder, as soon as the pipe ends without our "fin": that is, when this process dies
 * however it dies (kill -9 included), or exits on a signal without finishing the run.
 */
export class RunWatcher {
  private constructor(private readonly child: ChildProcess | undefined) {}

  /** Without its script (a standalone grader), no watcher: our own exit hooks are then all there is. */
  static start(python: string, markPrefix: string, folder: string): RunWatcher {
    const script = watcherScript();
    if (!script) return new RunWatcher(undefined);
    const child = spawn(python, ['-I', '-S', script, markPrefix, folder], {
      stdio: ['pipe', 'ignore', 'ignore'],
      detached: process.platform !== 'win32',
    });
    child.on('error', () => undefined);
    child.stdin.on('error', () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    return new RunWatcher(child);
  }

  /** One more process group to kill if we die. */
  watch(pgid: number | undefined): void {
    if (pgid !== undefined && this.child?.stdin?.writable) this.child.stdin.write(`grupo ${pgid}\n`);
  }

  /** The run ended normally (we cleaned up ourselves): the watcher leaves without touching anything. */
  finish(): void {
    if (this.child?.stdin?.writable) this.child.stdin.end('fin\n');
  }
}
