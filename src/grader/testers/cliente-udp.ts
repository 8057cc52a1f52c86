import { describeBytesMismatch } from '../bytes-view.js';
import type { Datagram } from '../grader-udp.js';
import { CLOSE_MS, STARTUP_TEST_MS, type Harness } from '../harness.js';
import { expectPrintedLine } from '../output-checks.js';
import { mismatchHints } from '../stream-checks.js';
import type { TesterDefinition } from '../types.js';

const MESSAGE = Buffer.from('Hola, soy un cliente UDP creado por UPP');

/** The document's UDP client: one datagram to HOST:PUERTO, print the answer, exit 0. */
export const clienteUdp: TesterDefinition = {
  exerciseId: 'cliente-udp',
  transport: 'udp',
  role: 'client',
  defaultHost: 'localhost',
  defaultPort: 9999,
  tests() {
    let datagram: Datagram;
    let answer = '';
    return [
      {
        name: 'envía un datagrama a HOST:PUERTO',
        timeoutMs: STARTUP_TEST_MS,
        async run(h: Harness) {
          h.step('arranco tu programa');
          await h.startProgram();
          h.step(`espero su datagrama en ${h.endpoint}`);
          datagram = await h.receiveDatagram();
        },
      },
      {
        name: 'el datagrama dice “Hola, soy un cliente UDP creado por UPP”',
        timeoutMs: 3000,
        async run(h: Harness) {
          h.step('comparo el datagrama recibido');
          if (!datagram.data.equals(MESSAGE)) {
            await h.fail(['El datagrama no dice lo esperado.', ...describeBytesMismatch(MESSAGE, datagram.data), ...mismatchHints(MESSAGE, datagram.data)]);
          }
        },
      },
      {
        name: 'imprime la respuesta del servidor',
        timeoutMs: 5000,
        async run(h: Harness) {
          answer = h.randomText('Acuse de recibo del taller');
          h.step(`respondo «${answer}» a ${datagram.from.address}:${datagram.from.port} y espero que tu programa termine`);
          await h.udpServer.send(Buffer.from(answer), datagram.from.port, datagram.from.address);
          const printed = await h.waitUntilPrinted(answer, CLOSE_MS);
          if (!printed && !h.requireProgram().exited) {
            await h.fail([
              `Le respondí, pero tras ${CLOSE_MS / 1000} s tu programa no ha impreso la respuesta ni ha terminado.`,
              '¿Espera la respuesta con recv()/recvfrom() en el mismo socket con el que envió?',
            ]);
          }
          await expectPrintedLine(h, answer);
        },
      },
      {
        name: 'termina con código 0',
        timeoutMs: 5000,
        async run(h: Harness) {
          h.step('espero que tu programa termine');
          await h.expectCleanExit(CLOSE_MS, [
            `Tu programa imprimió la respuesta, pero sigue en marcha ${CLOSE_MS / 1000} s después.`,
            'Tras recibir la respuesta, cierra el socket y termina (sin un bucle que vuelva a esperar).',
          ]);
        },
      },
    ];
  },
};
