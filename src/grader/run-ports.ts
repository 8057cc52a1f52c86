import { tryReservePort, type PortReservation } from '../net/port-reservation.js';
import { GraderTcpServer } from './grader-tcp-server.js';
import { GraderUdp } from './grader-udp.js';
import { chooseServerPort, freePort, type PortRequest } from './port-choice.js';
import type { TesterDefinition } from './types.js';

/** Where one run talks to the program, and what it holds for that. */
export interface RunPorts {
  port: number;
  portNote?: string;
  /** Client exercises: the grader's side, bound before the program starts. */
  tcpServer?: GraderTcpServer;
  udpServer?: GraderUdp;
  /** The document's port is this run's alone (reserved here, by the caller, or a private network). */
  holdsDocumentPort: boolean;
  release(): void;
}

export interface PortOptions {
  port?: PortRequest;
  /** The caller already holds the document port's reservation (a test inside withFixedPort). */
  documentPortHeld?: boolean;
  /** A private network of its own: the document's port is free by construction. */
  privateNetwork?: boolean;
}

/**
 * The run's port. By default the document's, when it is free AND reserved for this run across
 * the workshop's processes (two `verificar` started together in two terminals would otherwise
 * both find it free and then collide); otherwise another free port, with a note saying why.
 */
export async function settleRunPorts(tester: TesterDefinition, host: string, options: PortOptions): Promise<RunPorts> {
  let reservation: PortReservation | undefined;
  let elsewhere: PortReservation | undefined;
  let request = options.port;
  let note: string | undefined;
  const own = options.documentPortHeld === true || options.privateNetwork === true;
  if (request === undefined && !own) {
    reservation = tryReservePort(tester.defaultPort);
    if (!reservation) {
      elsewhere = await freePort(tester.transport, host);
      request = elsewhere.port;
      note = `El puerto ${tester.defaultPort} del documento lo está usando otro programa del taller (¿otro verificar en otra terminal?), así que esta vez uso PUERTO=${request}.`;
    }
  }
  let chosen: PortReservation | undefined;
  const release = (): void => {
    reservation?.release();
    elsewhere?.release();
    chosen?.release();
  };
  try {
    const sides = tester.role === 'server'
      ? await chooseServerPort(tester.transport, host, tester.defaultPort, request).then((choice) => {
        chosen = choice.reservation;
        return { port: choice.port, portNote: choice.note };
      })
      : await bindGraderSide(tester, host, request);
    const onDocumentPort = sides.port === tester.defaultPort;
    if (!onDocumentPort) {
      reservation?.release();
      reservation = undefined;
    }
    return { ...sides, portNote: note ?? sides.portNote, holdsDocumentPort: onDocumentPort && (own || reservation !== undefined), release };
  } catch (error) {
    release();
    throw error;
  }
}

/** Client exercises: the grader listens first, on the document's port when free. */
async function bindGraderSide(
  tester: TesterDefinition,
  host: string,
  request: PortRequest,
): Promise<{ port: number; portNote?: string; tcpServer?: GraderTcpServer; udpServer?: GraderUdp }> {
  const bind = (port: number) =>
    tester.transport === 'tcp'
      ? GraderTcpServer.listen(host, port).then((tcpServer) => ({ port: tcpServer.port, tcpServer }))
      : GraderUdp.bind(host, port).then((udpServer) => ({ port: udpServer.port, udpServer }));
  if (typeof request === 'number') return bind(request);
  if (request === 'libre') return bind(0);
  try {
    return await bind(tester.defaultPort);
  } catch {
    const bound = await bind(0);
    return { ...bound, portNote: `El puerto ${tester.defaultPort} del documento ya lo usa otro programa, así que esta vez el taller escucha en PUERTO=${bound.port}.` };
  }
}
