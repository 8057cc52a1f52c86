import { createServer, type Socket } from 'node:net';
import { createSocket } from 'node:dgram';
import type { Transport } from '../grader/port-choice.js';

/**
 * "Another program" holding a port on 127.0.0.1 (a TCP listener or a bound UDP socket) until
 * released: known-wrong programs declared with `# ocupar-puerto:` are graded while it is busy.
 * Connections it receives are reset at the end, so that no TIME_WAIT is left on the port.
 */
export async function holdPort(transport: Transport, port: number): Promise<() => Promise<void>> {
  if (transport === 'tcp') {
    const held = new Set<Socket>();
    const server = createServer((socket) => {
      held.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port, exclusive: true }, resolve);
    });
    return () =>
      new Promise((resolve) => {
        for (const socket of held) socket.resetAndDestroy();
        server.close(() => resolve());
      });
  }
  const socket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind({ address: '127.0.0.1', port, exclusive: true }, resolve);
  });
  return () => new Promise((resolve) => socket.close(() => resolve()));
}
