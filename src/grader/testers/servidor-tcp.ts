import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { closeAndExpectClose, expectBytes, sendBytes } from '../stream-checks.js';
import type { TcpPeer } from '../tcp-peer.js';
import type { TesterDefinition } from '../types.js';

const GREETING = Buffer.from('Hola desde el cliente!');
const ANSWER = Buffer.from('Hola desde el servidor');

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
        name: 'acepta la conexión de un cliente en HOST:PUERTO',
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`me conecto a ${h.endpoint}`);
          peer = await h.connect();
        },
      },
      {
        name: 'responde “Hola desde el servidor” al mensaje del cliente',
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('envío «Hola desde el cliente!» y espero la respuesta');
          await sendBytes(h, connected(), GREETING);
          await expectBytes(h, connected(), ANSWER, {
            what: 'la respuesta',
            onTimeout: ['¿Llama tu servidor a conn.sendall(...) después de recv()? ¿Envía por conn (el socket que devuelve accept()), no por s?'],
          });
        },
      },
      {
        name: 'responde a cada mensaje, no solo al primero',
        timeoutMs: 5000,
        async run(h: Harness) {
          const second = Buffer.from(h.randomText('Segundo mensaje'));
          h.step(`envío un segundo mensaje («${second.toString()}») y espero otra respuesta`);
          await sendBytes(h, connected(), second);
          await expectBytes(h, connected(), ANSWER, {
            what: 'la respuesta al segundo mensaje',
            onEof: [
              'Respondió al primer mensaje y se fue: ¿llama a recv() una sola vez? Repite recv() en un bucle (while True) ' +
                "hasta que devuelva b'', y responde a cada mensaje.",
            ],
            onTimeout: ['¿Llama a recv() una sola vez? Repite recv() en un bucle y responde a cada mensaje.'],
          });
        },
      },
      {
        name: 'cierra la conexión y termina (código 0) cuando el cliente cierra',
        timeoutMs: 6000,
        async run(h: Harness) {
          h.step('cierro el cliente y espero que tu servidor cierre la conexión');
          await closeAndExpectClose(h, connected());
          h.step('espero que tu programa termine');
          await h.expectCleanExit(CLOSE_MS, [
            `Tu servidor cerró la conexión, pero el programa sigue en marcha ${CLOSE_MS / 1000} s después.`,
            'Este servidor atiende a un solo cliente: cuando ese cliente se va, el programa debe terminar.',
          ]);
        },
      },
    ];
  },
};
