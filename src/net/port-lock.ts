import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../system/file-lock.js';

/**
 * A port reserved across processes: two lessons started at once on one computer (two terminals
 * of a lab machine) would both find 65432 free and then only one could bind it. Each reservation
 * is a folder in the system's temporary folder (mkdir is atomic) holding its owner's pid; one
 * left by a process that died (kill -9) is taken over at once. It binds nothing.
 *
 * Same place and form as the test suites' fixed-port lock (test/helpers/fixed-port-lock.ts), so
 * a lesson and a test never meet on a document port either.
 */
export interface PortLock {
  port: number;
  release(): void;
}

export function portLockPath(port: number): string {
  // One place for the whole machine, whatever TMPDIR each terminal has (macOS gives each user its own).
  return join(process.platform === 'win32' ? tmpdir() : '/tmp', `taller-sockets-test-port-${port}.lock`);
}

/** Takes the port's reservation now, or returns undefined when a live process holds it. */
export function tryLockPort(port: number): PortLock | undefined {
  const lock = portLockPath(port);
  if (lentToUs(port, lock)) {
    reservedHere.add(port); // one lesson at a time on it, here too
    return { port, release: () => reservedHere.delete(port) };
  }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      mkdirSync(lock);
    } catch {
      if (!ownerIsGone(lock)) return undefined;
      breakStale(lock);
      continue;
    }
    writeFileSync(join(lock, 'pid'), String(process.pid));
    return ownLock(port, lock);
  }
  return undefined;
}

/** What to release when this process exits, however it exits (one hook for all of them). */
const releaseOnExit = new Set<() => void>();

function ownLock(port: number, lock: string): PortLock {
  let released = false;
  reservedHere.add(port);
  const release = (): void => {
    if (released) return;
    released = true;
    reservedHere.delete(port);
    releaseOnExit.delete(release);
    // Only our own: after a takeover (we were judged dead) it belongs to another.
    if (ownerPid(lock) === process.pid) rmSync(lock, { recursive: true, force: true });
  };
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const pending of [...releaseOnExit]) pending();
    });
  }
  releaseOnExit.add(release);
  return { port, release };
}

let exitHookInstalled = false;

/** Ports this process reserved itself (each for one lesson): never handed out twice. */
const reservedHere = new Set<number>();

/**
 * Lent: a process we descend from (a test, a script), or some other part of this one, reserved
 * the port and then started us on it. Its owner releases it, not us.
 */
function lentToUs(port: number, lock: string): boolean {
  const owner = ownerPid(lock);
  if (owner === undefined || reservedHere.has(port)) return false;
  return ancestors().includes(owner);
}

/** Our pid, our parent's and (Linux) theirs, up to a few generations. */
function ancestors(): number[] {
  const chain = [process.pid, process.ppid];
  if (process.platform !== 'linux') return chain;
  for (let generation = 0; generation < 6; generation++) {
    const last = chain[chain.length - 1]!;
    if (last <= 1) break;
    try {
      const stat = readFileSync(`/proc/${last}/stat`, 'latin1');
      chain.push(Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      break;
    }
  }
  return chain;
}

function ownerPid(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

/** The owner is known and dead (a lock whose pid is not written yet is being taken: not stale). */
function ownerIsGone(lock: string): boolean {
  const pid = ownerPid(lock);
  return pid !== undefined && !processAlive(pid);
}

/** Renames the stale lock aside before removing it, so two breakers never remove a fresh one. */
function breakStale(lock: string): void {
  const aside = `${lock}.vencido-${process.pid}-${Date.now()}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // another breaker got there first
  }
  if (!ownerIsGone(aside)) {
    // Taken and written between our look and the rename: put it back.
    try {
      renameSync(aside, lock);
      return;
    } catch {
      // Someone took the place meanwhile; the aside one is theirs to lose, nothing better to do.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}
