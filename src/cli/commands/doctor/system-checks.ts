import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readTcpTable } from '../../../system/proc/socket-table.js';
import { runCaptured } from '../../../system/run-captured.js';
import { findTool } from '../../../system/find-tool.js';
import { packetsAvailability } from '../../../net/netns/availability.js';
import { dataDir } from '../../../system/data-paths.js';
import { progressFile, PROGRESS_VERSION } from '../../../progress/store.js';
import { writeFileAtomic } from '../../../system/atomic-write.js';
import { colorEnabled, theme } from '../../../ui/theme.js';
import type { CheckResult } from './doctor-check.js';
import { isTerminal } from '../../../system/terminal.js';
import { inCi } from '../../interactive.js';

export async function checkTcpStates(): Promise<CheckResult> {
  const table = await readTcpTable();
  if (table.available) {
    return { id: 'tcp-states', title: 'Estados TCP', status: 'ok', message: 'el sistema los expone (/proc/net/tcp): verás LISTEN, ESTABLISHED, TIME_WAIT... reales' };
  }
  return {
    id: 'tcp-states',
    title: 'Estados TCP',
    status: 'unavailable',
    message: `no disponibles: ${table.reason}. Las lecciones funcionan igual, sin esa columna.`,
  };
}

/** `unshare -rn true`: an unprivileged private network namespace, for the future packets view. */
export async function checkNetworkNamespaces(): Promise<CheckResult> {
  const id = 'netns';
  const title = 'Redes privadas (netns)';
  if (process.platform !== 'linux') {
    return { id, title, status: 'unavailable', message: 'no disponibles: solo Linux tiene espacios de nombres de red sin privilegios' };
  }
  const unshare = findTool('unshare');
  if (!unshare) return { id, title, status: 'unavailable', message: 'no disponibles: falta el programa unshare (paquete util-linux)' };
  const result = await run(unshare, ['-rn', 'true']);
  if (!result.ok) {
    return {
      id,
      title,
      status: 'unavailable',
      message: `no disponibles: «unshare -rn true» falló (${result.detail})`,
      fix: 'Solo afecta a la vista de paquetes. Suele deberse a que el sistema (o el contenedor) no permite espacios de nombres de usuario sin privilegios (sysctl kernel.unprivileged_userns_clone / user.max_user_namespaces).',
    };
  }
  const packets = await packetsAvailability();
  return {
    id,
    title,
    status: 'ok',
    message: packets.available
      ? '«unshare -rn true» funciona; la vista de paquetes está disponible'
      : `«unshare -rn true» funciona, pero la vista de paquetes no: ${packets.reason}`,
    details: { unshare: true, packets: packets.available, ...(packets.reason ? { packetsReason: packets.reason } : {}) },
  };
}

async function run(command: string, args: string[]): Promise<{ ok: boolean; detail: string }> {
  const { code, stderr, timedOut, startError } = await runCaptured(command, args, { timeoutMs: 5_000 });
  if (startError) return { ok: false, detail: startError.message };
  if (timedOut) return { ok: false, detail: 'no terminó en 5 s' };
  return { ok: code === 0, detail: stderr.trim().split('\n')[0] || `código ${code}` };
}

/** The progress folder must be writable (for real: an atomic write and its removal). */
export async function checkProgressFolder(): Promise<CheckResult> {
  const dir = dataDir();
  const id = 'progress-folder';
  const title = 'Carpeta de progreso';
  const probe = join(dir, `.doctor-${process.pid}`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileAtomic(probe, 'prueba\n');
    unlinkSync(probe);
  } catch (error) {
    return {
      id,
      title,
      status: 'failure',
      message: `no puedo escribir en ${dir} (${whyNotWritable(error as NodeJS.ErrnoException)}): tu avance no se guardaría`,
      fix: `Da permiso de escritura a esa carpeta (por ejemplo: chmod u+rwx "${dir}") o elige otra con TALLER_SOCKETS_HOME=/otra/carpeta.`,
      details: { dir, writable: false },
    };
  }
  const state = progressFileState();
  return {
    id,
    title,
    status: state.ok ? 'ok' : 'warning',
    message: `${dir} (se puede escribir); ${state.message}`,
    ...(state.ok ? {} : { fix: 'El próximo comando del taller lo apartará (sin borrarlo) y empezará uno nuevo.' }),
    details: { dir, writable: true, file: progressFile() },
  };
}

function whyNotWritable(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EEXIST':
    case 'ENOTDIR':
      return 'existe, pero no es una carpeta';
    case 'EACCES':
    case 'EPERM':
      return 'no tienes permiso';
    case 'EROFS':
      return 'el disco es de solo lectura';
    case 'ENOSPC':
      return 'el disco está lleno';
    default:
      return error.code ?? error.message;
  }
}

/** Looks at the progress file without touching it (a broken one is only reported here). */
function progressFileState(): { ok: boolean; message: string } {
  let text: string;
  try {
    text = readFileSync(progressFile(), 'utf8');
  } catch {
    return { ok: true, message: 'aún sin progreso guardado' };
  }
  try {
    const data = JSON.parse(text) as { version?: unknown; lessons?: object; exercises?: object };
    if (typeof data.version !== 'number') return { ok: false, message: 'el archivo de progreso no tiene el formato esperado' };
    if (data.version > PROGRESS_VERSION) return { ok: false, message: `el archivo de progreso es de una versión más nueva del taller (formato ${data.version})` };
    const lessons = Object.keys(data.lessons ?? {}).length;
    const exercises = Object.keys(data.exercises ?? {}).length;
    return { ok: true, message: `progreso guardado: ${lessons} ${lessons === 1 ? 'lección empezada' : 'lecciones empezadas'} y ${exercises} ${exercises === 1 ? 'ejercicio empezado' : 'ejercicios empezados'}` };
  } catch {
    return { ok: false, message: 'el archivo de progreso está dañado (no es JSON válido)' };
  }
}

/** Colours, width, TTY: never blocking, but it explains why the menu or the pauses do not appear. */
export async function checkTerminal(): Promise<CheckResult> {
  const interactive = isTerminal(process.stdin) && isTerminal(process.stdout);
  const ci = inCi();
  // Undefined when stdout is not a terminal, whatever the type says.
  const columns = process.stdout.columns as number | undefined;
  const colours = theme.color;
  const why = !colorEnabled() && 'NO_COLOR' in process.env && process.env.NO_COLOR !== '' ? ' (NO_COLOR)' : '';
  const parts = [
    interactive ? 'terminal interactiva' : 'sin terminal interactiva (entrada o salida redirigida)',
    columns ? `${columns} columnas` : 'ancho desconocido',
    colours ? 'con colores' : `sin colores${why}`,
  ];
  if (ci) parts.push('modo CI');
  const narrow = columns !== undefined && columns < 60;
  const status = interactive && !ci && !narrow ? 'ok' : 'warning';
  const fix = !interactive || ci
    ? 'Sin terminal (o con CI=true) no hay menú ni pausas: las lecciones corren de una vez. Abre el taller en una terminal normal para usarlo paso a paso.'
    : narrow
      ? 'Tu terminal es estrecha: ensánchala a 80 columnas o más para ver bien las tablas de sockets.'
      : undefined;
  return {
    id: 'terminal',
    title: 'Terminal',
    status,
    message: parts.join(', '),
    ...(fix ? { fix } : {}),
    details: { stdinTTY: isTerminal(process.stdin), stdoutTTY: isTerminal(process.stdout), columns: columns ?? null, colors: colours, term: process.env.TERM ?? null, ci },
  };
}
