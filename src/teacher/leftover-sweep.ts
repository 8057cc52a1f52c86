import { killMarked } from '../system/proc/processes.js';

/** The variable that marks every process of one submission (inherited by all it starts). */
export const SUBMISSION_MARK = 'TALLER_ENVIO';

/**
 * Kills what is left of a submission that escaped its process group (setsid, double fork), found
 * by the mark in its environment (Linux /proc). Only needed where the submission had no PID
 * namespace of its own, which takes everything with it.
 */
export async function sweepMarked(value: string): Promise<void> {
  await killMarked(SUBMISSION_MARK, value);
}
