import { closeSync, fsyncSync, openSync, readdirSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { processAlive } from './file-lock.js';

/**
 * Replaces `file` with `text` so that, whatever happens (SIGKILL, power cut), the file holds
 * either the old or the new content, never a mix: a temporary file in the same folder, flushed
 * to disk, renamed over the old one, then the folder itself flushed so the rename survives.
 */
export function writeFileAtomic(file: string, text: string): void {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  let fd: number | undefined = openSync(temp, 'wx', 0o644);
  try {
    const data = Buffer.from(text, 'utf8');
    for (let written = 0; written < data.length; ) written += writeSync(fd, data, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, file);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try { unlinkSync(temp); } catch { /* already renamed */ }
    throw error;
  }
  syncFolder(dirname(file));
}

function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot open or flush a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Temporary files left by writers that died before renaming (their pid is gone). */
export function removeOrphanTemps(file: string): string[] {
  const name = basename(file);
  const pattern = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.(\\d+)\\.[0-9a-f]+\\.tmp$`);
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dirname(file));
  } catch {
    return removed;
  }
  for (const entry of entries) {
    const match = pattern.exec(entry);
    if (!match || processAlive(Number(match[1]))) continue;
    try {
      unlinkSync(join(dirname(file), entry));
      removed.push(entry);
    } catch {
      // Removed by someone else meanwhile.
    }
  }
  return removed;
}
