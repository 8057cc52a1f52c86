import { readSocketTable } from '../../../system/proc/socket-table.js';
import { socketHolders } from '../../../system/proc/socket-owners.js';
import { commandLine } from '../../../system/proc/process-stat.js';

/** A socket bound to a port, as the OS lists it (Linux /proc/net). */
interface PortSocket {
  address: string;
  state: string;
  inode: number;
  uid: number;
}

interface PortProcess {
  pid: number;
  /** The program and its arguments, shortened. */
  command: string;
}

export type PortUse =
  | { available: false; reason: string }
  | { available: true; sockets: PortSocket[]; timeWait: number; owners: PortProcess[]; ownersHidden: boolean };

/**
 * Who uses a local port, on Linux: its sockets in /proc/net/{tcp,udp}[6] (inode of each), and the
 * processes holding those inodes among their file descriptors (/proc/<pid>/fd). Other users'
 * processes cannot be inspected without privileges: then `ownersHidden` says so.
 */
export async function portUse(protocol: 'tcp' | 'udp', port: number): Promise<PortUse> {
  if (process.platform !== 'linux') return { available: false, reason: 'no disponible en este sistema (solo Linux lo expone sin privilegios)' };
  const table = await readSocketTable(protocol);
  if (!table.available) return { available: false, reason: `no disponible: no se puede leer /proc/net/${protocol}` };
  const onPort = table.entries.filter((entry) => entry.localPort === port);
  // TIME_WAIT sockets belong to no process (inode 0): they only delay a new bind for a while.
  const timeWait = protocol === 'tcp' ? onPort.filter((entry) => entry.state === 'TIME_WAIT').length : 0;
  const sockets: PortSocket[] = onPort
    .filter((entry) => protocol === 'udp' || entry.state !== 'TIME_WAIT')
    .map((entry) => ({
      address: `${entry.localHost.includes(':') ? `[${entry.localHost}]` : entry.localHost}:${entry.localPort}`,
      state: protocol === 'udp' ? (entry.state === 'ESTABLISHED' ? 'conectado' : 'bind') : entry.state,
      inode: entry.inode,
      uid: entry.uid,
    }));
  if (!sockets.length) return { available: true, sockets, timeWait, owners: [], ownersHidden: false };
  const holders = await socketHolders(new Set(sockets.map((socket) => socket.inode).filter(Boolean)));
  const owners = await Promise.all(holders.pids.map(async (pid) => ({ pid, command: shorten(await commandLine(pid)) })));
  return { available: true, sockets, timeWait, owners, ownersHidden: holders.hidden || owners.length === 0 };
}

/** A command line cut to one short line for a report. */
export function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
