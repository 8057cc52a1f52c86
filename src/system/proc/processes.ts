import { readdir, readFile } from 'node:fs/promises';

/**
 * The processes of the learner's program: the leader and every descendant, including children
 * that left its process group with os.setsid() (they are still the program's, and may hold its
 * listening socket). Walked through /proc/<pid>/task/<tid>/children (a handful of reads) where
 * the kernel has that file; elsewhere one pass over /proc/<pid>/stat (parent and group of each).
 */
export async function groupPids(leader: number): Promise<number[]> {
  const viaChildren = await walkChildren(leader);
  if (viaChildren) return viaChildren;
  return scanDescendants(leader);
}

interface ProcStat {
  pid: number;
  state: string;
  ppid: number;
  pgrp: number;
}

async function readStat(pid: number): Promise<ProcStat | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp ...
  const [state, ppid, pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: state!, ppid: Number(ppid), pgrp: Number(pgrp) };
}

async function numericEntries(dir: string): Promise<number[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry)).map(Number);
}

async function scanDescendants(leader: number): Promise<number[]> {
  const stats = (await Promise.all((await numericEntries('/proc')).map(readStat))).filter((stat): stat is ProcStat => stat !== undefined);
  const children = new Map<number, number[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat.pid]);
  const found = new Set(stats.filter((stat) => stat.pgrp === leader).map((stat) => stat.pid));
  const queue = stats.some((stat) => stat.pid === leader) ? [leader] : [];
  while (queue.length && found.size < 1000) {
    const pid = queue.shift()!;
    found.add(pid);
    queue.push(...(children.get(pid) ?? []).filter((child) => !found.has(child)));
  }
  return [...found];
}

async function walkChildren(leader: number): Promise<number[] | undefined> {
  if ((await readStat(leader))?.pgrp !== leader) return [];
  const found: number[] = [];
  const queue = [leader];
  while (queue.length && found.length < 1000) {
    const pid = queue.shift()!;
    found.push(pid);
    for (const tid of await numericEntries(`/proc/${pid}/task`)) {
      const text = await readFile(`/proc/${pid}/task/${tid}/children`, 'latin1').catch(() => undefined);
      if (text === undefined) return pid === leader ? undefined : found;
      queue.push(...text.split(' ').filter(Boolean).map(Number));
    }
  }
  return found;
}

/**
 * Live processes whose environment holds `name=value` (Linux /proc; [] elsewhere). A mark in the
 * environment is inherited by everything the program starts, whatever it does with its process
 * group or parent: it finds what escaped both (setsid() and the leader gone, a double fork).
 */
export async function markedPids(name: string, value: string): Promise<number[]> {
  const needle = `${name}=${value}\0`;
  const pids = await Promise.all(
    (await numericEntries('/proc')).map(async (pid) => {
      if (pid === process.pid) return undefined;
      const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
      if (!environ.includes(needle)) return undefined;
      // A zombie holds nothing and vanishes once reaped.
      return (await readStat(pid))?.state === 'Z' ? undefined : pid;
    }),
  );
  return pids.filter((pid): pid is number => pid !== undefined);
}

/** SIGKILL to every process carrying the mark, again until none is left (a bounded number of rounds). */
export async function killMarked(name: string, value: string): Promise<number> {
  let killed = 0;
  for (let round = 0; round < 10; round++) {
    const pids = await markedPids(name, value);
    if (!pids.length) break;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
        killed++;
      } catch {
        // gone meanwhile
      }
    }
  }
  return killed;
}
