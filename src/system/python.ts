import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { packageRoot } from '../package-root.js';
import { runCaptured, type Captured } from './run-captured.js';
import { cacheFile, knownWithoutProbe, pythonCommand, writeCache, type PythonInfo } from './python-known.js';

export type { PythonInfo } from './python-known.js';

export const MINIMUM_PYTHON: [number, number] = [3, 8];

let resolved: Promise<PythonInfo> | undefined;

/** Resolves the Python interpreter once per process, and once per machine via a small cache file. */
export function resolvePython(): Promise<PythonInfo> {
  resolved ??= resolveUncached();
  return resolved;
}

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

