import { randomUUID } from 'node:crypto';
import { markedPidsSync } from '../../src/system/proc/processes.js';
import { readTcpTable } from '../../src/system/proc/socket-table.js';
import { delay } from '../../src/system/delay.js';

const LEAK_MARKER = 'TALLER_SOCKETS_LEAK_MARKER';

/**
 * Leak detection from the real process table: every child we start inherits the environment, so
 * a unique marker in it finds our processes (and only ours, even with test files in parallel).
 */
export function leakMarker(): { name: string; value: string; env: NodeJS.ProcessEnv } {
  const value = randomUUID();
  return { name: LEAK_MARKER, value, env: { ...process.env, [LEAK_MARKER]: value } };
}

/** PIDs of live processes whose environment carries the marker (Linux /proc; zombies hold nothing and are left out). */
export function processesWithMarker(value: string): number[] {
  return markedPidsSync(LEAK_MARKER, value);
}

/** Waits (bounded) until no marked process is alive; returns the ones still alive. */
export async function survivingProcesses(value: string, waitMs = 3000): Promise<number[]> {
  const deadline = Date.now() + waitMs;
  let alive = processesWithMarker(value);
  while (alive.length && Date.now() < deadline) {
    await delay(50);
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
