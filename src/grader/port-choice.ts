import { createServer } from 'node:net';
import { createSocket } from 'node:dgram';
import { findFreePort } from '../net/free-port.js';
import { tcpEntriesOnPort } from './learner-sockets.js';

export type Transport = 'tcp' | 'udp';

/** What the grader asks for: a given port, any free one, or (default) the document's port when free. */
export type PortRequest = number | 'libre' | undefined;

export interface PortChoice {
  port: number;
  /** Spanish note when the document's port could not be used, saying why. */
  note?: string;
}

/**
 * The port the learner's server must use. The document's port when it is free for a program
 * written like the document (bound without SO_REUSEADDR: so a TIME_WAIT on it counts as busy),
 * another free port otherwise, with a note saying why.
 */
export async function chooseServerPort(transport: Transport, host: string, defaultPort: number, request: PortRequest): Promise<PortChoice> {
  if (typeof request === 'number') return { port: request };
  if (request === 'libre') return { port: await freePort(transport, host) };
  const busy = await whyBusy(transport, host, defaultPort);
  if (!busy) return { port: defaultPort };
  const port = await freePort(transport, host);
  return { port, note: `El puerto ${defaultPort} del documento ${busy}, así que esta vez uso PUERTO=${port}.` };
}

/** undefined when free; otherwise the reason, in Spanish, completing "El puerto N ...". */
export async function whyBusy(transport: Transport, host: string, port: number): Promise<string | undefined> {
  if (transport === 'tcp') {
    const states = await tcpEntriesOnPort(port);
    if (states?.includes('LISTEN')) return 'ya lo usa otro programa';
    if (states?.includes('TIME_WAIT')) return 'sigue en TIME_WAIT por una conexión anterior (dura unos 60 s)';
    if (states?.length) return 'lo usa otra conexión';
    return (await canBindTcp(host, port)) ? undefined : 'ya lo usa otro programa';
  }
  return (await canBindUdp(host, port)) ? undefined : 'ya lo usa otro programa';
}

function canBindTcp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

function canBindUdp(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', () => {
      socket.close();
      resolve(false);
    });
    socket.bind({ address: host, port, exclusive: true }, () => socket.close(() => resolve(true)));
  });
}

async function freeUdpPort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
    socket.once('error', reject);
    socket.bind({ address: host, port: 0, exclusive: true }, () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

/** A port nobody uses, not even a connection in TIME_WAIT (bounded retries). */
export async function freePort(transport: Transport, host: string): Promise<number> {
  let port = 0;
  for (let attempt = 0; attempt < 10; attempt++) {
    port = transport === 'tcp' ? await findFreePort(host) : await freeUdpPort(host);
    if (transport === 'udp' || !(await tcpEntriesOnPort(port))?.length) return port;
  }
  return port;
}
