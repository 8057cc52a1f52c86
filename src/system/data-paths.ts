import { homedir } from 'node:os';
import { join } from 'node:path';

/** The folder for the learner's data: TALLER_SOCKETS_HOME, else the platform's data folder. */
export function dataDir(): string {
  const override = process.env.TALLER_SOCKETS_HOME;
  if (override) return override;
  if (process.platform === 'win32') {
    return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'taller-sockets');
  }
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'taller-sockets');
  return join(process.env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'taller-sockets');
}

/** Disposable data (the resolved Python binary): may be deleted at any time. */
export function cacheDir(): string {
  const override = process.env.TALLER_SOCKETS_HOME;
  if (override) return join(override, 'cache');
  if (process.platform === 'win32') return join(dataDir(), 'cache');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Caches', 'taller-sockets');
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'taller-sockets');
}
