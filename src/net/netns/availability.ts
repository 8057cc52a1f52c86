import { NetnsError } from './namespace-host.js';
import { PrivateNetwork, planHosts } from './private-network.js';
import { findTool } from '../../system/find-tool.js';

export interface Availability {
  available: boolean;
  /** Why not, in Spanish, for the learner. */
  reason?: string;
}

/** Setting this variable to 0 turns private networks off (to see, or test, what other systems show). */
export const NETNS_SWITCH = 'TALLER_SOCKETS_NETNS';

let onePrivateHost: Promise<Availability> | undefined;
let twoPrivateHosts: Promise<Availability> | undefined;

/** Reasons known without trying: the OS, the switch, missing tools. */
export function knownUnavailability(): string | undefined {
  if (process.env[NETNS_SWITCH] === '0') return `desactivado con ${NETNS_SWITCH}=0`;
  if (process.platform !== 'linux') {
    const system = process.platform === 'darwin' ? 'macOS' : process.platform === 'win32' ? 'Windows' : process.platform;
    return `${system} no tiene espacios de nombres de red: solo Linux permite crear una red privada sin ser administrador`;
  }
  if (!findTool('unshare') || !findTool('nsenter')) return 'faltan unshare/nsenter (paquete util-linux)';
  return undefined;
}

/** Tries for real, once per process: a private namespace whose packets we can read, then gone. */
async function tryNetwork(hosts: string[]): Promise<Availability> {
  const reason = knownUnavailability();
  if (reason) return { available: false, reason };
  try {
    const network = await PrivateNetwork.open(planHosts(hosts));
    network.close();
    return { available: true };
  } catch (error) {
    return { available: false, reason: error instanceof NetnsError ? error.message : `no se pudo crear la red privada (${(error as Error).message})` };
  }
}

/** Whether the packets view can work here: a private network namespace with a packet capture. For `doctor`. */
export function packetsAvailability(): Promise<Availability> {
  onePrivateHost ??= tryNetwork(['A']);
  return onePrivateHost;
}

/** Whether lessons can place actors on two hosts joined by a virtual cable. */
export function twoHostsAvailability(): Promise<Availability> {
  twoPrivateHosts ??= packetsAvailability().then((one) => (one.available ? tryNetwork(['A', 'B']) : one));
  return twoPrivateHosts;
}
