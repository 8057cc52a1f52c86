import { readdir, readFile, readlink } from 'node:fs/promises';
import { OWNER_MARK } from '../../../system/process-group.js';

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

interface ProcessFacts {
  pid: number;
  ppid: number;
  pgid: number;
  startTime: number;
  command: string;
  env: Map<string, string>;
}

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
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((name) => /^\d+$/.test(name)).map(Number);
  const facts = (await Promise.all(pids.filter((pid) => pid !== process.pid).map(readFacts))).filter((item): item is ProcessFacts => item !== undefined);
  const byPid = new Map(facts.map((item) => [item.pid, item]));
  const leftovers: Leftover[] = [];
  for (const item of facts) {
    const kind = workshopKind(item);
    if (!kind || !(await isOrphaned(item, byPid))) continue;
    leftovers.push({ pid: item.pid, kind, command: shorten(item.command), ports: await portsHeldBy(item.pid), groupLeader: item.pgid === item.pid });
  }
  // A member of a leftover group (a kernel's watchdog, a program's children) ends with its leader: named once.
  const leaders = new Set(leftovers.filter((leftover) => leftover.groupLeader).map((leftover) => leftover.pid));
  return leftovers
    .filter((leftover) => leftover.groupLeader || !leaders.has(byPid.get(leftover.pid)!.pgid))
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

async function readFacts(pid: number): Promise<ProcessFacts | undefined> {
  try {
    const [stat, cmdline, environ] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'latin1'),
      readFile(`/proc/${pid}/cmdline`, 'utf8'),
      readFile(`/proc/${pid}/environ`, 'utf8').catch(() => ''),
    ]);
    // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp ... starttime (22nd).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined; // ended, holds nothing
    const env = new Map<string, string>();
    for (const entry of environ.split('\0')) {
      const equals = entry.indexOf('=');
      if (equals > 0 && entry.startsWith('TALLER_')) env.set(entry.slice(0, equals), entry.slice(equals + 1));
    }
    return {
      pid,
      ppid: Number(fields[1]),
      pgid: Number(fields[2]),
      startTime: Number(fields[19]),
      command: cmdline.split('\0').filter(Boolean).join(' '),
      env,
    };
  } catch {
    return undefined; // gone meanwhile, or not ours to read
  }
}

async function portsHeldBy(pid: number): Promise<string[]> {
  const inodes = new Set<string>();
  for (const fd of await readdir(`/proc/${pid}/fd`).catch(() => [] as string[])) {
    const match = /^socket:\[(\d+)\]$/.exec(await readlink(`/proc/${pid}/fd/${fd}`).catch(() => ''));
    if (match) inodes.add(match[1]!);
  }
  if (!inodes.size) return [];
  const ports = new Set<string>();
  for (const protocol of ['tcp', 'udp'] as const) {
    for (const file of [`/proc/net/${protocol}`, `/proc/net/${protocol}6`]) {
      const text = await readFile(file, 'utf8').catch(() => '');
      for (const line of text.split('\n').slice(1)) {
        const fields = line.trim().split(/\s+/);
        // TCP: only listening sockets (state 0A) hold a port for a new bind(); UDP: every bound one.
        if (fields.length < 10 || !inodes.has(fields[9]!) || (protocol === 'tcp' && fields[3] !== '0A')) continue;
        ports.add(`${parseInt(fields[1]!.split(':')[1] ?? '0', 16)}/${protocol}`);
      }
    }
  }
  return [...ports];
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
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
