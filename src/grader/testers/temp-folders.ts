import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Folders a tester made for the learner's program (files to serve, to upload); all gone when the grader exits. */
const folders = new Set<string>();
let hooked = false;

export function tempFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `taller-sockets-${prefix}-`));
  folders.add(dir);
  if (!hooked) {
    hooked = true;
    process.once('exit', () => {
      for (const folder of folders) rmSync(folder, { recursive: true, force: true });
    });
  }
  return dir;
}

export function removeFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  folders.delete(dir);
}
