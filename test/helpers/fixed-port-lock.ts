import { mkdirSync, rmdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test files run in parallel; the few tests that need one of the document's fixed ports (65432,
 * 9999) take this lock (a directory: creating it is atomic) so they never collide. Bounded wait.
 */
export async function withFixedPort<T>(port: number, body: () => Promise<T>, waitMs = 120_000): Promise<T> {
  const lock = join(tmpdir(), `taller-sockets-test-port-${port}.lock`);
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - statSync(lock).mtimeMs > 5 * 60_000) rmdirSync(lock);
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) throw new Error(`port ${port} lock still held after ${waitMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await body();
  } finally {
    rmdirSync(lock);
  }
}
