import { readdirSync, readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { readTcpTable } from '../../src/system/proc/socket-table.js';

/**
 * Leak detection from the real process table: every child we start inherits the environment, so
 * a unique marker in it finds our processes (and only ours, even with test files in parallel).
 */
export function leakMarker(): { name: string; value: string; env: NodeJS.ProcessEnv } {
  const value = randomUUID();
  return { name: 'TALLER_SOCKETS_LEAK_MARKER', value, env: { ...process.env, TALLER_SOCKETS_LEAK_MARKER: value } };
}

/** PIDs of live processes whose environment carries the marker (Linux /proc). */
export function processesWithMarker(value: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`, 'latin1');
      const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
      if (/\) Z /.test(stat)) continue; // zombies hold no resources and vanish when reaped
      if (environ.includes(`TALLER_SOCKETS_LEAK_MARKER=${value}`)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

/** Waits (bounded) until no marked process is alive; returns the ones still alive. */
export async function survivingProcesses(value: string, waitMs = 3000): Promise<number[]> {
  const deadline = Date.now() + waitMs;
  let alive = processesWithMarker(value);
  while (alive.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    alive = processesWithMarker(value);
  }
  return alive;
}

/** TCP entries in the OS table on these ports that are listening or connected (not TIME_WAIT). */
export async function openTcpEntries(ports: number[]): Promise<string[]> {
  const table = await readTcpTable();
  if (!table.available) return [];
  return table.entries
    .filter((entry) => ports.includes(entry.localPort) && entry.state !== 'TIME_WAIT')
    .map((entry) => `${entry.localHost}:${entry.localPort} ${entry.state}`);
}
