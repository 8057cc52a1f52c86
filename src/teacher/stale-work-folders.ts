import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** The prefix of a class run's temporary folder; the owner's PID follows it. */
const WORK_FOLDER_PREFIX = 'taller-sockets-calificar-';

/** The name for this process's temporary folder (mkdtemp adds a random suffix). */
export function workFolderPrefix(): string {
  return `${WORK_FOLDER_PREFIX}${process.pid}-`;
}

/**
 * Removes the temporary folders of earlier runs whose process is gone (killed with SIGKILL, or
 * the machine turned off): a run cleans up after itself on every other exit path.
 */
export function sweepStaleWorkFolders(tmp: string): void {
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = new RegExp(`^${WORK_FOLDER_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (!owner || alive(Number(owner))) continue;
    try {
      rmSync(join(tmp, name), { recursive: true, force: true });
    } catch {
      // someone else's, or being removed right now
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, owned by someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
