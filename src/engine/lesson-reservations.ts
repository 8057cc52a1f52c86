import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reservationPath, tryReservePort, type PortReservation } from '../net/port-reservation.js';
import { readStatSync } from '../system/proc/process-stat.js';

/**
 * How a lesson reserves its ports (net/port-reservation.ts does the reserving):
 * - in one place for the whole machine, whatever TMPDIR each terminal has, since ports are the
 *   machine's (on Linux that is also where `verificar` and the test suites reserve them);
 * - one lesson at a time per port in this process too (a reservation is per process);
 * - lent: a port a process we descend from (a test, a script) reserved before starting us is ours
 *   to use, one borrower at a time, and its owner releases it.
 */
export function reserveForLesson(port: number): PortReservation | undefined {
  if (reservedHere.has(port)) return undefined;
  // A lent port is still one lesson's at a time: the lender may start several of us at once, so
  // the borrowers take a reservation of their own inside the lender's.
  const reservation = lentToUs(port) ? tryReservePort(port, reservationPath(port, MACHINE_WIDE)) : tryReservePort(port, MACHINE_WIDE);
  if (!reservation) return undefined;
  reservedHere.add(port);
  return {
    port,
    release: () => {
      reservedHere.delete(port);
      reservation.release();
    },
  };
}

const MACHINE_WIDE = process.platform === 'win32' ? tmpdir() : '/tmp';

/** Ports a lesson of this process holds now. */
const reservedHere = new Set<number>();

function lentToUs(port: number): boolean {
  let owner: number;
  try {
    owner = Number(readFileSync(join(reservationPath(port, MACHINE_WIDE), 'pid'), 'utf8'));
  } catch {
    return false;
  }
  return owner > 0 && ancestors().includes(owner);
}

/** Our pid, our parent's and (Linux) theirs, a few generations up. */
function ancestors(): number[] {
  const chain = [process.pid, process.ppid];
  if (process.platform !== 'linux') return chain;
  for (let generation = 0; generation < 6 && chain.at(-1)! > 1; generation++) {
    const parent = readStatSync(chain.at(-1)!)?.ppid;
    if (parent === undefined) break;
    chain.push(parent);
  }
  return chain;
}

/** Where a lesson's reservation of `port` lives (the fault tests look there). */
export function lessonReservationPath(port: number): string {
  return reservationPath(port, MACHINE_WIDE);
}
