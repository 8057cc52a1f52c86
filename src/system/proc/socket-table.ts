import { readFile } from 'node:fs/promises';

/** TCP connection states as Linux numbers them in /proc/net/tcp (include/net/tcp_states.h). */
const LINUX_STATES = [
  '', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
  'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV',
] as const;

export interface TcpEntry {
  localHost: string;
  localPort: number;
  remoteHost: string;
  remotePort: number;
  state: string;
}

export type TcpTable = { available: true; entries: TcpEntry[] } | { available: false; reason: string };

/**
 * Reads the OS's real TCP table. Only Linux exposes it without privileges (/proc/net/tcp);
 * elsewhere the answer is "not available", never an invented state.
 */
export async function readTcpTable(): Promise<TcpTable> {
  if (process.platform !== 'linux') {
    return { available: false, reason: 'este sistema operativo no expone la tabla TCP sin privilegios' };
  }
  const files = await Promise.all(
    ['/proc/net/tcp', '/proc/net/tcp6'].map((file) => readFile(file, 'utf8').catch(() => undefined)),
  );
  if (files.every((text) => text === undefined)) {
    return { available: false, reason: 'no se puede leer /proc/net/tcp' };
  }
  const entries: TcpEntry[] = [];
  for (const text of files) if (text) entries.push(...parseProcNetTcp(text));
  return { available: true, entries };
}

export function parseProcNetTcp(text: string): TcpEntry[] {
  const entries: TcpEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4) continue;
    const [local, remote, state] = [fields[1]!, fields[2]!, fields[3]!];
    const [localHost, localPort] = decodeEndpoint(local);
    const [remoteHost, remotePort] = decodeEndpoint(remote);
    entries.push({ localHost, localPort, remoteHost, remotePort, state: LINUX_STATES[parseInt(state, 16)] ?? state });
  }
  return entries;
}

/** One `ADDR:PORT` field of /proc/net/{tcp,udp}{,6}, as [host, port]. */
export function decodeEndpoint(endpoint: string): [string, number] {
  const [hex = '', portHex = '0'] = endpoint.split(':');
  return [hex.length === 8 ? decodeIpv4(hex) : decodeIpv6(hex), parseInt(portHex, 16)];
}

/** /proc prints addresses as host-order 32-bit words: on little-endian machines, bytes reversed. */
function decodeIpv4(hex: string): string {
  const bytes = hex.match(/../g)!.map((byte) => parseInt(byte, 16));
  return bytes.reverse().join('.');
}

function decodeIpv6(hex: string): string {
  const words = hex.match(/.{8}/g) ?? [];
  const bytes = words.flatMap((word) => word.match(/../g)!.map((byte) => parseInt(byte, 16)).reverse());
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12).join('.');
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::').replace(/:{3,}/, '::');
}

export function statesForPort(table: TcpTable, options: { localPort?: number; remotePort?: number }): string[] {
  if (!table.available) return [];
  return table.entries
    .filter((entry) => options.localPort === undefined || entry.localPort === options.localPort)
    .filter((entry) => options.remotePort === undefined || entry.remotePort === options.remotePort)
    .map((entry) => entry.state);
}
