import { readdir, readlink } from 'node:fs/promises';
import { procEntries } from './process-stat.js';

/** The socket inodes one process holds among its file descriptors; `hidden` when we may not look (another user's). */
async function inodesHeldBy(pid: number): Promise<{ inodes: number[]; hidden: boolean }> {
  let fds: string[];
  try {
    fds = await readdir(`/proc/${pid}/fd`);
  } catch (error) {
    // Gone meanwhile (ENOENT) hides nothing; not allowed to look does.
    return { inodes: [], hidden: (error as NodeJS.ErrnoException).code !== 'ENOENT' };
  }
  const targets = await Promise.all(fds.map((fd) => readlink(`/proc/${pid}/fd/${fd}`).catch(() => '')));
  const inodes = targets.map((target) => /^socket:\[(\d+)\]$/.exec(target)?.[1]).filter((inode): inode is string => inode !== undefined);
  return { inodes: inodes.map(Number), hidden: false };
}

/** Socket inodes held by the processes `pids` (Linux /proc). */
export async function socketInodesOf(pids: readonly number[]): Promise<Set<number>> {
  const held = await Promise.all(pids.map(inodesHeldBy));
  return new Set(held.flatMap((one) => one.inodes));
}

/**
 * The processes (every one we can see, but `except`) holding any of these sockets, by pid; `hidden`
 * says some process could not be inspected (other users' need privileges), so an owner may be missing.
 */
export async function socketHolders(inodes: ReadonlySet<number>, except: ReadonlySet<number> = new Set()): Promise<{ pids: number[]; hidden: boolean }> {
  const pids = (await procEntries()).filter((pid) => !except.has(pid));
  const held = await Promise.all(pids.map(async (pid) => ({ pid, ...(await inodesHeldBy(pid)) })));
  return {
    pids: held.filter((one) => one.inodes.some((inode) => inodes.has(inode))).map((one) => one.pid).sort((a, b) => a - b),
    hidden: held.some((one) => one.hidden),
  };
}
