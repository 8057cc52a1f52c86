import { readFileSync } from 'node:fs';
import type { CpuReading, ProgramSnapshot } from './diagnosis.js';
import { PROGRAM_MARK, type LearnerProcess } from './learner-process.js';
import { groupCpu } from './process-activity.js';
import { markedPids } from '../system/proc/processes.js';

/** What the OS says about the learner's program now, as data for the pure diagnoses of diagnosis.ts. */

export interface CpuMark extends CpuReading {
  program: LearnerProcess;
}

/** The program's CPU time now (undefined once it ended, or off Linux). */
export async function cpuMark(program: LearnerProcess | undefined): Promise<CpuMark | undefined> {
  if (!program?.running || program.child.pid === undefined) return undefined;
  const cpu = await groupCpu(program.child.pid);
  return cpu && { program, ...cpu, at: Date.now() };
}

/** How many processes it started still live after it ended by itself (0 when that does not apply). */
export async function processesLeftBehind(program: LearnerProcess | undefined): Promise<number> {
  if (!program?.end || program.end.killedByUs || process.platform !== 'linux') return 0;
  return (await markedPids(PROGRAM_MARK, program.processMark)).filter((pid) => pid !== program.child.pid).length;
}

/** The program's source (bounded), read when a diagnosis needs it; undefined when unreadable. */
function sourceOf(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8').slice(0, 200_000);
  } catch {
    return undefined;
  }
}

export function snapshotOf(program: LearnerProcess, file: string, fileName: string): ProgramSnapshot {
  const { end, flooded, totalBytes, spawnError } = program;
  return { file, fileName, end, flooded, totalBytes, spawnError, stderr: program.stderr(), source: sourceOf(file) };
}
