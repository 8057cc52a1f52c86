import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { UserError } from '../errors.js';

/** What a lock file holds: who took it, so a lock left by a dead process can be recognised. */
interface LockOwner {
  pid: number;
  host: string;
  token: string;
  since: string;
}

export interface FileLockOptions {
  /** How long to wait for a lock held by a live process before giving up. */
  waitMs?: number;
  /**
   * Age after which a lock is stale even if its owner looks alive (pid reused, another machine on
   * a shared folder). The lock is held for milliseconds, so this is only a last resort.
   */
  staleMs?: number;
}

const DEFAULT_WAIT_MS = 10_000;
const DEFAULT_STALE_MS = 30_000;
/** A lock is written microseconds after it is created; still empty after this, it never will be. */
const UNWRITTEN_STALE_MS = 500;
/** A breaker holds its own lock for microseconds; older than this, its owner died mid-break. */
const BREAKER_STALE_MS = 2_000;

const sleeper = new Int32Array(new SharedArrayBuffer(4));

function sleepSync(ms: number): void {
  Atomics.wait(sleeper, 0, 0, ms);
}

/**
 * Runs `body` while holding an exclusive lock file (created with O_EXCL, so only one process
 * wins). The lock records its owner's pid: a lock whose owner died (SIGKILL, power cut) is broken
 * at once instead of blocking the learner. Synchronous on purpose: progress is saved from
 * synchronous code paths, and the lock is held only for a read-modify-write of a small file.
 */
export function withFileLock<T>(lock: string, body: () => T, options: FileLockOptions = {}): T {
  const token = acquire(lock, options);
  try {
    return body();
  } finally {
    release(lock, token);
  }
}

function acquire(lock: string, options: FileLockOptions): string {
  const waitMs = options.waitMs ?? DEFAULT_WAIT_MS;
  const staleMs = options.staleMs ?? DEFAULT_STALE_MS;
  const owner: LockOwner = { pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), since: new Date().toISOString() };
  const deadline = Date.now() + waitMs;
  for (let attempt = 0; ; attempt++) {
    if (tryCreate(lock, JSON.stringify(owner))) return owner.token;
    const seen = inspect(lock);
    if (seen && isStale(seen, staleMs)) {
      breakStaleLock(lock, seen.raw, seen.ino);
      continue;
    }
    if (Date.now() > deadline) throw lockTimeout(lock, seen);
    // Short, growing, jittered naps: contention lasts milliseconds, and jitter avoids lockstep.
    sleepSync(Math.min(50, 2 + attempt) + Math.random() * 5);
  }
}

function tryCreate(lock: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(lock, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    writeSync(fd, content);
  } catch (error) {
    // A full disk may let us create the file but not fill it: an empty lock must not stay behind.
    closeSync(fd);
    try { unlinkSync(lock); } catch { /* already gone */ }
    throw error;
  }
  closeSync(fd);
  return true;
}

interface SeenLock {
  raw: string;
  owner: LockOwner | undefined;
  ino: number;
  ageMs: number;
}

function inspect(lock: string): SeenLock | undefined {
  try {
    const stat = statSync(lock);
    const raw = readFileSync(lock, 'utf8');
    return { raw, owner: parseOwner(raw), ino: stat.ino, ageMs: Date.now() - stat.mtimeMs };
  } catch {
    // Released between our attempt and this look: simply try again.
    return undefined;
  }
}

function parseOwner(raw: string): LockOwner | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockOwner>;
    if (typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.token === 'string') return value as LockOwner;
  } catch {
    // Empty (its owner is between creating and writing it) or garbage: judged by age alone.
  }
  return undefined;
}

function isStale(seen: SeenLock, staleMs: number): boolean {
  if (seen.ageMs > staleMs) return true;
  const owner = seen.owner;
  // Empty or unreadable: its owner writes it right after creating it, so past a moment it never will.
  if (!owner) return seen.ageMs > UNWRITTEN_STALE_MS;
  if (owner.host !== hostname()) return false;
  return !processAlive(owner.pid);
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a stale lock, but only the very lock we judged stale: two waiters may both see it, and
 * the slower one must not delete the fresh lock the faster one has just taken. Breakers take
 * turns through a second lock file and re-check the lock's identity (inode and content) first.
 */
function breakStaleLock(lock: string, raw: string, ino: number): void {
  const breaker = `${lock}.rompiendo`;
  if (!tryCreate(breaker, String(process.pid))) {
    const seen = inspect(breaker);
    if (seen && seen.ageMs > BREAKER_STALE_MS) {
      try { unlinkSync(breaker); } catch { /* another waiter removed it */ }
    }
    return;
  }
  try {
    const now = inspect(lock);
    if (now && now.ino === ino && now.raw === raw) {
      try { unlinkSync(lock); } catch { /* already gone */ }
    }
  } finally {
    try { unlinkSync(breaker); } catch { /* already gone */ }
  }
}

function release(lock: string, token: string): void {
  // Only remove the lock if it is still ours (if it was judged stale and taken over, leave it).
  const seen = inspect(lock);
  if (seen?.owner?.token !== token) return;
  try {
    unlinkSync(lock);
  } catch {
    // Already gone.
  }
}

function lockTimeout(lock: string, seen: SeenLock | undefined): UserError {
  const who = seen?.owner ? `el proceso ${seen.owner.pid}` : 'otro proceso';
  return new UserError(
    `No pude guardar tu progreso: ${who} del taller lo está usando y no lo ha soltado. ` +
      `Si no tienes otro taller-sockets abierto, borra el archivo ${lock} y vuelve a intentarlo.`,
    1,
  );
}
