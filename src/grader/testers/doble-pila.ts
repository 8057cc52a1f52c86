import { seconds } from '../bytes-view.js';
import { formatEndpoint, SOCK_STREAM } from '../audit-hook.js';
import { GraderTcpServer } from '../grader-tcp-server.js';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { waitUntilReady } from '../readiness.js';
import { expectPrintedLine } from '../output-checks.js';
import { closeAndExpectClose, expectBytes, sendBytes } from '../stream-checks.js';
import { connectOnce, type TcpPeer } from '../tcp-peer.js';
import type { TestCase, TesterDefinition } from '../types.js';
import { hasIpv6Loopback, NO_IPV6 } from './ipv6-loopback.js';
import { setLearnerVars } from './learner-vars.js';
import { readLine } from './line-reader.js';
import { acceptWhileStarting } from './own-listener.js';

const ANY_FAMILY =
  'Para que tu cliente sirva con IPv4 y con IPv6, no fijes la familia: socket.create_connection((DESTINO, PUERTO)) prueba cada dirección ' +
  'que devuelve getaddrinfo(), sea AF_INET o AF_INET6.';
const BOTH =
  'Para atender por las dos familias solo en loopback: dos sockets, uno en 127.0.0.1 (AF_INET) y otro en ::1 (AF_INET6), ' +
  'vigilados a la vez con selectors o con un hilo cada uno.';

/** The client half: the grader listens on one family only, DESTINO names it. */
async function clientRun(h: Harness, listenOn: string, server: GraderTcpServer): Promise<void> {
  setLearnerVars(h, { MODO: 'cliente', DESTINO: listenOn });
  h.step(`escucho solo en ${formatEndpoint(listenOn, h.port)} y arranco tu programa con MODO=cliente y DESTINO=${listenOn}`);
  await h.startProgram();
  const peer = await acceptWhileStarting(h, server, (late) => {
    const tried = h.auditEvents('connect', SOCK_STREAM).map((event) => formatEndpoint(event.host, event.port));
    return h.fail(
      [
        `Tu cliente no se conectó a ${formatEndpoint(listenOn, h.port)}${late ? ` (${late.reason})` : ''}${tried.length ? `; lo intentó con ${[...new Set(tried)].join(' y ')}` : ''}.`,
        ANY_FAMILY,
      ],
      true,
    );
  });
  const line = await readLine(h, peer, { what: 'la línea «hola»', who: 'Tu cliente' });
  if (line !== 'hola') await h.fail([`Tu cliente envió «${line}», y debía enviar la línea «hola».`]);
  const answer = h.randomText('Hola por la familia correcta');
  await sendBytes(h, peer, Buffer.from(`${answer}\n`), 'Tu cliente');
  h.step('espero que tu cliente imprima y cierre');
  const closed = await peer.waitEof(CLOSE_MS, h.abort);
  if (closed === 'timeout') await h.fail([`Tu cliente recibió la respuesta y no cerró la conexión en ${seconds(CLOSE_MS)}.`]);
  h.release(peer);
  await h.expectCleanExit(CLOSE_MS, ['Tu cliente cerró, pero el programa sigue en marcha.']);
  await expectPrintedLine(h, `conectado a ${listenOn}`, 'conectado a').catch((error: unknown) => {
    (error as { lines?: string[] }).lines?.push('Imprime la dirección a la que de verdad te conectaste: s.getpeername()[0].');
    throw error;
  });
  await expectPrintedLine(h, `respuesta: ${answer}`, 'respuesta');
}

/** The server half: one line echoed, by whichever family the client came. */
async function echoBy(h: Harness, peer: TcpPeer, family: string, onTimeout: string[] = []): Promise<void> {
  const text = Buffer.from(`${h.randomText(`Por ${family}`)}\n`);
  h.step(`por ${family}: envío una línea y espero el eco`);
  await sendBytes(h, peer, text);
  await expectBytes(h, peer, text, { what: `el eco por ${family}`, onTimeout });
  await closeAndExpectClose(h, peer);
}

/**
 * Connects to the server's IPv6 socket as soon as it listens: its two sockets may start in either
 * order (a thread each), so a server already serving by IPv4 may still be opening the other.
 */
async function connectV6(h: Harness): Promise<TcpPeer> {
  const endpoint = formatEndpoint('::1', h.port);
  let refusal = '';
  const peer = await waitUntilReady(h.requireProgram(), {
    attempt: async () => {
      const outcome = await connectOnce('::1', h.port, 1000);
      if ('peer' in outcome) return outcome.peer;
      refusal = outcome.error;
      return undefined;
    },
    pauseMs: 20,
    lookEveryMs: 200,
    onExit: () => h.fail([`Tu servidor terminó sin atender por IPv6 en ${endpoint}.`, BOTH], true),
    onLate: (late) => h.fail([`No pude conectar con ${endpoint} (${refusal}, ${late.reason}): tu servidor atiende por IPv4 pero no por IPv6.`, BOTH]),
    signal: h.signal,
    checkAborted: () => h.checkAborted(),
  });
  return h.track(peer);
}

/** Both families: a server on 127.0.0.1 and ::1, and a client that connects to any address (MODO chooses). */
export const doblePila: TesterDefinition = {
  exerciseId: 'doble-pila',
  transport: 'tcp',
  role: 'client',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    let v6Server: GraderTcpServer | undefined;
    const tests: TestCase[] = [
      {
        name: 'cliente: se conecta a DESTINO por IPv4 (127.0.0.1), envía «hola» e imprime',
        timeoutMs: STARTUP_TEST_MS,
        run: (h) => clientRun(h, '127.0.0.1', h.tcpServer),
      },
      {
        name: 'cliente: se conecta a DESTINO por IPv6 (::1), con el mismo código',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          h.tcpServer.close();
          if (!(await hasIpv6Loopback())) return h.step(NO_IPV6);
          v6Server = await GraderTcpServer.listen('::1', h.port);
          try {
            await clientRun(h, '::1', v6Server);
          } finally {
            v6Server.close();
          }
        },
      },
      {
        name: 'servidor: atiende por IPv4 en 127.0.0.1:PUERTO',
        timeoutMs: STARTUP_TEST_MS,
        async run(h) {
          setLearnerVars(h, { MODO: 'servidor' });
          h.step('arranco tu programa con MODO=servidor');
          await h.startProgram();
          await echoBy(h, await h.connect(), 'IPv4');
        },
      },
      {
        name: 'servidor: atiende también por IPv6 en [::1]:PUERTO, y a los dos a la vez',
        timeoutMs: 10000,
        async run(h) {
          if (!(await hasIpv6Loopback())) return h.step(NO_IPV6);
          h.step(`me conecto a ${formatEndpoint('::1', h.port)} y, a la vez, a ${h.endpoint}`);
          const v6 = await connectV6(h);
          const v4 = await h.connect();
          // IPv4 first: a server that serves its two sockets one after the other is now waiting on the IPv6 one.
          await echoBy(h, v4, 'IPv4', [`Con un cliente por IPv6 ya conectado, tu servidor no atendió al de IPv4. ${BOTH}`]);
          await echoBy(h, v6, 'IPv6');
        },
      },
    ];
    return tests;
  },
};
