import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { succeeds } from '../system/run-captured.js';

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
  private constructor(
    private readonly child: ChildProcess | undefined,
    /** Resolves with whether the setup code ran (see start). */
    readonly setupDone: Promise<boolean>,
  ) {}

  /**
   * Without its script (a standalone grader), no watcher: our own exit hooks are then all there is.
   * `setup`: a Python file to run first (a private network's loopback): the watcher runs it,
   * saving a Python start, or, without a watcher, a Python of its own does.
   */
  static start(python: string, markPrefix: string, folder: string, setup?: string): RunWatcher {
    const script = watcherScript();
    if (!script) return new RunWatcher(undefined, setup ? succeeds(python, ['-I', '-S', setup]) : Promise.resolve(true));
    const child = spawn(python, ['-I', '-S', script, markPrefix, folder, ...(setup ? [setup] : [])], {
      stdio: ['pipe', setup ? 'pipe' : 'ignore', 'ignore'],
      detached: process.platform !== 'win32',
    });
    child.on('error', () => undefined);
    child.stdin?.on('error', () => undefined);
    child.unref();
    (child.stdin as unknown as { unref?: () => void }).unref?.();
    return new RunWatcher(child, setup ? setupAnswer(child) : Promise.resolve(true));
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

/** The watcher's one line after its setup: "listo"; anything else (or its death) is a failure. */
function setupAnswer(child: ChildProcess): Promise<boolean> {
  return new Promise((resolve) => {
    let text = '';
    const stdout = child.stdout!;
    stdout.setEncoding('utf8');
    stdout.on('data', (chunk: string) => (text += chunk));
    stdout.once('close', () => resolve(text.trim() === 'listo'));
    child.once('error', () => resolve(false));
  });
}
