import { OWNER_MARK } from '../../../system/process-group.js';
import { liveProcesses, type ProcessFacts } from '../../../system/proc/processes.js';
import { entriesOf, readSocketTable } from '../../../system/proc/socket-table.js';
import { socketInodesOf } from '../../../system/proc/socket-owners.js';
import { shorten } from './port-owner.js';

/** A process of the workshop that outlived the run that started it. */
export interface Leftover {
  pid: number;
  /** What it is, in Spanish: the Python of a lesson, the holder of a private network, a learner's program. */
  kind: string;
  command: string;
  /** The ports it holds (listening TCP, bound UDP), e.g. "65432/tcp". */
  ports: string[];
  /** It leads its own process group: ending it ends the group. */
  groupLeader: boolean;
}

/** Marks the grader and calificar put on a learner's program (and everything it starts). */
const PROGRAM_MARKS = ['TALLER_SOCKETS_PROGRAMA', 'TALLER_ENVIO'];

let found: Promise<Leftover[]> | undefined;

/**
 * The workshop's own processes left by a run that ended without its cleanup (an older version, or
 * killed while a step held Python busy): Linux only, from /proc. A process is a leftover when the
 * workshop process named in its environment is gone (or is a newer process with the same pid), or,
 * for older runs that did not name it, when a kernel or network holder has lost its Node parent.
 */
export function findLeftovers(): Promise<Leftover[]> {
  found ??= process.platform === 'linux' ? scan() : Promise.resolve([]);
  return found;
}

async function scan(): Promise<Leftover[]> {
  const facts = await liveProcesses('TALLER_');
  const byPid = new Map(facts.map((item) => [item.pid, item]));
  const leftovers: Leftover[] = [];
  for (const item of facts) {
    const kind = workshopKind(item);
    if (!kind || !(await isOrphaned(item, byPid))) continue;
    leftovers.push({ pid: item.pid, kind, command: shorten(item.command), ports: await portsHeldBy(item.pid), groupLeader: item.pgrp === item.pid });
  }
  // A member of a leftover group (a kernel's watchdog, a program's children) ends with its leader: named once.
  const leaders = new Set(leftovers.filter((leftover) => leftover.groupLeader).map((leftover) => leftover.pid));
  return leftovers
    .filter((leftover) => leftover.groupLeader || !leaders.has(byPid.get(leftover.pid)!.pgrp))
    .sort((a, b) => a.pid - b.pid);
}

function workshopKind(item: ProcessFacts): string | undefined {
  if (/[\\/]src[\\/]kernel[\\/]kernel\.py\b/.test(item.command)) return 'el Python de una lección';
  if (/[\\/]src[\\/]net[\\/]netns[\\/]capture\.py\b/.test(item.command)) return 'la red privada de una lección';
  if (PROGRAM_MARKS.some((mark) => item.env.has(mark))) return 'un programa que el taller estaba probando';
  if (item.env.has(OWNER_MARK)) return 'un proceso del taller';
  return undefined;
}

async function isOrphaned(item: ProcessFacts, byPid: Map<number, ProcessFacts>): Promise<boolean> {
  const owner = Number(item.env.get(OWNER_MARK) ?? 0);
  if (owner) {
    if (owner === process.pid) return false;
    const ownerFacts = byPid.get(owner);
    // The same pid, started after our process: the pid was reused, the real owner is gone.
    return !ownerFacts || ownerFacts.startTime > item.startTime;
  }
  // An older run named no owner: its kernels and network holders were started by Node directly.
  const parent = byPid.get(item.ppid);
  if (!parent) return true;
  const parentIsNode = /(^|\/)node$/.test(parent.command.split(' ')[0] ?? '');
  return !parentIsNode && !parent.env.has(OWNER_MARK);
}

/** The ports a process holds for a new bind(): its listening TCP sockets and every bound UDP one. */
async function portsHeldBy(pid: number): Promise<string[]> {
  const inodes = await socketInodesOf([pid]);
  if (!inodes.size) return [];
  const ports = new Set<string>();
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const entry of entriesOf(await readSocketTable(protocol))) {
      if (inodes.has(entry.inode) && (protocol === 'udp' || entry.state === 'LISTEN')) ports.add(`${entry.localPort}/${protocol}`);
    }
  }
  return [...ports];
}

/** Ends these leftovers with their process groups; returns how many were still there. */
export function endLeftovers(leftovers: Leftover[]): number {
  let ended = 0;
  for (const leftover of leftovers) {
    try {
      process.kill(leftover.groupLeader ? -leftover.pid : leftover.pid, 'SIGKILL');
      ended++;
    } catch {
      // Already gone, or not ours.
    }
  }
  return ended;
}

/** "pid 123 (el Python de una lección, con el puerto 65432/tcp)". */
export function describeLeftover(leftover: Leftover): string {
  const ports = leftover.ports.length ? `, con el puerto ${leftover.ports.join(' y ')}` : '';
  return `pid ${leftover.pid} (${leftover.kind}${ports})`;
}

export const END_LEFTOVERS_COMMAND = 'taller-sockets doctor --terminar-restos';
