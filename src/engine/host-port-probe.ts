import type { DocumentPort } from '../lessons/model.js';
import { bindError } from '../net/free-port.js';
import { entriesOf, readSocketTable, type SocketEntry } from '../system/proc/socket-table.js';

/** Could the learner's Python bind this port right now? */
export type PortProbe = (port: number, protocol: DocumentPort['protocol']) => Promise<boolean>;

/**
 * The same question as the kernel's `port-free`, answered by this process before any Python has
 * started, so that a lesson's text (with its ports) can be shown at once. Two views together:
 * - the OS socket table (Linux /proc) lists every socket on the port in any state. TIME_WAIT
 *   matters: a Python bind without SO_REUSEADDR fails on it, while a Node listen() (libuv always
 *   sets SO_REUSEADDR) succeeds where the socket that left it had SO_REUSEADDR too;
 * - a bind of our own catches what the table leaves out: a socket bound but neither listening
 *   nor connected.
 * The table is read once per probe (a plan asks about a few ports in a row). Undefined where the
 * table cannot be read (macOS, Windows): only the lesson's own Python can tell there.
 */
export async function hostPortProbe(): Promise<PortProbe | undefined> {
  const [tcp, udp] = await Promise.all([readSocketTable('tcp'), readSocketTable('udp')]);
  if (!tcp.available || !udp.available) return undefined;
  const entries = { tcp: entriesOf(tcp), udp: entriesOf(udp) };
  return async (port, protocol) => !onPort(entries[protocol], port) && (await bindError(protocol, '127.0.0.1', port)) === undefined;
}

/** Any socket on the port, whatever its address: a Python bind may clash with more than its own host. */
function onPort(entries: SocketEntry[], port: number): boolean {
  return entries.some((entry) => entry.localPort === port);
}
