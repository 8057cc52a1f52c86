import { createServer } from 'node:net';

let availability: Promise<boolean> | undefined;

/**
 * Whether this machine has IPv6 on loopback (::1): some containers and old systems do not.
 * TALLER_SOCKETS_IPV6=0 pretends it is missing (to see, and test, how lessons degrade).
 */
export function ipv6LoopbackAvailable(): Promise<boolean> {
  if (process.env.TALLER_SOCKETS_IPV6 === '0') return Promise.resolve(false);
  availability ??= new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0, ipv6Only: true }, () => server.close(() => resolve(true)));
  });
  return availability;
}

export const IPV6_MISSING = 'este equipo no tiene IPv6 en loopback (::1); con IPv6 verías este paso funcionar igual que con IPv4';
