import { readdir, readFile } from 'node:fs/promises';

/**
 * The processes of the learner's program: the leader and its descendants still in its process
 * group. Walked through /proc/<pid>/task/<tid>/children (a handful of reads), not by scanning
 * every process of the machine; the scan is only the fallback where that file is missing.
 */
export async function groupPids(pgid: number): Promise<number[]> {
  const viaChildren = await walkChildren(pgid);
  if (viaChildren) return viaChildren;
  const pids = (await readdir('/proc').catch(() => [] as string[])).filter((entry) => /^\d+$/.test(entry)).map(Number);
  const members = await Promise.all(pids.map(async (pid) => ((await processGroup(pid)) === pgid ? pid : undefined)));
  return members.filter((pid): pid is number => pid !== undefined);
}

async function processGroup(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1').catch(() => '');
  if (!stat) return undefined;
  // Fields after the command name (which may hold spaces and parentheses): state ppid pgrp ...
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
}

async function walkChildren(leader: number): Promise<number[] | undefined> {
  if ((await processGroup(leader)) !== leader) return [];
  const found: number[] = [];
  const queue = [leader];
  while (queue.length && found.length < 1000) {
    const pid = queue.shift()!;
    found.push(pid);
    const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[]);
    for (const tid of tasks) {
      const text = await readFile(`/proc/${pid}/task/${tid}/children`, 'latin1').catch(() => undefined);
      if (text === undefined) return pid === leader ? undefined : found;
      for (const child of text.split(' ').filter(Boolean).map(Number)) {
        if ((await processGroup(child)) === leader) queue.push(child);
      }
    }
  }
  return found;
}
