import { knownUnavailability } from '../net/netns/availability.js';
import { findTool } from '../system/find-tool.js';
import { succeeds } from '../system/run-captured.js';
import { UserError } from '../errors.js';
import { findSandbox, pythonInstallPaths, sandboxOptions } from '../system/sandbox/bubblewrap.js';
import { loopbackUpScript } from './loopback.js';
import { privateNetworkFlags, PROCESS_ONLY_FLAGS } from './namespace-flags.js';
import type { SandboxUse } from './submission-folder.js';

/** A command (unshare and its flags) that puts a grading worker in namespaces of its own. */
export interface Namespaces {
  command: string;
  flags: string[];
}

/** What, besides the network, keeps a program apart: bubblewrap around it, or why not. */
interface SandboxChoice {
  sandbox?: SandboxUse;
  /** Why there is no sandbox, in Spanish. */
  sandboxReason?: string;
}

/** How submissions are kept apart from each other and from the machine. */
export type Isolation = SandboxChoice &
  (
    | ({
        kind: 'namespace';
        /** Its processes die with it even when they leave its process group (setsid, double fork). */
        pidNamespace: boolean;
      } & Namespaces)
    | {
        kind: 'ports';
        /** Why there is no private network, in Spanish. */
        reason: string;
        /** Without a private network, still a PID namespace where possible: then no submission can see or signal the grader. */
        processes?: Namespaces;
      }
  );

export type IsolationRequest = 'auto' | 'red-privada' | 'puertos';

/**
 * Chooses the isolation: a private network per submission where Linux allows it (tried for real,
 * once), otherwise distinct ports on the machine's loopback, with the reason; and bubblewrap
 * around each program where it is installed and works inside that.
 */
export async function chooseIsolation(request: IsolationRequest, python: string, { sandbox = true } = {}): Promise<Isolation> {
  const network = await chooseNetwork(request, python);
  if (request === 'red-privada' && network.kind === 'ports') {
    throw new UserError(`No puedo dar a cada entrega su propia red privada: ${network.reason}. Usa --aislamiento puertos (más débil) o auto.`);
  }
  if (!sandbox) return { ...network, sandboxReason: 'contenido propio, no entregas' };
  return { ...network, ...(await chooseSandbox(network, python)) };
}

async function chooseNetwork(request: IsolationRequest, python: string): Promise<Isolation> {
  const known = knownUnavailability();
  const unshare = findTool('unshare');
  const processesOnly = async (reason: string): Promise<Isolation> => {
    const processes =
      !known && unshare && (await succeeds(unshare, [...PROCESS_ONLY_FLAGS, python, '-I', '-S', '-c', 'pass'])) ? { command: unshare, flags: PROCESS_ONLY_FLAGS } : undefined;
    return { kind: 'ports', reason, processes };
  };
  if (request === 'puertos') return processesOnly('pedido con --aislamiento puertos');
  if (known || !unshare) return { kind: 'ports', reason: known ?? 'falta unshare (paquete util-linux)' };
  for (const pid of [true, false]) {
    const flags = privateNetworkFlags(unshare, { pid });
    if (await works(unshare, flags, python)) return { kind: 'namespace', command: unshare, flags, pidNamespace: pid };
  }
  return processesOnly('este sistema no permite crear espacios de nombres de red sin ser administrador');
}

/** Runs the very thing a worker does first inside the namespace: bring up lo and use it. */
function works(unshare: string, flags: string[], python: string): Promise<boolean> {
  return succeeds(unshare, [...flags, python, '-I', '-S', loopbackUpScript()]);
}

/** bubblewrap, tried for real where the workers will run it (inside their namespaces). */
async function chooseSandbox(network: Isolation, python: string): Promise<SandboxChoice> {
  const tool = await findSandbox();
  if (tool.kind === 'none') return { sandboxReason: tool.reason };
  const readOnly = await pythonInstallPaths(python);
  const probe = sandboxOptions({ writableRoot: '/tmp/taller-sockets-prueba', capBytes: 1 << 20, dirs: [], readOnly, env: {}, chdir: '/tmp' });
  const outer = network.kind === 'namespace' ? network : network.processes;
  const command = [...(outer ? [outer.command, ...outer.flags] : []), tool.command, ...probe, '--', python, '-I', '-S', '-c', 'pass'];
  if (!(await succeeds(command[0]!, command.slice(1)))) return { sandboxReason: 'bubblewrap está instalado pero no funciona aquí' };
  return { sandbox: { command: tool.command, readOnly } };
}

/** One line for reports: how the submissions were isolated. */
export function describeIsolation(isolation: Isolation): string {
  let network: string;
  if (isolation.kind === 'namespace') {
    network = isolation.pidNamespace
      ? 'cada entrega en su propia red privada (loopback propio, sin acceso a la red) y con sus propios procesos'
      : 'cada entrega en su propia red privada (loopback propio, sin acceso a la red)';
  } else {
    network = `más débil: sin red privada (${isolation.reason}); cada entrega usa un puerto distinto del loopback de esta máquina y puede alcanzar la red`;
    if (isolation.processes) network += ', pero con sus propios procesos';
  }
  const sandbox = isolation.sandbox
    ? 'aislada con bubblewrap (sistema de solo lectura, solo su copia escribible y con tope de tamaño, /tmp y carpeta personal propias, sin ver tus archivos ni los sockets Unix de la máquina)'
    : `sin bubblewrap (${isolation.sandboxReason ?? 'no pedido'}): el programa puede leer y escribir tus archivos`;
  return `${network}; ${sandbox}`;
}

/** The namespaces a worker runs in, if any. */
export function workerNamespaces(isolation: Isolation): Namespaces | undefined {
  return isolation.kind === 'namespace' ? isolation : isolation.processes;
}
