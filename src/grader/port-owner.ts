import type { Transport } from './port-choice.js';
import { groupPids, markedPids } from '../system/proc/processes.js';
import { procEntries } from '../system/proc/process-stat.js';
import { socketInodesOf } from '../system/proc/socket-owners.js';
import { readProcSockets, type BoundSocket, type ProgramMark } from './learner-sockets.js';

/**
 * Who holds the port the grader reached: the learner's program, another process, or nobody we
 * can see. Decided from what the OS says about sockets, never from "no listening socket is left":
 * a one-client server may accept our connection and close its listening socket before we look,
 * and still be the one we talk to (it holds the accepted connection). Only a socket on the port
 * held by a process outside the program's tree (and its marked escapees) makes it 'other'.
 */
export type PortOwner = 'learner' | 'other' | 'unknown';

/** The sockets on `port` that speak for whoever serves it: its listener, and our connection's other end. */
export function socketsServingPort(sockets: BoundSocket[], port: number, transport: Transport, peerPort?: number): BoundSocket[] {
  return sockets.filter(
    (socket) =>
      socket.port === port &&
      (transport === 'udp' || socket.state === 'LISTEN' || (peerPort !== undefined && socket.remotePort === peerPort)),
  );
}

/** Pure: given the sockets on the port, the learner's inodes and the inodes other processes hold. */
export function judgeOwner(serving: BoundSocket[], learnerInodes: Set<number>, othersInodes: Set<number>): PortOwner {
  if (serving.some((socket) => learnerInodes.has(socket.inode))) return 'learner';
  if (serving.some((socket) => othersInodes.has(socket.inode))) return 'other';
  return 'unknown';
}

export interface OwnerQuery {
  transport: Transport;
  port: number;
  /** The learner's process group leader, and the mark its processes carry. */
  pgid: number;
  mark: ProgramMark;
  /** TCP: our end of the connection, to recognise the accepted socket. */
  peerPort?: number;
}

/** Linux /proc; 'unknown' elsewhere. Scans other processes only when the learner holds nothing on the port. */
export async function portOwner(query: OwnerQuery): Promise<PortOwner> {
  const sockets = await readProcSockets(query.transport);
  if (!sockets) return 'unknown';
  const serving = socketsServingPort(sockets, query.port, query.transport, query.peerPort);
  if (!serving.length) return 'unknown';
  const learnerPids = await programPids(query.pgid, query.mark);
  const learnerInodes = await socketInodesOf([...learnerPids]);
  if (judgeOwner(serving, learnerInodes, new Set()) === 'learner') return 'learner';
  // The grader's own process counts too (a test may hold the port in it): our end of the connection is on another port.
  const others = (await procEntries()).filter((pid) => !learnerPids.has(pid));
  const othersInodes = await socketInodesOf(others);
  // The program may have accepted meanwhile (the socket moved from the queue to one of its fds): look again.
  return judgeOwner(serving, await socketInodesOf([...(await programPids(query.pgid, query.mark))]), othersInodes);
}

async function programPids(pgid: number, mark: ProgramMark): Promise<Set<number>> {
  const [group, marked] = await Promise.all([groupPids(pgid), markedPids(mark.name, mark.value)]);
  return new Set([...group, ...marked]);
}

/**
 * Which of the program's processes hold the server's end of one connection (Linux): a forking
 * server whose parent keeps its copy of conn never lets the connection close. Undefined when the
 * OS does not tell.
 */
export async function connectionHolders(query: Omit<OwnerQuery, 'transport'> & { peerPort: number }): Promise<{ byLeader: boolean; holders: number; processes: number } | undefined> {
  const sockets = await readProcSockets('tcp');
  const socket = sockets?.find((entry) => entry.port === query.port && entry.remotePort === query.peerPort);
  if (!socket) return undefined;
  const pids = [...(await programPids(query.pgid, query.mark))];
  const holding = (await Promise.all(pids.map(async (pid) => ((await socketInodesOf([pid])).has(socket.inode) ? pid : undefined)))).filter(
    (pid): pid is number => pid !== undefined,
  );
  return { byLeader: holding.includes(query.pgid), holders: holding.length, processes: (await groupPids(query.pgid)).length };
}
