import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { join, delimiter } from 'node:path';
import { cacheDir } from './data-paths.js';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { runCaptured, type Captured } from './run-captured.js';
import { pyenvTarget } from './pyenv.js';

export interface PythonInfo {
  /** What was found on PATH (may be a shim such as pyenv's). */
  command: string;
  /** The real interpreter binary behind it: spawning it directly avoids the shim's cost. */
  executable: string;
  version: [number, number, number];
}

export const MINIMUM_PYTHON: [number, number] = [3, 8];

interface CacheEntry extends PythonInfo {
  commandMtimeMs: number;
  executableMtimeMs: number;
}

let resolved: Promise<PythonInfo> | undefined;

/** Resolves the Python interpreter once per process, and once per machine via a small cache file. */
export function resolvePython(): Promise<PythonInfo> {
  resolved ??= resolveUncached();
  return resolved;
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
function pythonCommand(): string | undefined {
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
function knownWithoutProbe(command: string): { direct?: string; cached?: PythonInfo } {
  const direct = pyenvTarget(command);
  const cached = readCache(cacheFile(), command);
  // A shim's file does not change when its version does: the cache holds only for the same target.
  return { direct, cached: cached && (direct === undefined || cached.executable === direct) ? cached : undefined };
}

const cacheFile = (): string => join(cacheDir(), 'python.json');

async function resolveUncached(): Promise<PythonInfo> {
  const override = process.env.TALLER_SOCKETS_PYTHON;
  const command = pythonCommand();
  if (!command) {
    throw new UserError(
      'No encuentro Python 3 en tu PATH. Instala Python 3.8 o posterior (https://www.python.org/downloads/) ' +
        'o indica su ruta con la variable TALLER_SOCKETS_PYTHON.',
    );
  }
  if (override && !existsSync(override)) {
    throw new UserError(`TALLER_SOCKETS_PYTHON apunta a ${override}, que no existe. Corrige la ruta o quita la variable para usar el python3 del PATH.`);
  }
  // Behind a pyenv shim: the version it would run, asked directly (the shim itself is slow to start).
  const { direct, cached } = knownWithoutProbe(command);
  if (cached) return cached;

  const probe = await runCaptured(direct ?? command, ['-I', join(packageRoot(), 'src', 'system', 'python', 'interpreter.py')], { timeoutMs: 15_000 });
  if (probe.code !== 0) throw new UserError(`No pude ejecutar Python (${command}): ${whyItFailed(probe)}`);
  const stdout = probe.stdout;
  // A sitecustomize or a noisy shim may print first: read only our own marked line.
  const marked = stdout.split(/\r?\n/).find((line) => line.startsWith('taller-sockets: '));
  if (!marked) throw new UserError(`${command} no parece ser Python 3: no respondió como esperaba. Indica otro con TALLER_SOCKETS_PYTHON.`);
  const [executableLine, versionLine = ''] = marked.slice('taller-sockets: '.length).split(' | ');
  const version = versionLine.split(' ').map(Number) as [number, number, number];
  const executable = executableLine && existsSync(executableLine) ? executableLine : command;
  const info: PythonInfo = { command, executable, version };
  if (!isSupported(info.version)) {
    throw new UserError(
      `Tu Python (${command}) es la versión ${version.join('.')}; el taller necesita Python ${MINIMUM_PYTHON.join('.')} o posterior.`,
    );
  }
  writeCache(cacheFile(), info);
  return info;
}

function whyItFailed({ startError, timedOut, code, stderr }: Captured): string {
  if (startError) return startError.message;
  if (timedOut) return 'no respondió en 15 s';
  return stderr.trim().split('\n').pop() || `terminó con código ${code ?? 'desconocido'}`;
}

function isSupported(version: readonly number[]): boolean {
  const [major = 0, minor = 0] = version;
  return major > MINIMUM_PYTHON[0] || (major === MINIMUM_PYTHON[0] && minor >= MINIMUM_PYTHON[1]);
}

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

function writeCache(file: string, info: PythonInfo): void {
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
