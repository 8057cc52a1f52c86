import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { cacheDir } from './data-paths.js';
import { pyenvTarget } from './pyenv.js';

// What is known of the learner's Python without starting it (the cache of resolvePython, pyenv's
// choice): light enough for the CLI's entry, which must not load node:child_process.

export interface PythonInfo {
  /** What was found on PATH (may be a shim such as pyenv's). */
  command: string;
  /** The real interpreter binary behind it: spawning it directly avoids the shim's cost. */
  executable: string;
  version: [number, number, number];
}

interface CacheEntry extends PythonInfo {
  commandMtimeMs: number;
  executableMtimeMs: number;
}

function findOnPath(names: string[]): string | undefined {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? ['.exe', '.cmd', '.bat', ''] : [''];
  for (const name of names) {
    for (const dir of dirs) {
      for (const ext of exts) {
        const candidate = join(dir, name + ext);
        if (existsSync(candidate)) return candidate;
      }
    }
  }
  return undefined;
}

/** The command to run (TALLER_SOCKETS_PYTHON, or python3 on the PATH), undefined where there is none. */
export function pythonCommand(): string | undefined {
  return process.env.TALLER_SOCKETS_PYTHON ?? findOnPath(process.platform === 'win32' ? ['python', 'py'] : ['python3', 'python']);
}

/**
 * The interpreter that resolvePython would settle on, as far as it can be known without starting
 * Python: the cached one, or the version a pyenv shim points at. For helpers that start before the
 * resolution is done (the grading worker's watcher); undefined where only a probe can tell.
 */
export function pythonWithoutProbe(): string | undefined {
  const command = pythonCommand();
  if (!command || !existsSync(command)) return undefined;
  const { direct, cached } = knownWithoutProbe(command);
  return cached?.executable ?? direct;
}

/** What is known of `command` without starting it: the pyenv version behind it, and the cache entry that still holds. */
export function knownWithoutProbe(command: string): { direct?: string; cached?: PythonInfo } {
  const direct = pyenvTarget(command);
  const cached = readCache(cacheFile(), command);
  // A shim's file does not change when its version does: the cache holds only for the same target.
  return { direct, cached: cached && (direct === undefined || cached.executable === direct) ? cached : undefined };
}

export const cacheFile = (): string => join(cacheDir(), 'python.json');

function readCache(file: string, command: string): PythonInfo | undefined {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as CacheEntry;
    if (entry.command !== command) return undefined;
    if (statSync(command).mtimeMs !== entry.commandMtimeMs) return undefined;
    if (statSync(entry.executable).mtimeMs !== entry.executableMtimeMs) return undefined;
    return { command: entry.command, executable: entry.executable, version: entry.version };
  } catch {
    return undefined;
  }
}

export function writeCache(file: string, info: PythonInfo): void {
  try {
    const entry: CacheEntry = {
      ...info,
      commandMtimeMs: statSync(info.command).mtimeMs,
      executableMtimeMs: statSync(info.executable).mtimeMs,
    };
    mkdirSync(join(file, '..'), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, file);
  } catch {
    // The cache only saves time; failing to write it is harmless.
  }
}
