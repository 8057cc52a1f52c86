import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { tryReservePort, type PortReservation } from './port-reservation.js';

export type PortProtocol = 'tcp' | 'udp';

/**
 * Tries to bind `port` alone (no SO_REUSEADDR, no sharing) and lets it go at once: undefined when
 * it could, else the error code (EADDRINUSE, EACCES...). The one "can I bind this port?".
 */
export function bindError(protocol: PortProtocol, host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    if (protocol === 'tcp') {
      const server = createServer();
      server.unref();
      server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
      server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(undefined)));
      return;
    }
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.unref();
    socket.once('error', (error: NodeJS.ErrnoException) => {
      socket.close();
      resolve(error.code ?? error.message);
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(undefined)));
  });
}

/**
 * Where to look for free ports: below (or above) the range the system hands out to outgoing
 * connections. A port from bind(0) comes from that range, so between our check and the program's
 * own bind any connect() on the machine may take it as its local port, and the program then fails
 * with «Address already in use» through no fault of its own. Linux says its range in /proc
 * (32768–60999 by default); macOS and Windows use 49152–65535, above the default chosen here.
 */
export function portsOutsideEphemeralRange(rangeText = readEphemeralRange()): [number, number] {
  const [low, high] = (rangeText?.trim().split(/\s+/).map(Number) ?? []) as [number?, number?];
  const start = 20_000;
  if (low !== undefined && high !== undefined && low > 0 && high >= low) {
    if (low - 1 - start >= 2000) return [start, low - 1];
    if (65_535 - (high + 1) >= 2000) return [high + 1, 65_535];
    return [1024, 65_535]; // no room outside it: anywhere is as good
  }
  return [start, 32_767];
}

let systemRange: [number, number] | undefined;

/** A random port of portsOutsideEphemeralRange(); the system's range is read once per process. */
export function candidatePort(): number {
  const [first, last] = (systemRange ??= portsOutsideEphemeralRange());
  return first + Math.floor(Math.random() * (last - first + 1));
}

function readEphemeralRange(): string | undefined {
  try {
    return readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * A port free for `protocol` on `host`, outside the ephemeral range (see above), that also passes
 * `accept` (e.g. no TCP connection lingering on it); bounded tries, then the system's choice.
 */
export async function findFreePort(host = '127.0.0.1', protocol: PortProtocol = 'tcp', accept: (port: number) => Promise<boolean> = async () => true): Promise<number> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const candidate = candidatePort();
    if (!(await bindError(protocol, host, candidate)) && (await accept(candidate))) return candidate;
  }
  return systemChosenPort(protocol, host);
}

/**
 * Like findFreePort, and the port stays reserved across the workshop's processes until released
 * (or this process ends): a lesson or another grading checking "is it free?" before the program
 * has bound it would otherwise choose it too. Every picker of free ports in the range uses it.
 */
export async function reserveFreePort(host = '127.0.0.1', protocol: PortProtocol = 'tcp', accept: (port: number) => Promise<boolean> = async () => true): Promise<PortReservation> {
  for (let attempt = 0; attempt < 30; attempt++) {
    const reservation = tryReservePort(candidatePort());
    if (!reservation) continue;
    if (!(await bindError(protocol, host, reservation.port)) && (await accept(reservation.port))) return reservation;
    reservation.release();
  }
  const port = await systemChosenPort(protocol, host);
  return tryReservePort(port) ?? { port, release: () => undefined };
}

function systemChosenPort(protocol: PortProtocol, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    if (protocol === 'tcp') {
      const server = createServer();
      server.unref();
      server.once('error', reject);
      server.listen({ host, port: 0, exclusive: true }, () => {
        const address = server.address();
        server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
      });
      return;
    }
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind({ address: host, port: 0, exclusive: true }, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}
