import { createConnection } from 'node:net';
import { createSocket } from 'node:dgram';
import { readSocketTable } from '../system/proc/socket-table.js';

export type TcpProbeResult = 'connected' | 'refused' | 'timeout' | 'error';

/** A real TCP connection attempt from Node; closed at once (with a reset, so no TIME_WAIT stays). */
export function probeTcpConnect(host: string, port: number, timeoutMs = 1000): Promise<{ result: TcpProbeResult; detail?: string }> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const timer = setTimeout(() => finish('timeout'), timeoutMs);
    function finish(result: TcpProbeResult, detail?: string): void {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.resetAndDestroy();
      resolve({ result, detail });
    }
    socket.once('connect', () => finish('connected'));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'error', error.code ?? error.message));
  });
}

export type UdpProbeResult = 'delivered' | 'refused' | 'error';

/**
 * Sends one real datagram from a connected UDP socket. When nobody has the port bound, the OS
 * answers with ICMP "port unreachable" and the socket reports ECONNREFUSED; on Linux we also
 * confirm delivery by seeing the datagram waiting in the receiver's queue (/proc/net/udp).
 */
export function probeUdpDatagram(host: string, port: number, payload: string, settleMs = 150): Promise<{ result: UdpProbeResult; detail?: string }> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    let settled = false;
    const finish = (result: UdpProbeResult, detail?: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.close();
      resolve({ result, detail });
    };
    const timer = setTimeout(() => {
      void udpQueueHasData(port).then((queued) =>
        finish(queued === false ? 'error' : 'delivered', queued === false ? 'el datagrama no aparece en la cola del receptor' : undefined));
    }, settleMs);
    socket.on('error', (error: NodeJS.ErrnoException) =>
      finish(error.code === 'ECONNREFUSED' ? 'refused' : 'error', error.code ?? error.message));
    socket.connect(port, host, () => {
      socket.send(payload, (error) => {
        if (error) return finish((error as NodeJS.ErrnoException).code === 'ECONNREFUSED' ? 'refused' : 'error', error.message);
        // Over loopback it is usually in the receiver's queue by now: seen there, it arrived, and no
        // «port unreachable» can follow. Not seen yet: the wait above decides, as before.
        void udpQueueHasData(port).then((queued) => {
          if (queued) finish('delivered');
        });
      });
    });
  });
}

/** true/false on Linux (is any datagram queued on a socket bound to this port?); undefined elsewhere. */
async function udpQueueHasData(port: number): Promise<boolean | undefined> {
  const table = await readSocketTable('udp');
  const onPort = table.available ? table.entries.filter((entry) => entry.localPort === port) : [];
  if (!onPort.length) return undefined;
  return onPort.some((entry) => entry.receiveQueue > 0);
}
