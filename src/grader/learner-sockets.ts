import { groupPids, markedPids } from '../system/proc/processes.js';
import { readSocketTable, type SocketEntry, type SocketProtocol, type SocketState } from '../system/proc/socket-table.js';
import { socketInodesOf } from '../system/proc/socket-owners.js';

/**
 * The sockets the learner's program really holds, from the OS (Linux /proc): where it listens
 * (TCP) or is bound (UDP). Used to tell a learner "you listen on X, not on Y", to be sure we
 * talk to the learner's program and not to a stranger on the same port, and, for UDP servers,
 * to know when the port is bound without sending a datagram the program would consume.
 * Elsewhere the answer is `undefined` (unknown), never a guess.
 */
export interface BoundSocket {
  protocol: SocketProtocol;
  host: string;
  port: number;
  /** The other end's port (0 for a listening or unconnected socket). */
  remotePort: number;
  state: SocketState;
  inode: number;
}

/** A table entry seen from the program's side: where it is (host, port) and whom it talks to. */
function asBound(entry: SocketEntry): BoundSocket {
  return { protocol: entry.protocol, host: entry.localHost, port: entry.localPort, remotePort: entry.remotePort, state: entry.state, inode: entry.inode };
}

export async function readProcSockets(protocol: SocketProtocol): Promise<BoundSocket[] | undefined> {
  const table = await readSocketTable(protocol);
  return table.available ? table.entries.map(asBound) : undefined;
}

/** A mark in the environment of every process of the program (see LearnerProcess). */
export interface ProgramMark {
  name: string;
  value: string;
}

/**
 * Socket inodes held by every process of the group `pgid` (the learner's program and its
 * children); with `mark`, also by its processes that left the tree (a setsid() child whose
 * parent has ended), at the cost of reading every process's environment.
 */
async function groupSocketInodes(pgid: number, mark?: ProgramMark): Promise<Set<number>> {
  const pids = new Set(await groupPids(pgid));
  if (mark) for (const pid of await markedPids(mark.name, mark.value)) pids.add(pid);
  return socketInodesOf([...pids]);
}

/** Where the program's group listens (TCP) or is bound (UDP); undefined off Linux. */
export async function learnerBoundSockets(pgid: number, protocol: SocketProtocol, mark?: ProgramMark): Promise<BoundSocket[] | undefined> {
  const sockets = await readProcSockets(protocol);
  if (!sockets) return undefined;
  const inodes = await groupSocketInodes(pgid, mark);
  return sockets.filter(
    (socket) => inodes.has(socket.inode) && (protocol === 'udp' || socket.state === 'LISTEN') && socket.port !== 0,
  );
}

/** Entries of the OS TCP table on a local port, by state (Linux); used to avoid ports in TIME_WAIT. */
export async function tcpEntriesOnPort(port: number): Promise<SocketState[] | undefined> {
  const sockets = await readProcSockets('tcp');
  if (!sockets) return undefined;
  return sockets.filter((socket) => socket.port === port).map((socket) => socket.state);
}

