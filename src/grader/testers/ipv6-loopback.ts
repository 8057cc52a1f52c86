import { createServer } from 'node:net';

let cached: Promise<boolean> | undefined;

/** Whether this computer has IPv6 on loopback (::1): some containers and CI machines do not. */
export function hasIpv6Loopback(): Promise<boolean> {
  cached ??= new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host: '::1', port: 0, ipv6Only: true }, () => server.close(() => resolve(true)));
  });
  return cached;
}

export const NO_IPV6 = 'esta computadora no tiene IPv6 en loopback (::1): esta parte se muestra pero no se ejecuta';
