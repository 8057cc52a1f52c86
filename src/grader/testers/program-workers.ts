import type { Harness } from '../harness.js';
import { PROGRAM_MARK } from '../learner-process.js';
import { markedPids } from '../../system/proc/processes.js';
import { procEntries } from '../../system/proc/process-stat.js';

/** How many threads and processes the learner's program runs now (Linux /proc; undefined elsewhere). */
export interface Workers {
  threads: number;
  processes: number;
}

export async function countWorkers(h: Harness): Promise<Workers | undefined> {
  const program = h.program;
  if (process.platform !== 'linux' || !program || program.child.pid === undefined) return undefined;
  const pids = await markedPids(PROGRAM_MARK, program.processMark);
  let threads = 0;
  for (const pid of pids) threads += (await procEntries(`/proc/${pid}/task`)).length;
  return { threads, processes: pids.length };
}

/**
 * A one-thread server must not grow a thread or a process per client: compared before and after
 * `extra` more clients were connected and served (a pool started once, like asyncio's, does not
 * grow with the clients, so it is not counted against the program).
 */
export function workersPerClientLines(before: Workers, after: Workers, extra: number): string[] {
  if (after.processes > before.processes) {
    return [
      `Con ${extra} clientes más, tu programa pasó de ${before.processes} a ${after.processes} procesos: ¿un proceso por cliente (os.fork, multiprocessing)?`,
    ];
  }
  if (after.threads > before.threads) {
    return [`Con ${extra} clientes más, tu programa pasó de ${before.threads} a ${after.threads} hilos: ¿un hilo por cliente (threading.Thread)?`];
  }
  return [];
}
