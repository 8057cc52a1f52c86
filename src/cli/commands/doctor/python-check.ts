import { existsSync, realpathSync } from 'node:fs';
import { resolvePython, MINIMUM_PYTHON, type PythonInfo } from '../../../system/python.js';
import { join } from 'node:path';
import { packageRoot } from '../../../package-root.js';
import { runCaptured } from '../../../system/run-captured.js';
import type { CheckResult } from './doctor-check.js';

const TITLE = 'Python';
const INSTALL = `Instala Python ${MINIMUM_PYTHON.join('.')} o posterior (https://www.python.org/downloads/; en Debian/Ubuntu: sudo apt install python3) o indica su ruta con TALLER_SOCKETS_PYTHON=/ruta/a/python3.`;

/** The interpreter the lessons will use: path, version, the real binary behind a shim, and a real socket from it. */
export async function checkPython(): Promise<CheckResult> {
  const override = process.env.TALLER_SOCKETS_PYTHON;
  if (override !== undefined && !existsSync(override)) {
    return {
      id: 'python',
      title: TITLE,
      status: 'failure',
      message: `TALLER_SOCKETS_PYTHON apunta a «${override}», que no existe.`,
      fix: 'Corrige la ruta (por ejemplo TALLER_SOCKETS_PYTHON=/usr/bin/python3) o quita la variable para usar el python3 de tu PATH.',
      details: { override },
    };
  }
  let info: PythonInfo;
  try {
    info = await resolvePython();
  } catch (error) {
    return { id: 'python', title: TITLE, status: 'failure', message: (error as Error).message, fix: INSTALL, details: override ? { override } : {} };
  }
  const version = info.version.join('.');
  const details = { command: info.command, executable: info.executable, version, ...(override ? { override } : {}) };
  const shim = behindShim(info);
  const where = shim ? `${info.executable} (a través de ${info.command})` : info.executable;
  const sockets = await pythonCanOpenSocket(info.executable);
  if (!sockets.ok) {
    return {
      id: 'python',
      title: TITLE,
      status: 'failure',
      message: `Python ${version} en ${where} no puede crear un socket: ${sockets.detail}`,
      fix: 'Tu Python parece incompleto (falta el módulo socket o está bloqueado). Reinstálalo o usa otro con TALLER_SOCKETS_PYTHON.',
      details,
    };
  }
  return { id: 'python', title: TITLE, status: 'ok', message: `Python ${version} en ${where}`, details };
}

function behindShim(info: PythonInfo): boolean {
  try {
    return realpathSync(info.command) !== realpathSync(info.executable);
  } catch {
    return info.command !== info.executable;
  }
}

/** Opens and closes a real TCP socket from that Python (isolated mode: no user site, no cwd). */
async function pythonCanOpenSocket(executable: string): Promise<{ ok: boolean; detail: string }> {
  const run = await runCaptured(executable, ['-I', join(packageRoot(), 'src', 'cli', 'commands', 'doctor', 'python', 'open-socket.py')], { timeoutMs: 10_000 });
  if (run.startError) return { ok: false, detail: run.startError.message };
  if (run.timedOut) return { ok: false, detail: 'Python no respondió en 10 s' };
  if (run.code === 0 && run.stdout.trim() === 'ok') return { ok: true, detail: '' };
  return { ok: false, detail: run.stderr.trim().split('\n').pop() || `salió con código ${run.code}` };
}
