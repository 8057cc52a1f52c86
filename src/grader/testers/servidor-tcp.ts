import { byteCount } from '../bytes-view.js';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { closeAndExpectClose, expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TesterDefinition } from '../types.js';
import { environmentTests, randomMessages } from './environment-tests.js';

const GREETING = Buffer.from('Hola desde el cliente!');
const ANSWER = Buffer.from('Hola desde el servidor');
const SEND_ON_CONN = '¿Llama tu servidor a conn.sendall(...) después de recv()? ¿Envía por conn (el socket que devuelve accept()), no por s?';
const STAYS_RUNNING = [
  `Tu servidor cerró la conexión, pero el programa sigue en marcha ${CLOSE_MS / 1000} s después.`,
  'Este servidor atiende a un solo cliente: cuando ese cliente se va, el programa debe terminar.',
];

/** Sends one message and expects exactly the answer. */
async function answers(h: Harness, peer: TcpPeer, message: Buffer, what: string): Promise<void> {
  await sendBytes(h, peer, message);
  await expectBytes(h, peer, ANSWER, { what, onTimeout: [SEND_ON_CONN] });
}

/** One whole client: connect, greet, get the answer, close, and the program ends. */
async function wholeSession(h: Harness): Promise<void> {
  const peer = await h.connect();
  await answers(h, peer, GREETING, 'la respuesta');
  await closeAndExpectClose(h, peer);
  await h.expectCleanExit(CLOSE_MS, STAYS_RUNNING);
}

/** The document's TCP server, fixed: one client, "Hola desde el servidor" to every message, then exit 0. */
export const servidorTcp: TesterDefinition = {
  exerciseId: 'servidor-tcp',
  transport: 'tcp',
  role: 'server',
  defaultHost: '127.0.0.1',
  defaultPort: 65432,
  tests() {
    let peer: TcpPeer;
    const connected = (): TcpPeer => peer;
    return [
      {
        name: 'acepta la conexión de un cliente en HOST:PUERTO (y solo ahí)',
        rule: ['Escuchar por TCP en HOST:PUERTO, y solo ahí', 'Aceptar un cliente'],
        hint: "Escucha donde dicen las variables: s.bind((HOST, PORT)) y s.listen(); HOST es '127.0.0.1', no '' ni '0.0.0.0'.",
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`me conecto a ${h.endpoint}`);
          peer = await h.connect();
        },
      },
      {
        name: 'responde «Hola desde el servidor» al mensaje del cliente',
        rule: 'contestar exactamente Hola desde el servidor (en UTF-8, sin salto de línea), y nada más',
        hint: "Los sockets envían bytes: conn.sendall(b'Hola desde el servidor'), por conn (el socket que devuelve accept()).",
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('envío «Hola desde el cliente!» y espero la respuesta');
          await answers(h, connected(), GREETING, 'la respuesta');
        },
      },
      {
        name: 'responde a cada mensaje, no solo al primero',
        rule: 'A cada mensaje que reciba de ese cliente',
        hint: "Repite recv() en un bucle (while True) hasta que devuelva b'', y contesta a cada mensaje.",
        timeoutMs: 15000,
        async run(h: Harness) {
          // A random number (three or more) of random sizes: a server that answers a fixed count cannot pass.
          const messages = randomMessages(h, { min: 3, max: 6, minBytes: 1, maxBytes: 1000, prefix: 'Mensaje' });
          for (const [i, message] of messages.entries()) {
            h.step(`mensaje ${i + 2} de ${messages.length + 1} (${byteCount(message.length)}): lo envío y espero otra respuesta`);
            await sendBytes(h, connected(), message);
            await expectBytes(h, connected(), ANSWER, {
              what: `la respuesta al mensaje ${i + 2} de ${messages.length + 1}`,
              onEof: [
                `Respondió a ${i + 1} ${i === 0 ? 'mensaje' : 'mensajes'} y cerró: ¿llama a recv() ${i === 0 ? 'una sola vez' : 'un número fijo de veces'}? Repite recv() en un bucle (while True) ` +
                  "hasta que devuelva b'', y responde a cada mensaje.",
              ],
              onTimeout: [`¿Llama a recv() ${i === 0 ? 'una sola vez' : 'un número fijo de veces'}? Repite recv() en un bucle y responde a cada mensaje.`],
            });
          }
        },
      },
      {
        name: 'cierra la conexión y termina (código 0) cuando el cliente cierra',
        rule: 'Cuando el cliente cierre la conexión (recv() devuelve b\'\'), cerrar la suya y terminar con código 0',
        hint: "Cuando recv() devuelva b'', sal del bucle (if not data: break); with conn: cierra la conexión, y el programa termina.",
        timeoutMs: 6000,
        async run(h: Harness) {
          h.step('cierro el cliente y espero que tu servidor cierre la conexión');
          await closeAndExpectClose(h, connected());
          h.step('espero que tu programa termine');
          await h.expectCleanExit(CLOSE_MS, STAYS_RUNNING);
        },
      },
      ...environmentTests(wholeSession, { host: '127.0.0.1', port: 65432 }),
    ];
  },
};
