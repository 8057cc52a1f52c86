import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay } from '../../src/system/delay.js';

/**
 * Test files run in parallel; the few tests that need one of the document's fixed ports (65432,
 * 9999) take this lock (a directory: creating it is atomic) so they never collide. The holder's
 * pid is written inside: a lock left by a killed test run is taken over at once. Bounded wait.
 */
export async function withFixedPort<T>(port: number, body: () => Promise<T>, waitMs = 120_000): Promise<T> {
  const lock = join(tmpdir(), `taller-sockets-test-port-${port}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch {
      if (holderIsGone(lock)) {
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`port ${port} lock still held after ${waitMs} ms`);
      await delay(100);
    }
  }
  try {
    return await body();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function holderIsGone(lock: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(lock, 'pid'), 'utf8'));
  } catch {
    return false; // just created, pid not written yet
  }
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
