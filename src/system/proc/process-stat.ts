import { readdirSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';

/** What /proc/<pid>/stat (or /proc/<pid>/task/<tid>/stat) says of one process or thread. */
export interface ProcStat {
  pid: number;
  /** R running, S sleeping, D disk wait, Z zombie, X dead... */
  state: string;
  ppid: number;
  pgrp: number;
  /** User and system CPU time, in clock ticks. */
  cpuTicks: number;
  /** When it started, in clock ticks since boot: a reused pid starts later. */
  startTime: number;
}

/**
 * Parses one stat line. The command name (2nd field) may hold spaces and parentheses, so the
 * fields are counted from its last ')': state ppid pgrp ... utime (14th) stime (15th) ... starttime (22nd).
 */
export function parseStat(pid: number, text: string): ProcStat | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  if (fields.length < 20) return undefined;
  return {
    pid,
    state: fields[0]!,
    ppid: Number(fields[1]),
    pgrp: Number(fields[2]),
    cpuTicks: Number(fields[11]) + Number(fields[12]),
    startTime: Number(fields[19]),
  };
}

/** A zombie holds nothing and vanishes once reaped; a dead one is already gone. */
export function hasEnded(stat: ProcStat | undefined): boolean {
  return !stat || stat.state === 'Z' || stat.state === 'X';
}

export async function readStat(pid: number, tid?: number): Promise<ProcStat | undefined> {
  const file = tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`;
  return parseStat(pid, await readFile(file, 'latin1').catch(() => ''));
}

export function readStatSync(pid: number): ProcStat | undefined {
  try {
    return parseStat(pid, readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}

const isNumber = (entry: string): boolean => /^\d+$/.test(entry);

/** The numeric entries of a /proc folder: the processes (/proc) or the threads (/proc/<pid>/task). */
export async function procEntries(dir = '/proc'): Promise<number[]> {
  return (await readdir(dir).catch(() => [] as string[])).filter(isNumber).map(Number);
}

export function procEntriesSync(dir = '/proc'): number[] {
  try {
    return readdirSync(dir).filter(isNumber).map(Number);
  } catch {
    return []; // no /proc (macOS)
  }
}

/** Every thread of a process, as stat lines (its state and CPU time each). */
export async function threadStats(pid: number): Promise<ProcStat[]> {
  const stats = await Promise.all((await procEntries(`/proc/${pid}/task`)).map((tid) => readStat(pid, tid)));
  return stats.filter((stat): stat is ProcStat => stat !== undefined);
}

/** The program and its arguments on one line (arguments may hold newlines: python -c "..."); its name if it hides them. */
export async function commandLine(pid: number): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const text = raw.split('\0').filter(Boolean).join(' ') || (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?'));
  return text.replace(/\s+/g, ' ').trim();
}

/** The variables of a /proc/<pid>/environ text whose names start with `prefix`. */
export function parseEnviron(text: string, prefix = ''): Map<string, string> {
  const env = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const equals = entry.indexOf('=');
    if (equals > 0 && entry.startsWith(prefix)) env.set(entry.slice(0, equals), entry.slice(equals + 1));
  }
  return env;
}
