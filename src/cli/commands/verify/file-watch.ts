import { readFileSync, watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

const POLL_MS = 1000;
const SETTLE_MS = 150;

function contents(file: string): string | undefined {
  try {
    return readFileSync(file, 'latin1');
  } catch {
    return undefined;
  }
}

/**
 * Resolves when the file's contents differ from `since` (a save). Watches the folder (editors
 * often save by replacing the file) and also polls, because file events can be missed
 * (network folders, some editors, inotify limits).
 */
export function waitForChange(file: string, since: string | undefined, signal?: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    let watcher: FSWatcher | undefined;
    let settle: NodeJS.Timeout | undefined;
    // Given up (a key was pressed instead): stop watching and polling, so nothing keeps the process alive.
    signal?.addEventListener('abort', () => {
      clearInterval(poll);
      clearTimeout(settle);
      watcher?.close();
      resolve(undefined);
    }, { once: true });
    const check = (): void => {
      const now = contents(file);
      if (now === undefined || now === since) return;
      clearInterval(poll);
      clearTimeout(settle);
      watcher?.close();
      resolve(now);
    };
    const poll = setInterval(check, POLL_MS);
    try {
      watcher = watch(dirname(file), (_event, name) => {
        if (name && name !== basename(file)) return;
        clearTimeout(settle);
        settle = setTimeout(check, SETTLE_MS);
      });
      watcher.on('error', () => watcher?.close());
    } catch {
      // No file events here: the poll alone will notice the save.
    }
  });
}

export function fileContents(file: string): string | undefined {
  return contents(file);
}
