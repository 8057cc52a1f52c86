import { readFile } from 'node:fs/promises';

/**
 * Socket states as Linux numbers them in /proc/net/{tcp,udp} (include/net/tcp_states.h). UDP uses
 * the same numbers: CLOSE for a bound, unconnected socket, ESTABLISHED once connect() named a peer.
 */
const LINUX_STATES = [
  'UNKNOWN', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT',
  'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING', 'NEW_SYN_RECV',
] as const;

export type SocketState = (typeof LINUX_STATES)[number];
export type SocketProtocol = 'tcp' | 'udp';

/** One line of /proc/net/{tcp,udp}{,6}, decoded: addresses, named state, queues, owner and inode. */
export interface SocketEntry {
  protocol: SocketProtocol;
  localHost: string;
  localPort: number;
  remoteHost: string;
  remotePort: number;
  state: SocketState;
  /** Bytes waiting to be read by the program (received, not yet recv()'d). */
  receiveQueue: number;
  uid: number;
  /** The socket's inode: which process holds it shows in /proc/<pid>/fd (0 in TIME_WAIT: nobody). */
  inode: number;
}

export type SocketTable = { available: true; entries: SocketEntry[] } | { available: false; reason: string };

export function parseSocketTable(text: string, protocol: SocketProtocol): SocketEntry[] {
  const entries: SocketEntry[] = [];
  for (const line of text.split('\n').slice(1)) {
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [localHost, localPort] = decodeEndpoint(fields[1]!);
    const [remoteHost, remotePort] = decodeEndpoint(fields[2]!);
    entries.push({
      protocol,
      localHost,
      localPort,
      remoteHost,
      remotePort,
      state: LINUX_STATES[parseInt(fields[3]!, 16)] ?? 'UNKNOWN',
      receiveQueue: parseInt(fields[4]!.split(':')[1] ?? '0', 16),
      uid: Number(fields[7]),
      inode: Number(fields[9]),
    });
  }
  return entries;
}

/** One `ADDR:PORT` field, as [host, port]. */
function decodeEndpoint(endpoint: string): [string, number] {
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

export interface TableOptions {
  /** Another network namespace's table: /proc/<pid>/net shows the namespace of that process. */
  pid?: number;
  /** Why there is no table, when the files cannot be read. */
  missing?: string;
}

/**
 * The OS's real socket table (IPv4 and IPv6). Only Linux exposes it without privileges; elsewhere
 * the answer is "not available", never an invented state.
 */
export async function readSocketTable(protocol: SocketProtocol, options: TableOptions = {}): Promise<SocketTable> {
  if (process.platform !== 'linux') {
    return { available: false, reason: `este sistema operativo no expone la tabla ${protocol.toUpperCase()} sin privilegios` };
  }
  const dir = options.pid === undefined ? '/proc/net' : `/proc/${options.pid}/net`;
  const files = await Promise.all([protocol, `${protocol}6`].map((name) => readFile(`${dir}/${name}`, 'utf8').catch(() => undefined)));
  if (files.every((text) => text === undefined)) return { available: false, reason: options.missing ?? `no se puede leer /proc/net/${protocol}` };
  return { available: true, entries: files.flatMap((text) => (text ? parseSocketTable(text, protocol) : [])) };
}


/** The machine's TCP table (the states a lesson shows and the tests look at). */
export function readTcpTable(): Promise<SocketTable> {
  return readSocketTable('tcp');
}

/** The entries of a table; [] when the OS does not tell. */
export function entriesOf(table: SocketTable): SocketEntry[] {
  return table.available ? table.entries : [];
}

export function statesForPort(table: SocketTable, options: { localPort?: number; remotePort?: number }): SocketState[] {
  return entriesOf(table)
    .filter((entry) => options.localPort === undefined || entry.localPort === options.localPort)
    .filter((entry) => options.remotePort === undefined || entry.remotePort === options.remotePort)
    .map((entry) => entry.state);
}
