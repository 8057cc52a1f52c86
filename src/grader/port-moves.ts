import { reservePort } from '../net/port-reservation.js';
import { GraderTcpServer } from './grader-tcp-server.js';
import { GraderUdp } from './grader-udp.js';
import type { Harness } from './harness.js';
import type { LearnerProcess } from './learner-process.js';
import { freePort, whyBusy } from './port-choice.js';

/**
 * Tests that move the program to another port, to check the statement's rules about HOST and
 * PUERTO: "read them from the environment" (a run on a port that is not the document's: a
 * program that ignores PUERTO, or reads another variable, binds the document's port and is told
 * so) and "with these defaults" (a run without the variables, on the document's port).
 */

/** Restarts the program with PUERTO set to a free port that is neither this run's nor the document's. */
export async function startOnOtherPort(h: Harness): Promise<LearnerProcess> {
  await h.program?.stop();
  const avoid = new Set([h.port, h.options.defaultPort]);
  const note = 'Esta prueba usa a propósito un puerto distinto del documento, para ver si tu programa lee PUERTO.';
  if (h.options.tcpServer || h.options.udpServer) {
    // The grader is the server: it listens on a fresh port (the OS picks it among the ephemeral ones, never the document's).
    const tcpServer = h.options.tcpServer ? await GraderTcpServer.listen(h.host, 0) : undefined;
    const udpServer = h.options.udpServer ? await GraderUdp.bind(h.host, 0) : undefined;
    moveRun(h, (tcpServer ?? udpServer)!.port, note, { tcpServer, udpServer });
  } else {
    let reservation = await freePort(h.options.transport, h.host);
    for (let attempt = 0; attempt < 5 && avoid.has(reservation.port); attempt++) {
      reservation.release();
      reservation = await freePort(h.options.transport, h.host);
    }
    const held = reservation;
    h.onTeardown(() => held.release());
    moveRun(h, held.port, note);
  }
  return h.startProgram();
}

/**
 * Restarts the program without HOST and PUERTO: it must use the statement's defaults, the
 * document's address. Needs the document's port: reserved across the workshop's processes, and
 * really free; when another program holds it the test is skipped, saying so (never failed).
 */
export async function startWithDefaults(h: Harness): Promise<LearnerProcess> {
  await h.program?.stop();
  const port = h.options.defaultPort;
  const transport = h.options.transport;
  if (!h.options.privateNetwork && !h.options.holdsDocumentPort) {
    const reservation = await reservePort(port, { waitMs: 10_000, signal: h.signal });
    h.checkAborted();
    if (!reservation) h.skip(`No pude probar los valores por defecto: otro programa del taller está usando el puerto ${port} del documento.`);
    h.onTeardown(() => reservation.release());
  }
  if (h.options.tcpServer || h.options.udpServer) {
    if (h.port !== port) {
      try {
        const tcpServer = h.options.tcpServer ? await GraderTcpServer.listen(h.host, port) : undefined;
        const udpServer = h.options.udpServer ? await GraderUdp.bind(h.host, port) : undefined;
        moveRun(h, port, undefined, { tcpServer, udpServer });
      } catch {
        h.skip(`No pude probar los valores por defecto: el puerto ${port} del documento lo usa otro programa.`);
      }
    }
  } else {
    const busy = await whyBusy(transport, h.host, port);
    if (busy) h.skip(`No pude probar los valores por defecto: el puerto ${port} del documento ${busy}.`);
    moveRun(h, port, undefined);
  }
  return h.startProgram({ HOST: null, PUERTO: null });
}

/**
 * Moves the run to `port` from now on (the next startProgram uses it), with the note that says
 * why; client exercises pass the grader's sockets bound there (closed at the end of the run).
 */
function moveRun(h: Harness, port: number, note: string | undefined, servers: { tcpServer?: GraderTcpServer; udpServer?: GraderUdp } = {}): void {
  h.options.port = port;
  h.options.portNote = note;
  const { tcpServer, udpServer } = servers;
  // The previous place stops listening: a program that ignores PUERTO must meet nobody there.
  if (tcpServer && tcpServer !== h.options.tcpServer) {
    h.options.tcpServer?.close();
    h.options.tcpServer = tcpServer;
    h.onTeardown(() => tcpServer.close());
  }
  if (udpServer && udpServer !== h.options.udpServer) {
    h.options.udpServer?.close();
    h.options.udpServer = udpServer;
    h.trackUdp(udpServer);
  }
}
