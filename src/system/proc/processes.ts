import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { commandLine, hasEnded, parseEnviron, procEntries, procEntriesSync, readStat, readStatSync, type ProcStat } from './process-stat.js';

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

async function scanDescendants(leader: number): Promise<number[]> {
  const stats = (await Promise.all((await procEntries()).map((pid) => readStat(pid)))).filter((stat): stat is ProcStat => stat !== undefined);
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
    for (const tid of await procEntries(`/proc/${pid}/task`)) {
      const text = await readFile(`/proc/${pid}/task/${tid}/children`, 'latin1').catch(() => undefined);
      if (text === undefined) return pid === leader ? undefined : found;
      queue.push(...text.split(' ').filter(Boolean).map(Number));
    }
  }
  return found;
}

const markNeedle = (name: string, value: string): string => `${name}=${value}\0`;

/**
 * Live processes whose environment holds `name=value` (Linux /proc; [] elsewhere), never this one.
 * A mark in the environment is inherited by everything the program starts, whatever it does with
 * its process group or parent: it finds what escaped both (setsid() and the leader gone, a double fork).
 */
export async function markedPids(name: string, value: string): Promise<number[]> {
  const needle = markNeedle(name, value);
  const pids = await Promise.all(
    (await procEntries()).map(async (pid) => {
      if (pid === process.pid) return undefined;
      const environ = await readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '');
      if (!environ.includes(needle)) return undefined;
      return hasEnded(await readStat(pid)) ? undefined : pid;
    }),
  );
  return pids.filter((pid): pid is number => pid !== undefined);
}

/** The same, at once: for exit paths and checks that cannot wait for the event loop. */
export function markedPidsSync(name: string, value: string): number[] {
  const needle = markNeedle(name, value);
  return procEntriesSync().filter((pid) => {
    if (pid === process.pid) return false;
    try {
      return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(needle) && !hasEnded(readStatSync(pid));
    } catch {
      return false; // ended while we looked, or not ours to read
    }
  });
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

/** One live process as a whole: its stat, its command line and the variables of its environment named with `envPrefix`. */
export interface ProcessFacts extends ProcStat {
  command: string;
  env: Map<string, string>;
}

/** Every live process we may read (not this one), with its facts. */
export async function liveProcesses(envPrefix: string): Promise<ProcessFacts[]> {
  const facts = await Promise.all(
    (await procEntries()).filter((pid) => pid !== process.pid).map(async (pid): Promise<ProcessFacts | undefined> => {
      const [stat, command, environ] = await Promise.all([readStat(pid), commandLine(pid), readFile(`/proc/${pid}/environ`, 'latin1').catch(() => '')]);
      if (!stat || hasEnded(stat)) return undefined;
      return { ...stat, command, env: parseEnviron(environ, envPrefix) };
    }),
  );
  return facts.filter((item): item is ProcessFacts => item !== undefined);
}
