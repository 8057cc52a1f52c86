import { createInterface } from 'node:readline';
import type { WorkerJob } from '../../../teacher/worker-protocol.js';

let job: Promise<WorkerJob> | undefined;

/**
 * The job: the first line of stdin, read once per worker (prepare-ahead starts reading it before
 * the grader loads; the grader takes the same). When stdin ends later, the parent is gone and so
 * are we.
 */
export function readJob(): Promise<WorkerJob> {
  job ??= new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.stdin });
    let received = false;
    lines.once('line', (line) => {
      received = true;
      try {
        resolve(JSON.parse(line) as WorkerJob);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    lines.once('close', () => {
      if (!received) reject(new Error('la entrada terminó'));
      // The parent died or gave up on us: whatever we started dies with us (process-group exit hook).
      else process.exit(1);
    });
  });
  return job;
}
