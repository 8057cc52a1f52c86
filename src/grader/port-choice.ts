import { bindError, reserveFreePort } from '../net/free-port.js';
import type { PortReservation } from '../net/port-reservation.js';
import { tcpEntriesOnPort } from './learner-sockets.js';

export type Transport = 'tcp' | 'udp';

/** What the grader asks for: a given port, any free one, or (default) the document's port when free. */
export type PortRequest = number | 'libre' | undefined;

export interface PortChoice {
  port: number;
  /** Spanish note when the document's port could not be used, saying why. */
  note?: string;
  /** A free port chosen here stays reserved until the run releases it. */
  reservation?: PortReservation;
}

/**
 * The port the learner's server must use. The document's port when it is free for a program
 * written like the document (bound without SO_REUSEADDR: so a TIME_WAIT on it counts as busy),
 * another free port otherwise, with a note saying why.
 */
export async function chooseServerPort(transport: Transport, host: string, defaultPort: number, request: PortRequest): Promise<PortChoice> {
  if (typeof request === 'number') return { port: request };
  if (request === 'libre') {
    const reservation = await freePort(transport, host);
    return { port: reservation.port, reservation };
  }
  const busy = await whyBusy(transport, host, defaultPort);
  if (!busy) return { port: defaultPort };
  const reservation = await freePort(transport, host);
  return { port: reservation.port, reservation, note: `El puerto ${defaultPort} del documento ${busy}, así que esta vez uso PUERTO=${reservation.port}.` };
}

/** undefined when free; otherwise the reason, in Spanish, completing "El puerto N ...". */
export async function whyBusy(transport: Transport, host: string, port: number): Promise<string | undefined> {
  if (transport === 'tcp') {
    const states = await tcpEntriesOnPort(port);
    if (states?.includes('LISTEN')) return 'ya lo usa otro programa';
    if (states?.includes('TIME_WAIT')) return 'sigue en TIME_WAIT por una conexión anterior (dura unos 60 s)';
    if (states?.length) return 'lo usa otra conexión';
  }
  return (await bindError(transport, host, port)) ? 'ya lo usa otro programa' : undefined;
}

/**
 * A port nobody uses, not even a connection in TIME_WAIT, where no outgoing connection can land
 * (see free-port.ts), reserved until released.
 */
export function freePort(transport: Transport, host: string): Promise<PortReservation> {
  return reserveFreePort(host, transport, async (port) => transport === 'udp' || !(await tcpEntriesOnPort(port))?.length);
}
