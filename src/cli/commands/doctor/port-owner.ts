import { readdir, readFile, readlink } from 'node:fs/promises';
import { parseProcNetTcp } from '../../../system/proc/socket-table.js';

/** A socket bound to a port, as the OS lists it (Linux /proc/net). */
interface PortSocket {
  address: string;
  state: string;
  inode: number;
  uid: number;
}

interface PortProcess {
  pid: number;
  /** The program and its arguments, shortened. */
  command: string;
}

export type PortUse =
  | { available: false; reason: string }
  | { available: true; sockets: PortSocket[]; timeWait: number; owners: PortProcess[]; ownersHidden: boolean };

/**
 * Who uses a local port, on Linux: its sockets in /proc/net/{tcp,udp}[6] (inode of each), and the
 * processes holding those inodes among their file descriptors (/proc/<pid>/fd). Other users'
 * processes cannot be inspected without privileges: then `ownersHidden` says so.
 */
export async function portUse(protocol: 'tcp' | 'udp', port: number): Promise<PortUse> {
  if (process.platform !== 'linux') return { available: false, reason: 'no disponible en este sistema (solo Linux lo expone sin privilegios)' };
  const files = await Promise.all([`/proc/net/${protocol}`, `/proc/net/${protocol}6`].map((file) => readFile(file, 'utf8').catch(() => undefined)));
  if (files.every((text) => text === undefined)) return { available: false, reason: `no disponible: no se puede leer /proc/net/${protocol}` };
  const sockets: PortSocket[] = [];
  let timeWait = 0;
  for (const text of files) {
    if (!text) continue;
    for (const line of text.split('\n').slice(1)) {
      const entry = parseProcNetTcp(`cabecera\n${line}`)[0];
      if (!entry || entry.localPort !== port) continue;
      const fields = line.trim().split(/\s+/);
      const inode = Number(fields[9] ?? 0);
      // TIME_WAIT sockets belong to no process (inode 0): they only delay a new bind for a while.
      if (protocol === 'tcp' && entry.state === 'TIME_WAIT') {
        timeWait++;
        continue;
      }
      sockets.push({
        address: `${entry.localHost.includes(':') ? `[${entry.localHost}]` : entry.localHost}:${entry.localPort}`,
        state: protocol === 'udp' ? (entry.state === 'ESTABLISHED' ? 'conectado' : 'bind') : entry.state,
        inode,
        uid: Number(fields[7] ?? -1),
      });
    }
  }
  if (!sockets.length) return { available: true, sockets, timeWait, owners: [], ownersHidden: false };
  const { owners, hidden } = await processesHolding(new Set(sockets.map((socket) => socket.inode).filter(Boolean)));
  return { available: true, sockets, timeWait, owners, ownersHidden: hidden || owners.length === 0 };
}

async function processesHolding(inodes: Set<number>): Promise<{ owners: PortProcess[]; hidden: boolean }> {
  const owners: PortProcess[] = [];
  let hidden = false;
  const pids = (await readdir('/proc')).filter((name) => /^\d+$/.test(name));
  await Promise.all(
    pids.map(async (pid) => {
      let fds: string[];
      try {
        fds = await readdir(`/proc/${pid}/fd`);
      } catch (error) {
        // Gone meanwhile (ENOENT) is nothing; not allowed to look (another user's) hides an owner.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') hidden = true;
        return;
      }
      for (const fd of fds) {
        const target = await readlink(`/proc/${pid}/fd/${fd}`).catch(() => '');
        const match = /^socket:\[(\d+)\]$/.exec(target);
        if (match && inodes.has(Number(match[1]))) {
          owners.push({ pid: Number(pid), command: await commandLine(pid) });
          return;
        }
      }
    }),
  );
  return { owners: owners.sort((a, b) => a.pid - b.pid), hidden };
}

async function commandLine(pid: string): Promise<string> {
  const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  // Arguments may hold newlines (python -c "..."): one line, whatever they contain.
  const text = (raw.split('\0').filter(Boolean).join(' ') || (await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '?'))).replace(/\s+/g, ' ').trim();
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
