import { knownUnavailability } from '../net/netns/availability.js';
import { findTool } from '../net/netns/tools.js';
import { succeeds } from '../net/process-group.js';
import { UserError } from '../errors.js';
import { loopbackUpScript } from './loopback.js';

/** How submissions are kept apart from each other and from the machine. */
export type Isolation =
  | {
      kind: 'namespace';
      /** unshare and the flags that give each submission its own network (and PID) namespace. */
      command: string;
      flags: string[];
      /** Its processes die with it even when they leave its process group (setsid, double fork). */
      pidNamespace: boolean;
    }
  | {
      kind: 'ports';
      /** Why there is no private network, in Spanish. */
      reason: string;
    };

export type IsolationRequest = 'auto' | 'red-privada' | 'puertos';

// -r: root inside a user namespace of its own, the only way to get a network namespace without
// being root; --kill-child: if unshare dies, so does everything inside.
const NETWORK_FLAGS = ['-r', '-n', '--kill-child'];
// A PID namespace of its own with its own /proc: the grader reads /proc/<pid> of the program's
// processes, which must be the PIDs it sees.
const PID_FLAGS = ['--pid', '--fork', '--mount-proc'];

/**
 * Chooses the isolation: a private network per submission where Linux allows it (tried for real,
 * once), otherwise distinct ports on the machine's loopback, with the reason.
 */
export async function chooseIsolation(request: IsolationRequest, python: string): Promise<Isolation> {
  if (request === 'puertos') return { kind: 'ports', reason: 'pedido con --aislamiento puertos' };
  const known = knownUnavailability();
  const unshare = findTool('unshare');
  let isolation: Isolation;
  if (known || !unshare) {
    isolation = { kind: 'ports', reason: known ?? 'falta unshare (paquete util-linux)' };
  } else if (await works(unshare, [...NETWORK_FLAGS, ...PID_FLAGS], python)) {
    isolation = { kind: 'namespace', command: unshare, flags: [...NETWORK_FLAGS, ...PID_FLAGS], pidNamespace: true };
  } else if (await works(unshare, ['-r', '-n', '--fork', '--kill-child'], python)) {
    isolation = { kind: 'namespace', command: unshare, flags: ['-r', '-n', '--fork', '--kill-child'], pidNamespace: false };
  } else {
    isolation = { kind: 'ports', reason: 'este sistema no permite crear espacios de nombres de red sin ser administrador' };
  }
  if (request === 'red-privada' && isolation.kind === 'ports') {
    throw new UserError(`No puedo dar a cada entrega su propia red privada: ${isolation.reason}. Usa --aislamiento puertos (más débil) o auto.`);
  }
  return isolation;
}

/** Runs the very thing a worker does first inside the namespace: bring up lo and use it. */
function works(unshare: string, flags: string[], python: string): Promise<boolean> {
  return succeeds(unshare, [...flags, python, '-I', '-S', '-c', loopbackUpScript()]);
}

/** One line for reports: how the submissions were isolated. */
export function describeIsolation(isolation: Isolation): string {
  if (isolation.kind === 'namespace') {
    return isolation.pidNamespace
      ? 'cada entrega en su propia red privada (loopback propio, sin acceso a la red) y con sus propios procesos'
      : 'cada entrega en su propia red privada (loopback propio, sin acceso a la red)';
  }
  return `más débil: sin red privada (${isolation.reason}); cada entrega usa un puerto distinto del loopback de esta máquina y puede alcanzar la red`;
}
