import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILT_CLI, ROOT, tempHome } from '../helpers/cli.js';
import { readTcpTable, type SocketEntry } from '../../src/system/proc/socket-table.js';
import { delay } from '../../src/system/delay.js';

export const FAULT_LESSONS = join(ROOT, 'test', 'fixtures', 'lessons-faults');

/** The CLI started for real (no TTY), to be killed or signalled while it runs. */
export interface RunningCli {
  child: ChildProcess;
  /** Everything written so far. */
  output: () => string;
  /** Resolves when the output contains `text`; rejects after `limitMs`. */
  waitFor: (text: string, limitMs?: number) => Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Its own temporary folder (TMPDIR): whatever is left in it after the end is a leak. */
  tmp: string;
}

export function startCli(args: string[], env: NodeJS.ProcessEnv = {}): RunningCli {
  const tmp = mkdtempSync(join(tmpdir(), 'taller-sockets-fallos-tmp-'));
  const child = spawn(process.execPath, [BUILT_CLI, ...args], {
    cwd: ROOT,
    env: { ...process.env, TALLER_SOCKETS_HOME: tempHome(), CI: 'true', NO_COLOR: '1', TMPDIR: tmp, ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let text = '';
  const waiters: Array<() => void> = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.setEncoding('utf8').on('data', (chunk: string) => {
      text += chunk;
      for (const waiter of waiters.splice(0)) waiter();
    });
  }
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const waitFor = (needle: string, limitMs = 30_000): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        // A failed wait must not leave the CLI (and its Pythons) running: SIGTERM lets it end its groups.
        child.kill('SIGTERM');
        reject(new Error(`«${needle}» not seen in ${limitMs} ms:\n${text}`));
      }, limitMs);
      const look = (): void => {
        if (text.includes(needle)) {
          clearTimeout(timer);
          resolve();
        } else waiters.push(look);
      };
      look();
      void exited.then(() => {
        if (!text.includes(needle)) {
          clearTimeout(timer);
          reject(new Error(`the CLI ended before «${needle}»:\n${text}`));
        }
      });
    });
  return { child, output: () => text, waitFor, exited, tmp };
}

/** What is left in a folder (a temp folder that should be empty). */
export function leftIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

/** TCP entries (Linux /proc) on a local port, with their state. */
export async function tcpEntriesOn(port: number): Promise<SocketEntry[]> {
  const table = await readTcpTable();
  if (!table.available) return [];
  return table.entries.filter((entry) => entry.localPort === port || entry.remotePort === port);
}

/** Polls (bounded) until `condition` holds; returns whether it did. */
export async function eventually(condition: () => boolean | Promise<boolean>, limitMs: number, everyMs = 20): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    if (await condition()) return true;
    if (Date.now() > deadline) return false;
    await delay(everyMs);
  }
}
