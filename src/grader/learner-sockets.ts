import { readdir, readFile, readlink } from 'node:fs/promises';
import { groupPids, markedPids } from '../system/proc/processes.js';
import { decodeEndpoint } from '../system/proc/socket-table.js';

/**
 * The sockets the learner's program really holds, from the OS (Linux /proc): where it listens
 * (TCP) or is bound (UDP). Used to tell a learner "you listen on X, not on Y", to be sure we
 * talk to the learner's program and not to a stranger on the same port, and, for UDP servers,
 * to know when the port is bound without sending a datagram the program would consume.
 * Elsewhere the answer is `undefined` (unknown), never a guess.
 */
export interface BoundSocket {
  protocol: 'tcp' | 'udp';
  host: string;
  port: number;
  /** The other end's port (0 for a listening or unconnected socket). */
  remotePort: number;
  state: string;
  inode: number;
}

const LISTEN = '0A';
/** For UDP, /proc shows 07 (CLOSE) for a bound, unconnected socket, 01 once connected. */

export async function readProcSockets(protocol: 'tcp' | 'udp'): Promise<BoundSocket[] | undefined> {
  if (process.platform !== 'linux') return undefined;
  const texts = await Promise.all(
    [`/proc/net/${protocol}`, `/proc/net/${protocol}6`].map((file) => readFile(file, 'utf8').catch(() => undefined)),
  );
  if (texts.every((text) => text === undefined)) return undefined;
  const sockets: BoundSocket[] = [];
  for (const text of texts) {
    for (const line of (text ?? '').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const [host, port] = decodeEndpoint(fields[1]!);
      const [, remotePort] = decodeEndpoint(fields[2]!);
      sockets.push({ protocol, host, port, remotePort, state: fields[3]!, inode: Number(fields[9]) });
    }
  }
  return sockets;
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
  const inodes = new Set<number>();
  const pids = new Set(await groupPids(pgid));
  if (mark) for (const pid of await markedPids(mark.name, mark.value)) pids.add(pid);
  for (const inode of await socketInodesOf([...pids])) inodes.add(inode);
  return inodes;
}

/** Socket inodes held by the processes `pids` (Linux /proc). */
export async function socketInodesOf(pids: number[]): Promise<Set<number>> {
  const inodes = new Set<number>();
  await Promise.all(
    pids.map(async (pid) => {
      const fds = await readdir(`/proc/${pid}/fd`).catch(() => [] as string[]);
      await Promise.all(
        fds.map(async (fd) => {
          const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
          const match = /^socket:\[(\d+)\]$/.exec(target);
          if (match) inodes.add(Number(match[1]));
        }),
      );
    }),
  );
  return inodes;
}

/** Where the program's group listens (TCP) or is bound (UDP); undefined off Linux. */
export async function learnerBoundSockets(pgid: number, protocol: 'tcp' | 'udp', mark?: ProgramMark): Promise<BoundSocket[] | undefined> {
  const sockets = await readProcSockets(protocol);
  if (!sockets) return undefined;
  const inodes = await groupSocketInodes(pgid, mark);
  return sockets.filter(
    (socket) => inodes.has(socket.inode) && (protocol === 'udp' || socket.state === LISTEN) && socket.port !== 0,
  );
}

/** Entries of the OS TCP table on a local port, by state (Linux); used to avoid ports in TIME_WAIT. */
export async function tcpEntriesOnPort(port: number): Promise<string[] | undefined> {
  const sockets = await readProcSockets('tcp');
  if (!sockets) return undefined;
  return sockets.filter((socket) => socket.port === port).map((socket) => socket.state);
}

export const TCP_TIME_WAIT = '06';
