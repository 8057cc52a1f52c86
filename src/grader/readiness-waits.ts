import type { AuditLog } from './audit-hook.js';
import { exposedLines, isExpectedPlace, listenedOnAnotherSocket, listensPerClientLines, type Expected } from './diagnosis.js';
import type { GraderTcpServer } from './grader-tcp-server.js';
import type { Datagram, GraderUdp } from './grader-udp.js';
import { PROGRAM_MARK, type LearnerProcess } from './learner-process.js';
import { learnerBoundSockets, readProcSockets } from './learner-sockets.js';
import { portOwner } from './port-owner.js';
import { waitUntilReady, type Late, type WaitPlan } from './readiness.js';
import { connectOnce, type TcpPeer } from './tcp-peer.js';

/**
 * The waits for a program that should be ready, each one waitUntilReady with its own try and
 * its own words: connecting to the learner's server, accepting the learner's client, receiving
 * its datagram, seeing its UDP socket bound. Written over the part of the Harness they need.
 */
export interface WaitContext {
  readonly endpoint: string;
  readonly host: string;
  readonly port: number;
  readonly expected: Expected;
  readonly options: { readonly audit: AuditLog; readonly allInterfaces?: boolean };
  readonly signal: AbortSignal;
  readonly abort: Promise<void>;
  readonly tcpServer: GraderTcpServer;
  readonly udpServer: GraderUdp;
  acceptedConnections: number;
  checkAborted(): void;
  requireProgram(): LearnerProcess;
  fail(lines: string[], settle?: boolean): Promise<never>;
  track(peer: TcpPeer): TcpPeer;
  release(peer: TcpPeer): void;
  wrongPlaceLines(places: { host: string; port: number | undefined }[], attempted?: boolean): string[];
  wentElsewhereLines(event: 'connect' | 'sendto'): string[];
  attemptedElsewhereLines(): string[];
}

const LOOP_BEFORE = (call: string): string => `¿Un bucle que no termina (while True sin break) antes de ${call}? Mientras da vueltas, tu programa no llega hasta ahí.`;
const SOMEONE_ELSE = 'Cierra el otro programa (¿un servidor tuyo que sigue abierto en otra terminal?) y vuelve a verificar.';

function bounds(h: WaitContext): Pick<WaitPlan<unknown>, 'signal' | 'checkAborted'> {
  return { signal: h.signal, checkAborted: () => h.checkAborted() };
}

const markOf = (program: LearnerProcess) => ({ name: PROGRAM_MARK, value: program.processMark });

/**
 * Connects to the learner's server, retrying while it starts (connect attempts: the first one
 * that succeeds is the test's own connection, so a one-client server is not wasted on a probe).
 * Fails early, saying where, when the program listens somewhere else or has ended.
 */
export async function connectToServer(h: WaitContext): Promise<TcpPeer> {
  const program = h.requireProgram();
  const peer = await waitUntilReady(program, {
    ...bounds(h),
    attempt: async () => {
      const outcome = await connectOnce(h.host, h.port, 1000);
      if ('peer' in outcome) return outcome.peer;
      // A reset here: the program closed its listening socket with our connection still queued (it is ending, or listens again).
      if (!['ECONNREFUSED', 'ETIMEDOUT', 'ECONNRESET'].includes(outcome.error)) await h.fail([`No pude conectar con ${h.endpoint}: ${outcome.error}.`]);
      return undefined;
    },
    pauseMs: 20,
    wake: () => h.options.audit.nextChange(),
    lookEveryMs: 200,
    look: () => failIfListeningElsewhere(h),
    onExit: () => failNotServing(h),
    onLate: (late) => failNotListening(h, late),
  });
  h.track(peer);
  if (h.acceptedConnections === 0) {
    await failIfSomeoneElseListens(h, peer);
    await failIfExposed(h);
  }
  h.acceptedConnections++;
  return peer;
}

/**
 * A server still running, that accepted a client and no longer listens: it closed its listening
 * socket (a with s: around accept(), or one listening socket per client). From the OS's table.
 */
export async function stoppedListeningLines(h: WaitContext): Promise<string[]> {
  const program = h.requireProgram();
  if (h.expected.transport !== 'tcp' || h.acceptedConnections === 0 || !program.running || program.child.pid === undefined) return [];
  const bound = await learnerBoundSockets(program.child.pid, 'tcp');
  if (bound === undefined || bound.some((socket) => isExpectedPlace(socket, h.expected))) return [];
  return [
    `Tu servidor sigue en marcha, pero dejó de escuchar en ${h.endpoint} después de aceptar a un cliente: cerró su socket de escucha ` +
      '(¿un with s: alrededor de accept(), o un socket nuevo para cada cliente?). Mientras atiende a uno, el siguiente es rechazado.',
    ...listensPerClientLines(h.options.audit.events(), h.expected),
    'Crea el socket y llama a bind() y listen() una sola vez, antes del bucle de accept(), y no lo cierres mientras atiendes.',
  ];
}

/** Bound to all interfaces when HOST is loopback (unless the statement asks for it): see diagnosis.exposedLines. */
async function failIfExposed(h: WaitContext): Promise<void> {
  if (h.options.allInterfaces) return;
  const lines = exposedLines(h.options.audit.events(), h.expected);
  if (lines.length) await h.fail(lines);
}

async function failNotListening(h: WaitContext, late: Late): Promise<never> {
  const perClient = await stoppedListeningLines(h);
  return h.fail([
    `Tu programa sigue en marcha, pero no acepta conexiones en ${h.endpoint} (${late.reason}).`,
    ...h.attemptedElsewhereLines(),
    ...perClient,
    ...(perClient.length ? [] : [late.busy
      ? `¿Un bucle que no termina (while True sin break)? Mientras da vueltas, tu programa no llega a ${h.acceptedConnections > 0 ? 'volver a accept()' : 'listen()'}.`
      : h.acceptedConnections > 0
        ? '¿Se quedó atendiendo al cliente anterior? Vuelve a accept() en cuanto un cliente se vaya.'
        : '¿Llega a llamar a listen()? Mira si se queda esperando antes (input(), sleep, un bucle...).']),
  ]);
}

/** The fix for a server that serves one client and ends (also said by testers that see it another way). */
export const ACCEPT_LOOP = 'Para atender a un cliente detrás de otro, pon accept() dentro de un bucle: while True: conn, addr = s.accept() ...';

async function failNotServing(h: WaitContext): Promise<never> {
  const program = h.requireProgram();
  await program.waitEnd(1000);
  if (h.acceptedConnections > 0 && program.end?.code === 0) {
    return h.fail([
      `Tu servidor ya no acepta conexiones en ${h.endpoint}: atendió a un cliente y terminó.`,
      ACCEPT_LOOP,
    ]);
  }
  const before = h.acceptedConnections > 0 ? 'después de atender al cliente anterior' : `sin llegar a escuchar en ${h.endpoint}`;
  return h.fail([`Tu programa terminó ${before}.`, ...h.attemptedElsewhereLines()]);
}

/**
 * The port was free when we chose it, but another program may have taken it since (then the
 * learner's bind failed and we reached a stranger). Decided by who holds the port's sockets:
 * the program's listener or the connection it accepted (see port-owner.ts).
 */
async function failIfSomeoneElseListens(h: WaitContext, peer: TcpPeer): Promise<void> {
  const program = h.requireProgram();
  if (program.child.pid === undefined) return;
  const owner = await portOwner({ transport: 'tcp', port: h.port, pgid: program.child.pid, mark: markOf(program), peerPort: peer.localPort });
  if (owner !== 'other') return;
  h.release(peer);
  if (!program.exited) await program.waitEnd(1000);
  await h.fail([`Me conecté a ${h.endpoint}, pero quien escucha ahí no es tu programa: otro programa ocupó ese puerto.`, SOMEONE_ELSE]);
}

/** Fails at once when the program listens (or is bound), but not where it should. */
export async function failIfListeningElsewhere(h: WaitContext): Promise<void> {
  const program = h.requireProgram();
  if (program.child.pid === undefined) return;
  const bound = await learnerBoundSockets(program.child.pid, h.expected.transport);
  if (!bound?.length || bound.some((socket) => isExpectedPlace(socket, h.expected))) return;
  const places = bound.map((socket) => ({ host: socket.host, port: socket.port }));
  await h.fail(listenedOnAnotherSocket(h.options.audit.events(), h.expected, places) ?? h.wrongPlaceLines(places));
}

/** Waits for the learner's client to connect to the grader's server; says where it went if not. */
export async function acceptClient(h: WaitContext): Promise<TcpPeer> {
  const program = h.requireProgram();
  const peer = await waitUntilReady(program, {
    ...bounds(h),
    attempt: () => h.tcpServer.accept(100, h.abort),
    pauseMs: 0,
    lookEveryMs: 100,
    onExit: async () => {
      // A client that connected and died at once: its connection may be queued just after its exit.
      await program.waitEnd(1000);
      return (await h.tcpServer.accept(0)) ?? h.fail([`Tu programa terminó sin conectarse a ${h.endpoint}.`, ...h.wentElsewhereLines('connect')]);
    },
    onLate: (late) =>
      h.fail([
        `Tu programa sigue en marcha y no se ha conectado a ${h.endpoint} (${late.reason}).`,
        ...h.wentElsewhereLines('connect'),
        ...(late.busy ? [LOOP_BEFORE('connect()')] : []),
      ]),
  });
  return h.track(peer);
}

/** Waits for the learner's client's datagram on the grader's UDP socket; says where it went if not. */
export function receiveDatagram(h: WaitContext): Promise<Datagram> {
  const program = h.requireProgram();
  return waitUntilReady(program, {
    ...bounds(h),
    attempt: () => h.udpServer.next(100, h.abort),
    pauseMs: 0,
    lookEveryMs: 100,
    onExit: async () => {
      await program.waitEnd(1000);
      return (await h.udpServer.next(0)) ?? h.fail([`Tu programa terminó sin enviar ningún datagrama a ${h.endpoint}.`, ...h.wentElsewhereLines('sendto')]);
    },
    onLate: (late) => {
      const elsewhere = h.wentElsewhereLines('sendto');
      return h.fail([
        `Tu programa sigue en marcha y no ha enviado ningún datagrama a ${h.endpoint} (${late.reason}).`,
        ...elsewhere,
        ...(late.busy ? [LOOP_BEFORE('sendto()')] : []),
        ...(elsewhere.length ? ['Como nadie le contesta allí, se queda esperando la respuesta en recv() para siempre.'] : []),
      ]);
    },
  });
}

/**
 * Waits until the program has a UDP socket bound to PUERTO (Linux /proc: no datagram is spent
 * on probing). Returns false where the OS cannot tell: the caller then resends its datagram.
 */
export async function waitUdpBound(h: WaitContext): Promise<boolean> {
  const program = h.requireProgram();
  if (process.platform !== 'linux' || program.child.pid === undefined || !(await readProcSockets('udp'))) return false;
  const pgid = program.child.pid;
  return waitUntilReady(program, {
    ...bounds(h),
    attempt: async () => {
      // Cheap first (two small files); who owns the socket is checked once something is there.
      if (!(await readProcSockets('udp'))?.some((socket) => isExpectedPlace(socket, h.expected))) return undefined;
      const mine = (await learnerBoundSockets(pgid, 'udp'))?.some((socket) => isExpectedPlace(socket, h.expected));
      const owner = mine ? 'learner' : await portOwner({ transport: 'udp', port: h.port, pgid, mark: markOf(program) });
      if (owner === 'learner') {
        await failIfExposed(h);
        return true;
      }
      if (owner === 'unknown' || program.exited) return undefined;
      return h.fail([`Hay un socket UDP vinculado a ${h.endpoint}, pero no es de tu programa: otro programa ocupó ese puerto.`, SOMEONE_ELSE]);
    },
    pauseMs: 50,
    wake: () => h.options.audit.nextChange(),
    lookEveryMs: 200,
    look: () => failIfListeningElsewhere(h),
    onExit: () => failNotServing(h),
    onLate: (late) =>
      h.fail([
        `Tu programa sigue en marcha, pero no tiene ningún socket UDP vinculado a ${h.endpoint} (${late.reason}).`,
        ...h.attemptedElsewhereLines(),
        ...(late.busy ? [LOOP_BEFORE('bind()')] : []),
      ]),
  });
}
