import { readdirSync, readFileSync } from 'node:fs';

/** The variable that marks every process of one submission (inherited by all it starts). */
export const SUBMISSION_MARK = 'TALLER_ENVIO';

/**
 * Kills what is left of a submission that escaped its process group (setsid, double fork), found
 * by the mark in its environment (Linux /proc). Only needed where the submission had no PID
 * namespace of its own, which takes everything with it. Returns how many it found.
 */
export function sweepMarked(value: string): number {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return 0; // no /proc (macOS): nothing more we can do
  }
  const needle = `${SUBMISSION_MARK}=${value}\0`;
  let found = 0;
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').includes(needle)) continue;
      process.kill(Number(entry), 'SIGKILL');
      found++;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}
