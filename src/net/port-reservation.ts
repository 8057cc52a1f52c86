import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A port reserved across processes: checking that a port is free is not enough when two
 * programs of the workshop (two `verificar` in two terminals of a lab computer, a lesson and a
 * test) check at the same moment and then both bind it. Each reservation is a directory in the
 * system's temporary folder (mkdir is atomic), holding the owner's pid; one left by a process
 * that died (kill -9) is taken over at once. It binds nothing: whoever holds it then binds.
 *
 * The path is the one the test suites' fixed-port lock has always used
 * (test/helpers/fixed-port-lock.ts), so a grading and a test never meet on a document port.
 */
export interface PortReservation {
  port: number;
  release(): void;
}

/** calificar's workers have a TMPDIR of their own each: this variable points them at the shared place. */
export const RESERVATIONS_VARIABLE = 'TALLER_SOCKETS_RESERVAS';

function reservationDir(): string {
  return process.env[RESERVATIONS_VARIABLE] || tmpdir();
}

export function reservationPath(port: number, dir = reservationDir()): string {
  return join(dir, `taller-sockets-test-port-${port}.lock`);
}

/** Takes the reservation now, or returns undefined when a live process holds it. */
export function tryReservePort(port: number, dir = reservationDir()): PortReservation | undefined {
  const lock = reservationPath(port, dir);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      mkdirSync(lock);
    } catch {
      if (!holderIsGone(lock)) return undefined;
      breakStale(lock);
      continue;
    }
    writeFileSync(join(lock, 'pid'), String(process.pid));
    const token = Symbol(lock);
    held.set(lock, token);
    watchExit();
    return {
      port,
      release: () => {
        // A second release of this handle must not free a newer reservation of the same port.
        if (held.get(lock) !== token) return;
        held.delete(lock);
        releaseLock(lock);
      },
    };
  }
  return undefined;
}

/** Locks this process holds, each with its holder's token; one 'exit' listener releases them all. */
const held = new Map<string, symbol>();
let watchingExit = false;

function watchExit(): void {
  if (watchingExit) return;
  watchingExit = true;
  process.once('exit', () => {
    for (const lock of held.keys()) releaseLock(lock);
    held.clear();
  });
}

function releaseLock(lock: string): void {
  // Only our own lock: after a takeover (we were judged dead) it is another's.
  if (ownerPid(lock) === process.pid) rmSync(lock, { recursive: true, force: true });
}

/** Waits (bounded by `waitMs`, checking every 50 ms) for the reservation; undefined if still held. */
export async function reservePort(port: number, options: { waitMs?: number; dir?: string; signal?: AbortSignal } = {}): Promise<PortReservation | undefined> {
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const reservation = tryReservePort(port, options.dir);
    if (reservation || Date.now() >= deadline || options.signal?.aborted) return reservation;
    await sleep(50, undefined, { signal: options.signal }).catch(() => undefined);
  }
}

/**
 * Removes the reservations of processes that no longer exist (a worker killed with SIGKILL never
 * releases its own); a live holder's are left alone. Called when a run starts, like the sweep of
 * stale work folders.
 */
export function sweepStaleReservations(dir = reservationDir()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (/^taller-sockets-test-port-\d+\.lock$/.test(name) && holderIsGone(join(dir, name))) breakStale(join(dir, name));
  }
}

function ownerPid(lock: string): number | undefined {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8')) || undefined;
  } catch {
    return undefined;
  }
}

/** The owner is known and dead (a lock whose pid is not written yet is being taken: not stale). */
function holderIsGone(lock: string): boolean {
  const pid = ownerPid(lock);
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** Moves the stale lock aside before removing it, so that two breakers never remove a fresh one. */
function breakStale(lock: string): void {
  const aside = `${lock}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lock, aside);
  } catch {
    return; // another breaker got there first
  }
  if (!holderIsGone(aside)) {
    // Taken and written between our look and the rename: put it back if we can.
    try {
      renameSync(aside, lock);
      return;
    } catch {
      // The new owner will find its lock gone only if it releases; nothing better to do.
    }
  }
  rmSync(aside, { recursive: true, force: true });
}
